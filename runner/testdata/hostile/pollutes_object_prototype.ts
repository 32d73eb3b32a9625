// HOSTILE FIXTURE: adds toJSON to Object.prototype, so every JSON.stringify says pass.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

(Object.prototype as unknown as Record<string, unknown>).toJSON = function () {
  return { event: "pass" };
};
