// HOSTILE FIXTURE: reads a grading helper beside the one file graded code may
// read (runner/grading/worker_jobs.ts, which the pool grader's Workers import).
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

Deno.readTextFileSync("runner/grading/worker_jobs.ts"); // allowed: the pool grader's jobs
console.log(Deno.readTextFileSync("runner/grading/truths/range.ts"));
