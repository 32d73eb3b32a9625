// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
const { Future } = await import("../../../kernel/" + "future.ts");
export { Future };
