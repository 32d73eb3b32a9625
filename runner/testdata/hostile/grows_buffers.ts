// HOSTILE FIXTURE: allocates array buffers without end in one loop that never yields (outside the V8 heap).
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const kept: Uint8Array[] = [];
for (;;) kept.push(new Uint8Array(32 << 20).fill(1));
