// HOSTILE FIXTURE: imports the reference solution at run time.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

await import(["..", "..", "..", "solutions", "01-iterators", "range.ts"].join("/"));
