// HOSTILE FIXTURE: reconfigures the exploring layer's seed from inside the run.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const explore = await import(["..", "..", "grading", "explore.ts"].join("/"));
explore.configureExploration({ exercise: "01-iterators/range", file: "x.ts", seed: 1 });
