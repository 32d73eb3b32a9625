// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
export * from "../../../kernel/future.ts";
