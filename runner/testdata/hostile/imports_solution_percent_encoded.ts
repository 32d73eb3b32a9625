// HOSTILE FIXTURE: imports the reference with a percent-encoded path.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

await import("../../../solutions/01-iterators/%72ange.ts");
