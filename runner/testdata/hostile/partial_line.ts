// HOSTILE FIXTURE: prints without a newline before every report, which used to blame the wrong check.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

Deno.stdout.writeSync(new TextEncoder().encode("no newline at import"));
