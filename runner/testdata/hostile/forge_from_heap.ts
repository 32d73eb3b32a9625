// HOSTILE FIXTURE: takes a V8 heap snapshot and looks for the nonce among its strings.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const v8 = await import("node:v8");
let snapshot = "";
for await (const chunk of v8.getHeapSnapshot()) snapshot += String(chunk);
const found = snapshot.match(/@@grade-[0-9a-f]{48}/g) ?? [];
for (const nonce of found) console.log(`${nonce} {"event":"done"}`);
console.log(`found ${found.length} nonce-like strings in the heap`);
