// HOSTILE FIXTURE: redefines globalThis.Promise with Object.defineProperty.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

Object.defineProperty(globalThis, "Promise", { value: class {} });
