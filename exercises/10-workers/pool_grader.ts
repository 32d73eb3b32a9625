/**
 * Grader for 10-workers/pool. Run it: `deno task grade 10-workers/pool`.
 *
 * Jobs come from `lessons/10-workers/jobs.ts`. Nothing is timed: "at most
 * `size` at once" is counted by the jobs themselves in shared memory, and
 * every check closes its pool, after which the grading process must exit
 * by itself (a Worker left running keeps it alive, and is reported).
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import type * as Exercise from "./pool.ts";

const JOBS = new URL("../../lessons/10-workers/jobs.ts", import.meta.url);

type Pool = InstanceType<typeof Exercise.Pool>;

async function withPool(
  Pool: typeof Exercise.Pool,
  size: number,
  body: (pool: Pool) => Promise<void>,
): Promise<void> {
  const pool = new Pool(size);
  try {
    await body(pool);
  } finally {
    pool.close();
  }
}

async function outcome(future: PromiseLike<unknown>): Promise<string> {
  try {
    return `value ${JSON.stringify(await future)}`;
  } catch (error) {
    return `error ${error instanceof Error ? error.message : String(error)}`;
  }
}

export default defineGrader<typeof Exercise>({
  "submit() returns a pending Future at once, fulfilled with the job's value": ({ Pool }) =>
    withPool(Pool, 1, async (pool) => {
      const future = pool.submit<number>(JOBS, "add", 2, 3);
      assert.equal(future.state, "pending", "the Future's state right after submit()");
      assert.equal(await future, 5, `submit(jobs, "add", 2, 3)`);
      assert.equal(pool.workers, 1, "pool.workers after one job on a pool of 1");
    }),
  "at most `size` jobs run at once on at most `size` Workers": ({ Pool }) =>
    withPool(Pool, 2, async (pool) => {
      const counters = new Int32Array(new SharedArrayBuffer(12));
      const futures = [0, 1, 2, 3, 4].map(() => pool.submit(JOBS, "tracked", counters, 0.2));
      await Promise.all(futures);
      const most = Atomics.load(counters, 1);
      if (most > 2 || pool.workers > 2) {
        throw new Mistake(
          `${most} jobs ran at once, on ${pool.workers} Workers, on a Pool(2): start at most size Workers and queue the other jobs`,
        );
      }
      assert.equal(most, 2, "the most jobs running at once, 5 jobs on a Pool(2)");
    }),
  "queued jobs start in the order they were submitted": ({ Pool }) =>
    withPool(Pool, 1, async (pool) => {
      const counters = new Int32Array(new SharedArrayBuffer(12));
      const futures = [0, 1, 2, 3].map(() => pool.submit<number>(JOBS, "tracked", counters, 0));
      assert.deepEqual(
        await Promise.all(futures),
        [0, 1, 2, 3],
        "start tickets of 4 jobs on a Pool(1)",
      );
    }),
  "a job that throws rejects its Future with its message; the Worker takes the next job": (
    { Pool },
  ) =>
    withPool(Pool, 1, async (pool) => {
      const failed = pool.submit(JOBS, "fail", "boom");
      const next = pool.submit(JOBS, "add", 1, 1);
      const got = await outcome(failed);
      assert.match(got, /^error .*boom/, `outcome of the job that throws Error("boom")`);
      assert.equal(await outcome(next), "value 2", "outcome of the job after it");
      assert.equal(pool.workers, 1, "pool.workers: a job that throws does not kill its Worker");
    }),
  "a Worker that dies rejects its job's Future, and a new Worker runs the queue": ({ Pool }) =>
    withPool(Pool, 1, async (pool) => {
      const doomed = pool.submit(JOBS, "crash", "worker down");
      const next = pool.submit(JOBS, "add", 20, 22);
      const after = await outcome(next);
      if (!doomed.done) {
        throw new Mistake(
          "the job whose Worker died was lost: the next job finished, but its Future is still pending. " +
            "In the Worker's error handler, reject the Future of the job it was running",
        );
      }
      assert.match(await outcome(doomed), /^error /, "outcome of the job whose Worker died");
      assert.equal(after, "value 42", "outcome of the job queued behind it");
      assert.equal(pool.workers, 1, "pool.workers after one Worker died and was replaced");
    }),
  "close() terminates every Worker and rejects the jobs not done": ({ Pool }) =>
    withPool(Pool, 2, async (pool) => {
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const stuck = pool.submit(JOBS, "blockForever", flag);
      const idle = pool.submit(JOBS, "add", 1, 2);
      assert.equal(await idle, 3, "a quick job on the second Worker");
      const a = pool.submit(JOBS, "blockForever", flag);
      const queued = pool.submit(JOBS, "add", 3, 4);
      pool.close();
      // Why: should close() fail to terminate a Worker, let its job end, so
      // the Worker left behind shows up as a leak, not as a hang.
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      assert.equal(pool.workers, 0, "pool.workers after close()");
      for (
        const [name, future] of [["the running job", stuck], ["the second running job", a], [
          "the queued job",
          queued,
        ]] as const
      ) {
        assert.match(await outcome(future), /^error /, `outcome of ${name} after close()`);
      }
    }),
});
