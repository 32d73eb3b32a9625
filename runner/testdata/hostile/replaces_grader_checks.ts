// HOSTILE FIXTURE: imports its grader and replaces every check with a no-op.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const path = ["..", "..", "..", "exercises", "01-iterators", "range_grader.ts"].join("/");
const grader = (await import(path)).default;
for (const name of Object.keys(grader.checks)) grader.checks[name] = () => {};
