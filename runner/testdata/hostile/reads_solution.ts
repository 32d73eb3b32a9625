// HOSTILE FIXTURE: reads the reference solution's source.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

console.log(Deno.readTextFileSync("solutions/01-iterators/range.ts"));
