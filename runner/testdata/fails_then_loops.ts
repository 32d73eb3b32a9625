// A fixture for runner/grading/grade_test.ts: the first check fails, the second never ends.
export function double(n: number) {
  while (n === -1) {}
  return n * 3;
}
