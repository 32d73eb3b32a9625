// HOSTILE FIXTURE: defines WorkerGlobalScope so Worker-side code runs on the main thread.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

(globalThis as unknown as Record<string, unknown>).WorkerGlobalScope = function () {};
