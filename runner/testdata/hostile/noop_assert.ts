// HOSTILE FIXTURE: turns node:assert's methods into no-ops.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export * from "./range_stub.ts";

const strict = (await import(["node", "assert/strict"].join(":"))).default;
for (const name of ["equal", "deepEqual", "strictEqual", "deepStrictEqual", "ok", "throws"]) {
  (strict as unknown as Record<string, unknown>)[name] = () => {};
}
