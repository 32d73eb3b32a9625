// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
import fs = require("node:fs");
export class Future { fs = fs; }
