// HOSTILE FIXTURE: reads .git, whose history holds every solution.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

console.log(Deno.readTextFileSync(".git/HEAD"));
