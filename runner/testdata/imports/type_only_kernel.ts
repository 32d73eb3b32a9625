// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
import type { Future as Kernel } from "../../../kernel/future.ts";
export class Future { kernel?: Kernel; }
