/**
 * The kernel's own errors. Everything else a task throws travels unchanged:
 * `join()` rethrows the very error object the task threw.
 *
 * @module
 */

/**
 * Raised inside a task, at the trap where it waits, when another task
 * cancels it with {@linkcode cancel} (once), or while a cancel scope around
 * it is cancelled (at every blocking trap, until the scope ends: a deadline
 * of `timeoutAfter`, a failure in its `taskGroup`, `scope.cancel()`). A task
 * may catch it to clean up (after a `cancel()` its `finally` blocks may
 * still sleep, join and wait; inside a cancelled scope they need a shielded
 * scope to wait), but should let it propagate: the scope that caused it
 * catches it at its end.
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
 * Thrown by {@linkcode timeoutAfter} to its caller when the deadline passed
 * before the body finished. Inside the body the deadline cancels its scope:
 * the body's blocking traps raise {@linkcode Cancelled} (so its cleanup
 * runs), and `timeoutAfter` turns that into this error on the way out.
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
  /** Create the error for a time limit of `seconds`; `cause` is the `Cancelled` the body met. */
  constructor(seconds: number, options?: ErrorOptions) {
    super(`Timed out after ${seconds} s`, options);
    this.name = "TimeoutError";
    this.seconds = seconds;
  }
}

/**
 * Where one task stood when the kernel found a deadlock: what it was
 * blocked in, and on which tasks.
 *
 * @example
 * ```ts
 * import type { StuckTask } from "./errors.ts";
 * const stuck: StuckTask = { id: 1, name: "main", trap: "join", waitingFor: [2] };
 * console.assert(stuck.waitingFor[0] === 2);
 * ```
 */
export interface StuckTask {
  /** The task's id. */
  readonly id: number;
  /** The task's name. */
  readonly name: string;
  /** The trap it was blocked in: `join`, `cancel` or `closeGroup`. */
  readonly trap: string;
  /** The ids of the tasks it waited for. */
  readonly waitingFor: readonly number[];
}

/**
 * Rejects {@linkcode run} when tasks remain but nothing can ever wake any of
 * them: no task is ready, no timer is set, no I/O is registered and nobody
 * waits on a Future or Promise. Every remaining task waits for another task
 * (join, cancel, a task group) in a cycle. The message and
 * {@linkcode DeadlockError.tasks} say where each one was stuck; before
 * rejecting, the kernel closes their generators, so their `finally` blocks
 * run (a `finally` that tries to wait again gets this error thrown in).
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
 *   (error) => {
 *     assert.ok(error instanceof DeadlockError);
 *     assert.deepEqual(error.tasks.map((t) => [t.id, t.trap, t.waitingFor]), [
 *       [1, "join", [2]],
 *       [2, "join", [1]],
 *     ]);
 *     return true;
 *   },
 * );
 * ```
 */
export class DeadlockError extends Error {
  /** Where each stuck task was, by id. */
  readonly tasks: readonly StuckTask[];
  /** Create the error; `message` says which tasks are stuck, and where. */
  constructor(message: string, tasks: readonly StuckTask[] = []) {
    super(message);
    this.name = "DeadlockError";
    this.tasks = tasks;
  }
}

/**
 * The resource was closed: raised in a task that waits on a socket (in
 * `readWait` or `writeWait`) when another task closes it, and by a
 * network's calls on a socket that is already closed. Trio's
 * `ClosedResourceError`: the kernel unregisters the resource before it is
 * freed, so a descriptor number the operating system hands out again is
 * never mistaken for the old one.
 *
 * @example A closed in-memory connection
 * ```ts
 * import assert from "node:assert/strict";
 * import { ClosedResourceError, MemoryNetwork } from "./mod.ts";
 *
 * const [a, b] = new MemoryNetwork().pair();
 * a.close();
 * assert.throws(() => a.recv(10), ClosedResourceError);
 * b.close();
 * ```
 */
export class ClosedResourceError extends Error {
  /** Create the error; `message` says what was tried on what. */
  constructor(message: string) {
    super(message);
    this.name = "ClosedResourceError";
  }
}
