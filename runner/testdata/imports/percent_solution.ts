// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
export * from "../../../solutions/09-futures/%66uture.ts";
