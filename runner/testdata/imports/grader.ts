// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
import grader from "../../../exercises/09-futures/future_grader.ts";
export class Future { grader = grader; }
