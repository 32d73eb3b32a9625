/**
 * Timeouts: `timeoutAfter(seconds, body)` bounds how long `body` may take.
 *
 * A deadline is a timer that, instead of waking a task, raises a
 * {@linkcode TimeoutError} in it (at the trap where it waits, exactly like a
 * cancellation). The scope clears its deadline on the way out, whether the
 * body returned, threw or timed out, so nested timeouts work.
 *
 * @module
 */

import type { TimeoutError } from "./errors.ts";
import type { Task } from "./task.ts";
import type { KernelOp } from "./types.ts";

/**
 * A timeout armed by `setDeadline` for one task: the timer entry the kernel
 * keeps in its heap. User code only sees it inside {@linkcode timeoutAfter}.
 *
 * @example The handle behind a timeout
 * ```ts
 * import assert from "node:assert/strict";
 * import { run } from "./mod.ts";
 * import { Deadline } from "./timeout.ts";
 *
 * await run(function* main() {
 *   const deadline = yield { kind: "setDeadline", seconds: 5 };
 *   assert.ok(deadline instanceof Deadline);
 *   yield { kind: "clearDeadline", deadline };
 * });
 * ```
 */
export class Deadline {
  /** The task that gets the {@linkcode TimeoutError}. */
  readonly task: Task;
  /** The time limit, in seconds. */
  readonly seconds: number;
  /** The error raised when it fired, `null` before. */
  error: TimeoutError | null = null;
  /** @ignore Timer heap: position, `-1` when cleared or fired. */
  index = -1;

  /** Created by the `setDeadline` trap. */
  constructor(task: Task, seconds: number) {
    this.task = task;
    this.seconds = seconds;
  }
}

/**
 * Run `body` in the calling task, but raise {@linkcode TimeoutError} in it if
 * it is still running after `seconds`. The body's `finally` blocks run (and
 * may still wait) before the error reaches the caller.
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
 */
export function* timeoutAfter<T>(seconds: number, body: () => KernelOp<T>): KernelOp<T> {
  const deadline = (yield { kind: "setDeadline", seconds }) as Deadline;
  try {
    return yield* body();
  } finally {
    yield { kind: "clearDeadline", deadline };
  }
}
