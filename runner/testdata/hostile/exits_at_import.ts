// HOSTILE FIXTURE: calls Deno.exit(0) while being imported.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

Deno.exit(0);
