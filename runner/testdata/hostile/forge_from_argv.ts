// HOSTILE FIXTURE: prints report lines made from every argument and nonce-like string it can find, then exits 0.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const guesses = [...Deno.args, "@@grade-", ...Deno.args.map((a) => `@@grade-${a}`)];
const checks = ["range(0, 3) gives 0, 1, 2"];
for (const nonce of guesses) {
  console.log(`${nonce} {"event":"plan","checks":${JSON.stringify(checks)}}`);
  for (const check of checks) {
    console.log(`${nonce} {"event":"start","check":${JSON.stringify(check)}}`);
    console.log(`${nonce} {"event":"pass","check":${JSON.stringify(check)}}`);
  }
  console.log(`${nonce} {"event":"done"}`);
  console.log(`${nonce} {"event":"end"}`);
}
Deno.exit(0);
