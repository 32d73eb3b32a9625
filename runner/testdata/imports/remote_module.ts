// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
import "https://esm.sh/left-pad";
export class Future {}
