// HOSTILE FIXTURE: returns a wrong value whose custom inspector prints the right one.
// Graded by runner/grading/hostile_test.ts; it must never grade pass.
export const double = (n: number) => ({
  wrong: true,
  [Symbol.for("Deno.customInspect")]: () => String(n * 2),
});
