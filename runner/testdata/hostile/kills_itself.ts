// HOSTILE FIXTURE: kills its own process with SIGKILL.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

Deno.kill(Deno.pid, "SIGKILL");
