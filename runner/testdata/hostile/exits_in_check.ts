// HOSTILE FIXTURE: calls Deno.exit(3) inside a check.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

export function range(): never {
  Deno.exit(3);
}
