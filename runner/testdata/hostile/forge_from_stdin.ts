// HOSTILE FIXTURE: reads stdin, where the nonce came from, and prints what it finds as passing reports.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const buffer = new Uint8Array(4096);
const n = Deno.stdin.readSync(buffer);
const nonce = n === null ? "" : new TextDecoder().decode(buffer.subarray(0, n)).trim();
console.log(`${nonce} {"event":"pass","check":"range(0, 3) gives 0, 1, 2"}`);
console.log(`read ${n === null ? "nothing" : n + " bytes"} from stdin`);
