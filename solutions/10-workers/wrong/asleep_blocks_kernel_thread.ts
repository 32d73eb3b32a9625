/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: asleep blocks the kernel's own thread with Atomics.wait (the talk's blocking time.sleep()), then waits on a Future for show.
 * Check: five asleep(0.2) at once: each hands blockingSleep to the pool, all asleep before one wakes
 * Grader says: asleep blocked the kernel's thread
 *
 * Exercise 10-workers/asleep: Beazley's `asleep` (a sleep done by a blocked thread), on your own kernel.
 *
 * A blocking call inside a task blocks the whole kernel: five tasks that
 * each block for a second take five seconds. The cure is to block some
 * other thread and wait for its answer. `asleep(pool, seconds)` hands
 * `blockingSleep(seconds)` (in `lessons/10-workers/jobs.ts`, an
 * `Atomics.wait` that blocks its Worker) to your pool from `./pool.ts`, and
 * waits on the job's Future with your kernel's `wait` from
 * `09-futures/wait_future`: the task blocks, the kernel runs the others,
 * and the Worker's answer wakes the loop.
 *
 * This exercise uses your pool and your kernel: do `10-workers/pool` and
 * `09-futures/wait_future` first.
 *
 * Run the checks: `deno task grade 10-workers/asleep`
 *
 * @module
 */

import { type Op, wait } from "../../09-futures/wait_future.ts";
import type { Pool } from "../pool.ts";

// The grader runs tasks on your kernel: it takes `run` and `spawn` from here.
export { run, spawn } from "../../09-futures/wait_future.ts";
export { Pool } from "../pool.ts";

/** The module holding the `blockingSleep(seconds)` job. */
export const JOBS = new URL("../../../lessons/10-workers/jobs.ts", import.meta.url);

/** Sleep `seconds` by blocking one of `pool`'s Workers; other tasks run meanwhile. */
export function* asleep(pool: Pool, seconds: number): Op<void> {
  // TODO: submit the blocking sleep to the pool, and wait on its Future.
  // Atomics.wait works on Deno's main thread too, so why bother with a Worker?
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
  yield* wait(pool.submit(JOBS, "add", 0, 0)); // still "waits on a Future"
}
