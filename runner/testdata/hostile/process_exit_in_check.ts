// HOSTILE FIXTURE: calls process.exit(0) from node:process inside a check.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

export function range(): never {
  (globalThis as unknown as { process: { exit(code: number): never } }).process.exit(0);
}
