// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
const v8 = await import("node:v8");
export class Future { v8 = v8; }
