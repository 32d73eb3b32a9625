// HOSTILE FIXTURE: starts a Worker from a blob: URL.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const url = URL.createObjectURL(new Blob(["console.log('worker ran')"], { type: "text/javascript" }));
new Worker(url, { type: "module" });
