// HOSTILE FIXTURE: throws an object whose message getter throws.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

export function range(): never {
  throw {
    get message(): string {
      throw new Error("gotcha");
    },
    get name(): string {
      throw new Error("gotcha");
    },
  };
}
