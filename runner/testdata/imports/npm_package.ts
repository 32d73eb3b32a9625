// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
import fc from "npm:fast-check@4.10.2";
export const Future = fc;
