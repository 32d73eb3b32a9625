// HOSTILE FIXTURE: passes, leaves an interval running, and tells Deno the unload event already ran before exiting.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "../ok.ts";

setInterval(() => {}, 1000);
setTimeout(() => {
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for("Deno.isUnloadDispatched")] = true;
  Deno.exit(0);
}, 50);
