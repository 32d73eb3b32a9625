// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
// deno-lint-ignore-file
// deno-lint-ignore groundup
import { Future } from "../../../kernel/future.ts";
export { Future };
