// HOSTILE FIXTURE: starts Workers without end.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const workers: Worker[] = [];
for (;;) workers.push(new Worker(import.meta.url, { type: "module" }));
