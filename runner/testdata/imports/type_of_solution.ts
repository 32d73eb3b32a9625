// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
type Reference = typeof import("../../../solutions/09-futures/future.ts");
export class Future { reference?: Reference; }
