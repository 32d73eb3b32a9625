// HOSTILE FIXTURE: imports an npm package that is not cached.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

await import(["npm", "left-pad@1.3.0"].join(":"));
