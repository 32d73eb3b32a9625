// HOSTILE FIXTURE: grows the heap without end.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const kept: unknown[] = [];
for (let i = 0; ; i++) kept.push(new Array(1 << 22).fill(i));
