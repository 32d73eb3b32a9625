// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
/** A Future of my own. */
export class Future {}
