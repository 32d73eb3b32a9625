/**
 * `asleep(pool, seconds)`: a sleep done by blocking a Worker, the demo from Beazley's talk.
 *
 * In the talk's Q&A, `time.sleep(n)` inside a coroutine freezes the whole
 * event loop: five "concurrent" sleeps of one second take five seconds. The
 * fix is to block some other thread instead and wait for its result. Here
 * the blocking call is `Atomics.wait` (the one way to block a JavaScript
 * thread without burning CPU), run in a pool Worker, and the task waits on
 * the job's Future. Why not on the main thread: browsers refuse
 * `Atomics.wait` there, and Deno allows it but then the whole event loop,
 * kernel included, freezes for the duration, which is the bug being fixed. Five concurrent
 * `asleep(pool, 1)` on a pool of five Workers finish in about one second.
 *
 * The kernel's own `sleep` is cheaper (a timer, no thread); `asleep` is
 * here to show how any blocking call is made safe, and that a Future
 * completed by another thread wakes the kernel.
 *
 * @module
 */

import type { KernelOp } from "./types.ts";
import { wait } from "./operations.ts";
import type { WorkerPool } from "./worker_pool.ts";

const SELF = new URL(import.meta.url);

/**
 * The job `asleep` runs in a Worker: block this thread for `seconds`, or
 * until `flag[0]` is set and notified (a cancelled `asleep`). Returns
 * whether it was woken early. Meant for a Worker: on Deno's main thread it
 * works but freezes the event loop, and browsers refuse it there.
 *
 * @example In a Worker thread
 * ```ts ignore
 * const flag = new Int32Array(new SharedArrayBuffer(4));
 * blockingSleep(0.01, flag); // false: it slept the whole time
 * ```
 */
export function blockingSleep(seconds: number, flag: Int32Array): boolean {
  return Atomics.wait(flag, 0, 0, seconds * 1000) !== "timed-out";
}

/**
 * Sleep `seconds` by blocking one of `pool`'s Workers, while other tasks
 * run. Cancelling the task wakes the Worker at once (through `flag`), so
 * the Worker is free for the next job.
 *
 * @throws {RangeError} When `seconds` is negative or not finite.
 *
 * @example Five sleeps at once take one sleep's time
 * ```ts
 * import assert from "node:assert/strict";
 * import { asleep, join, run, spawn, WorkerPool } from "./mod.ts";
 *
 * await using pool = new WorkerPool({ size: 5 });
 * const order = await run(function* main() {
 *   const order: number[] = [];
 *   const tasks = [];
 *   for (let i = 0; i < 5; i++) {
 *     tasks.push(yield* spawn(function* sleeper() {
 *       yield* asleep(pool, 0.05);
 *       order.push(i);
 *     }));
 *   }
 *   for (const task of tasks) yield* join(task);
 *   return order.length;
 * });
 * assert.equal(order, 5);
 * ```
 */
export function* asleep(pool: WorkerPool, seconds: number): KernelOp<void> {
  if (!(seconds >= 0) || !Number.isFinite(seconds)) {
    throw new RangeError(`Cannot asleep for ${seconds} s: use a finite number of seconds >= 0`);
  }
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const done = pool.submit<boolean>(SELF, "blockingSleep", seconds, flag);
  try {
    yield* wait(done);
  } finally {
    // Why: cancelled while the Worker still blocks; wake it so it is free.
    if (!done.done) {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    }
  }
}
