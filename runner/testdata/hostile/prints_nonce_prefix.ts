// HOSTILE FIXTURE: prints a line that looks like the start of a report, which used to crash the runner.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

console.log("@@grade-" + "0".repeat(48) + " {");
console.log("@@grade-" + " {\"event\":");
