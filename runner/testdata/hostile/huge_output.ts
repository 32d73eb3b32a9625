// HOSTILE FIXTURE: prints 50 MB on one line, which used to look like a timeout.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const chunk = new TextEncoder().encode("x".repeat(1 << 20));
for (let i = 0; i < 50; i++) Deno.stdout.writeSync(chunk);
