/**
 * Grader for 10-workers/pool. Run it: `deno task grade 10-workers/pool`.
 *
 * Jobs come from `lessons/10-workers/jobs.ts` (and two of the grader's own,
 * `runner/grading/worker_jobs.ts`: a heartbeat that shows a Worker still
 * alive, a counter that shows whether a job ran on the same Worker). Nothing
 * is timed: "at most `size` at once" is counted by the jobs themselves in
 * shared memory, and every check closes its pool, after which the grading
 * process must exit by itself (a Worker left running keeps it alive, and is
 * reported). The wall clock only bounds waits a working pool never makes:
 * a Future still pending past the run's patience fails its check instead of
 * hanging it. The patience (`runner/grading/pool_rounds.ts`) is 10 times the
 * slowest wait that ended in this run, and at least 5 s: a working pool's
 * jobs end in milliseconds, but a Worker can take seconds to start on a
 * loaded machine (a fixed 2 s failed the reference once at a load of 12 on
 * two cores), and the bound must never fail working code.
 * The last check generates job sets (values, errors, Workers that die) on
 * pools of 1 or 2 and checks each rule on them.
 *
 * @module
 */

import assert from "node:assert/strict";
import { explore } from "../../runner/grading/explore.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import {
  describeJob,
  poolCaseArbitrary,
  type PoolClass,
  runPoolCase,
  settled,
  until,
} from "../../runner/grading/pool_rounds.ts";
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

/**
 * How `future` settled, in words; "still pending" when it has not within
 * the run's patience (`pool_rounds.ts`): a bound that a working pool never
 * reaches, scaled to how slow the waits that ended were on this machine.
 */
const outcome = settled;

const HEART = new URL("../../runner/grading/worker_jobs.ts", import.meta.url);

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
      const before = pool.submit(HEART, "count");
      const failed = pool.submit(JOBS, "fail", "boom");
      const next = pool.submit(JOBS, "add", 1, 1);
      const after = pool.submit(HEART, "count");
      assert.equal(await outcome(before), "value 1", "count() on a fresh Worker");
      const got = await outcome(failed);
      assert.match(got, /^error .*boom/, `outcome of the job that throws Error("boom")`);
      assert.equal(await outcome(next), "value 2", "outcome of the job after it");
      assert.equal(pool.workers, 1, "pool.workers: a job that throws does not kill its Worker");
      if (await outcome(after) !== "value 2") {
        throw new Mistake(
          "a job that throws was followed by a fresh Worker (its count() started again from 1): the job failed, not the Worker. Reject the job's Future and let the same Worker take the next job",
        );
      }
    }),
  "a Worker that dies rejects its job's Future, and a new Worker runs the queue": ({ Pool }) =>
    withPool(Pool, 1, async (pool) => {
      const ids = new Int32Array(new SharedArrayBuffer(4));
      const doomed = pool.submit(JOBS, "crash", "worker down");
      const next = pool.submit(JOBS, "add", 20, 22);
      const later = [pool.submit(HEART, "whoami", ids), pool.submit(HEART, "whoami", ids)];
      const after = await outcome(next);
      if (!doomed.done) {
        throw new Mistake(
          "the job whose Worker died was lost: the next job finished, but its Future is still pending. " +
            "In the Worker's error handler, reject the Future of the job it was running",
        );
      }
      assert.match(await outcome(doomed), /^error /, "outcome of the job whose Worker died");
      assert.equal(after, "value 42", "outcome of the job queued behind it");
      const order = await Promise.all(later.map((f) => outcome(f)));
      if (order.join() !== 'value {"worker":1,"job":1},value {"worker":1,"job":2}') {
        throw new Mistake(
          `two whoami() jobs queued behind the job whose Worker died ran as ${
            order.join(" and ")
          }: the new Worker takes the waiting jobs in the order they were submitted, oldest first (take the next job from the front of the queue)`,
        );
      }
      assert.equal(pool.workers, 1, "pool.workers after one Worker died and was replaced");
      // A Worker may die with no job too (a job's timer throws after it answered).
      assert.equal(await outcome(pool.submit(HEART, "dieIdle", "died idle")), "value true");
      await until(() => pool.workers === 0);
      assert.equal(pool.workers, 0, "pool.workers once the idle Worker of a Pool(1) has died");
      const fresh = await outcome(pool.submit(JOBS, "add", 1, 2));
      if (fresh !== "value 3") {
        throw new Mistake(
          `after the pool's only Worker died while idle, add(1, 2) ended with ${fresh}: a Worker that dies idle is forgotten too (take it out of the idle Workers), so the next job starts a new Worker instead of going to a dead one`,
        );
      }
    }),
  "close() terminates every Worker and rejects the jobs not done": ({ Pool }) =>
    withPool(Pool, 2, async (pool) => {
      const flag = new Int32Array(new SharedArrayBuffer(4));
      const stuck = pool.submit(JOBS, "blockForever", flag);
      const idle = pool.submit(JOBS, "add", 1, 2);
      assert.equal(await idle, 3, "a quick job on the second Worker");
      const a = pool.submit(JOBS, "blockForever", flag);
      const queued = pool.submit(JOBS, "add", 3, 4);
      let again: string | undefined;
      stuck.addDoneCallback(() => {
        try {
          pool.close();
        } catch (error) {
          again =
            `close() called again, from a done callback while the first close() was rejecting the jobs, threw ${error}`;
          return;
        }
        try {
          pool.submit(JOBS, "add", 1, 1);
          again = "submit() called from a done callback after close() returned a Future";
        } catch { /* what the rules ask */ }
      });
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
      for (const [name, future] of [["a running job", stuck], ["a queued job", queued]] as const) {
        const got = await outcome(future);
        if (!/closed/i.test(got)) {
          throw new Mistake(
            `${name} ended with ${got} after close(): close() rejects every job not yet done with an Error that says the pool was closed, so whoever waits on it knows why`,
          );
        }
      }
      if (again !== undefined) {
        throw new Mistake(
          `${again}: a closed pool runs nothing. A second close() does nothing, and submit() throws`,
        );
      }
      let after = "threw";
      try {
        pool.submit(JOBS, "add", 1, 1);
        after = "returned a Future";
      } catch { /* what the rules ask */ }
      if (after !== "threw" || pool.workers !== 0) {
        throw new Mistake(
          `submit() after close() ${after}, and pool.workers is then ${pool.workers}: a closed pool runs nothing, so submit() throws (and starts no Worker)`,
        );
      }
    }),
  "a job goes to an idle Worker: from a done callback, to the one that just finished; after another dies, to the one still idle":
    ({ Pool }) =>
      withPool(Pool, 2, async (pool) => {
        const first = pool.submit<number>(JOBS, "add", 1, 1);
        let second: PromiseLike<unknown> | undefined;
        let workers = -1;
        const alive = pool.workers;
        first.addDoneCallback(() => {
          second = pool.submit(JOBS, "add", 2, 2);
          workers = pool.workers;
        });
        assert.equal(await outcome(first), "value 2", "outcome of the first job");
        if (workers > alive) {
          throw new Mistake(
            `a job submitted from the first job's done callback started a new Worker (${alive} alive before, ${workers} after), though the one that had just finished was free: free the Worker (mark it idle, or give it the next queued job) before you settle its job's Future, since the Future's callbacks run inside setResult`,
          );
        }
        assert.equal(
          await outcome(second!),
          "value 4",
          "outcome of the job submitted from the callback",
        );
        // Now with a second Worker idle beside it: the job still goes to the one that just finished.
        const ids = new Int32Array(new SharedArrayBuffer(4));
        await Promise.all([0, 1].map(() => outcome(pool.submit(HEART, "whoami", ids))));
        const third = pool.submit(HEART, "whoami", ids);
        let fourth: PromiseLike<unknown> | undefined;
        third.addDoneCallback(() => fourth = pool.submit(HEART, "whoami", ids));
        const ran = JSON.parse((await outcome(third)).slice("value ".length));
        const then = await outcome(fourth!);
        if (then !== `value ${JSON.stringify({ worker: ran.worker, job: ran.job + 1 })}`) {
          throw new Mistake(
            `with both Workers idle, a job ran on Worker ${ran.worker}, and a job submitted from its done callback ended with ${then}, on another Worker: the Worker that just finished is the one a job submitted from its Future's callbacks gets. Keep the idle Workers as a stack (push, pop): the one freed last is reused first`,
          );
        }
        // Both Workers are idle again; one of them dies running a job.
        assert.match(await outcome(pool.submit(JOBS, "crash", "worker down")), /^error /);
        const survivor = pool.submit(JOBS, "add", 5, 5);
        if (pool.workers !== 1) {
          throw new Mistake(
            `one of two idle Workers died running a job, and the next job made pool.workers ${pool.workers}: it should go to the Worker still idle (1 alive). The dead Worker was busy, so it is not among the idle ones: indexOf gives -1, and splice(-1, 1) takes the last idle Worker away instead. Check the index before you splice`,
          );
        }
        assert.equal(
          await outcome(survivor),
          "value 10",
          "the job after a Worker died beside an idle one",
        );
      }),
  "close() stops every Worker, the idle ones too: none runs on": async ({ Pool }) => {
    const beats = new Int32Array(new SharedArrayBuffer(4));
    const pool = new Pool(1);
    try {
      const started = pool.submit(HEART, "heartbeat", beats);
      assert.equal(
        await outcome(started),
        "value true",
        "outcome of a job that starts a heartbeat",
      );
    } finally {
      pool.close();
    }
    // Why these waits: a terminated Worker may finish the beat it was in; one
    // left running beats every 2 ms, so it shows dozens of beats, not one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = Atomics.load(beats, 0);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const after = Atomics.load(beats, 0);
    if (after - before > 2) {
      throw new Mistake(
        `an idle Worker had run a heartbeat job, then close() was called, and ${
          after - before
        } beats came after it: a Worker is still running. close() must terminate every Worker it started, idle ones too, or the program can never exit`,
      );
    }
  },
  "your pool agrees with the rules on generated job sets: values, errors, dying Workers, Workers started, close()":
    ({ Pool }) =>
      explore({
        truth: "the pool's rules",
        arbitrary: poolCaseArbitrary(),
        runs: 2,
        // Why no shrinking: every case starts real Workers, and a lost job costs a wait of the run's patience (5 s or more).
        shrink: false,
        compare: async (c) => {
          await runPoolCase(Pool as unknown as PoolClass, c);
          return undefined;
        },
        snippet: (c, from) => [
          `import { showPoolCase } from "./runner/grading/pool_rounds.ts";`,
          `import { Pool } from "${from}";`,
          "",
          `// each round's jobs are submitted at once; the last round is closed while its jobs run`,
          ...c.rounds.map((jobs, r) => `// round ${r + 1}: ${jobs.map(describeJob).join(", ")}`),
          `await showPoolCase(Pool, ${JSON.stringify(c)});`,
        ],
        permissions: ["--allow-read"],
      }),
});
