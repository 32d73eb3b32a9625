/**
 * The kernel's own errors. Everything else a task throws travels unchanged:
 * `join()` rethrows the very error object the task threw.
 *
 * @module
 */

/**
 * Raised inside a task, at the trap where it waits, when another task
 * cancels it with {@linkcode cancel}. A task may catch it to clean up (its
 * `finally` blocks may still sleep, join and wait), but should let it
 * propagate: a task that swallows `Cancelled` keeps running.
 *
 * @example Cancelling a sleeper
 * ```ts
 * import assert from "node:assert/strict";
 * import { Cancelled, cancel, run, sleep, spawn } from "./mod.ts";
 *
 * const seen = await run(function* main() {
 *   let caught: unknown;
 *   const sleeper = yield* spawn(function* sleeper() {
 *     try {
 *       yield* sleep(60);
 *     } catch (error) {
 *       caught = error;
 *       throw error;
 *     }
 *   });
 *   yield* sleep(1);
 *   yield* cancel(sleeper);
 *   return caught;
 * }, { clock: "virtual" });
 * assert.ok(seen instanceof Cancelled);
 * ```
 */
export class Cancelled extends Error {
  /** Create the error; `message` says which task was cancelled and by whom. */
  constructor(message: string) {
    super(message);
    this.name = "Cancelled";
  }
}

/**
 * Raised inside a task by {@linkcode timeoutAfter} when its deadline passes
 * before the body finishes. Like {@linkcode Cancelled}, it arrives at the
 * trap where the task waits.
 *
 * @example Catching a timeout
 * ```ts
 * import assert from "node:assert/strict";
 * import { run, sleep, TimeoutError, timeoutAfter } from "./mod.ts";
 *
 * const error = await run(function* main() {
 *   try {
 *     yield* timeoutAfter(1, function* slow() {
 *       yield* sleep(5);
 *     });
 *   } catch (error) {
 *     return error;
 *   }
 * }, { clock: "virtual" });
 * assert.ok(error instanceof TimeoutError);
 * assert.equal(error.seconds, 1);
 * ```
 */
export class TimeoutError extends Error {
  /** The time limit that passed, in seconds. */
  readonly seconds: number;
  /** Create the error for a time limit of `seconds`. */
  constructor(seconds: number) {
    super(`Timed out after ${seconds} s`);
    this.name = "TimeoutError";
    this.seconds = seconds;
  }
}

/**
 * Rejects {@linkcode run} when tasks remain but nothing can ever wake any of
 * them: no task is ready, no timer is set, no I/O is registered and nobody
 * waits on a Future or Promise. Every remaining task waits for another task
 * (join or cancel) in a cycle.
 *
 * @example Two tasks joining each other
 * ```ts
 * import assert from "node:assert/strict";
 * import { current, DeadlockError, join, run, spawn } from "./mod.ts";
 *
 * await assert.rejects(
 *   run(function* main() {
 *     const me = yield* current();
 *     const child = yield* spawn(function* child() {
 *       yield* join(me); // main waits for child, child waits for main
 *     });
 *     yield* join(child);
 *   }),
 *   DeadlockError,
 * );
 * ```
 */
export class DeadlockError extends Error {
  /** Create the error; `message` says how many tasks are stuck. */
  constructor(message: string) {
    super(message);
    this.name = "DeadlockError";
  }
}
