// HOSTILE FIXTURE: closes stdout so no report can be written.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

Deno.stdout.close();
