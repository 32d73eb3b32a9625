// HOSTILE FIXTURE: passes, leaves an interval running, and exits 0 from a timer to hide it.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "../ok.ts";

setInterval(() => {}, 1000);
setTimeout(() => Deno.exit(0), 50);
