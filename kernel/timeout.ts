/**
 * Timeouts: `timeoutAfter(seconds, body)` bounds how long `body` may take.
 *
 * It is a cancel scope with a deadline (`cancel_scope.ts`). When the
 * deadline passes, the scope is cancelled: the body's blocking traps raise
 * {@linkcode Cancelled} from then on, every one of them until the body has
 * ended (so a `catch` in the body cannot make it run on past its deadline),
 * and the body's `finally` blocks run. At the end, the scope catches its own
 * `Cancelled` and `timeoutAfter` throws a {@linkcode TimeoutError} instead.
 *
 * Nested timeouts follow curio's rules (`time.py`): the outermost expired
 * one is the one that times out. An inner `timeoutAfter` whose own deadline
 * passed, inside an outer one whose deadline passed too, lets the outer
 * one's cancellation through, and only the outer `timeoutAfter` throws.
 *
 * @module
 */

import { CancelScope } from "./cancel_scope.ts";
import { type Cancelled, TimeoutError } from "./errors.ts";
import type { KernelOp } from "./types.ts";

/**
 * Run `body` in the calling task, but cancel it if it is still running after
 * `seconds`, and then throw {@linkcode TimeoutError}. The body's `finally`
 * blocks run first (to wait in them, give them a shielded `cancelScope`).
 * As in trio's `fail_after`, the error is thrown when the deadline's
 * `Cancelled` ended the body: a body that catches every one and returns
 * anyway returns its value.
 *
 * @throws {RangeError} When `seconds` is negative or not a number.
 * @throws {TimeoutError} When the deadline passed before the body ended.
 *
 * @example A slow fetch, bounded
 * ```ts
 * import assert from "node:assert/strict";
 * import { now, run, sleep, TimeoutError, timeoutAfter } from "./mod.ts";
 *
 * const result = await run(function* main() {
 *   const fast = yield* timeoutAfter(5, function* () {
 *     yield* sleep(1);
 *     return "fast";
 *   });
 *   try {
 *     yield* timeoutAfter(2, function* () {
 *       yield* sleep(10);
 *     });
 *   } catch (error) {
 *     assert.ok(error instanceof TimeoutError);
 *   }
 *   return [fast, yield* now()];
 * }, { clock: "virtual" });
 * assert.deepEqual(result, ["fast", 3]);
 * ```
 *
 * @example A catch in the body does not stop the timeout
 * ```ts
 * import assert from "node:assert/strict";
 * import { Cancelled, now, run, sleep, TimeoutError, timeoutAfter } from "./mod.ts";
 *
 * const log: string[] = [];
 * await assert.rejects(run(function* main() {
 *   yield* timeoutAfter(1, function* () {
 *     try {
 *       yield* sleep(10);
 *     } catch (error) {
 *       log.push(`swallowed ${(error as Cancelled).name} at ${yield* now()}`);
 *     }
 *     yield* sleep(10); // still in the timed-out scope: raises again, at once
 *     log.push("not reached");
 *   });
 * }, { clock: "virtual" }), TimeoutError);
 * assert.deepEqual(log, ["swallowed Cancelled at 1"]);
 * ```
 */
export function* timeoutAfter<T>(seconds: number, body: () => KernelOp<T>): KernelOp<T> {
  if (!(seconds >= 0) || !Number.isFinite(seconds)) {
    throw new RangeError(
      `Cannot set a timeout of ${seconds} s: use a finite number of seconds >= 0`,
    );
  }
  const scope = new CancelScope({ timeout: seconds, name: `timeoutAfter(${seconds})` });
  yield { kind: "enterScope", scope };
  let value: T;
  try {
    value = yield* body();
  } catch (error) {
    yield { kind: "exitScope", scope, failed: true, error }; // throws what goes on
    // The scope caught its own Cancelled: the deadline cut the body short.
    throw new TimeoutError(seconds, { cause: scope.error as Cancelled });
  }
  yield { kind: "exitScope", scope, failed: false, error: undefined };
  return value;
}
