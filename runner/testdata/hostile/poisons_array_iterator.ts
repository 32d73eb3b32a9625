// HOSTILE FIXTURE: empties Array.prototype[Symbol.iterator], which stops the grader's check loop.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

Array.prototype[Symbol.iterator] = function* () {} as unknown as typeof Array.prototype[typeof Symbol.iterator];
