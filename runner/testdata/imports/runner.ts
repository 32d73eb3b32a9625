// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
import { fc } from "../../grading/explore.ts";
export class Future { fc = fc; }
