// IMPORT FIXTURE for runner/grading/imports_test.ts, graded as 09-futures/future.
import { Future } from "../../../kernel/future.ts";
export { Future };
