// HOSTILE FIXTURE: calls globalThis.close() at import.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

globalThis.close();
