// HOSTILE FIXTURE: passes, leaves an interval running, fakes the unload events and exits 0 through process.reallyExit.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "../ok.ts";

setInterval(() => {}, 1000);
setTimeout(() => {
  dispatchEvent(new Event("beforeunload"));
  dispatchEvent(new Event("unload"));
  (globalThis as unknown as { process: { reallyExit(code: number): never } }).process.reallyExit(0);
}, 50);
