// HOSTILE FIXTURE: passes, and sets a failing exit code.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "../ok.ts";

Deno.exitCode = 7;
