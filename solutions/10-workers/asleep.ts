/**
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
 * Each `asleep(pool, seconds)` submits `blockingSleep(seconds)` once (in
 * seconds, as given) and waits on that one Future: no other timer, no
 * busy loop. The last check mixes sleepers with tasks that never sleep, on
 * pools with fewer Workers than sleepers too.
 *
 * This exercise uses your pool and your kernel: do `10-workers/pool` and
 * `09-futures/wait_future` first.
 *
 * Run the checks: `deno task grade 10-workers/asleep`
 *
 * @module
 */

import { type Op, wait } from "../09-futures/wait_future.ts";
import type { Pool } from "./pool.ts";

// The grader runs tasks on your kernel: it takes `run` and `spawn` from here.
export { run, spawn } from "../09-futures/wait_future.ts";
export { Pool } from "./pool.ts";

/** The module holding the `blockingSleep(seconds)` job. */
export const JOBS = new URL("../../lessons/10-workers/jobs.ts", import.meta.url);

/** Sleep `seconds` by blocking one of `pool`'s Workers; other tasks run meanwhile. */
export function* asleep(pool: Pool, seconds: number): Op<void> {
  // TODO: submit the blocking sleep to the pool, and wait on its Future.
  // @solution-begin
  yield* wait(pool.submit(JOBS, "blockingSleep", seconds));
  // @solution-end
}
