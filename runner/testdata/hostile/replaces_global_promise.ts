// HOSTILE FIXTURE: replaces globalThis.Promise.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

(globalThis as unknown as Record<string, unknown>).Promise = class {};
