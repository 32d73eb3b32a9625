// HOSTILE FIXTURE: starts a Worker from a data: URL.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

new Worker("data:application/javascript,console.log('worker ran')", { type: "module" });
