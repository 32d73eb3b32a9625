// HOSTILE FIXTURE: compiles code at run time with eval.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const run = globalThis["ev" + "al" as "eval"];
run("console.log('eval ran')");
