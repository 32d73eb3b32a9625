// HOSTILE FIXTURE: replaces Deno.inspect, which the graders' logs use.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

(Deno as unknown as Record<string, unknown>).inspect = () => "same";
