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
 * a Future still pending after 5 s fails its check instead of hanging it.
 * Why 5 s: a working pool's jobs end in milliseconds, but a Worker can take
 * seconds to start on a loaded machine (2 s failed the reference once at a
 * load of 12 on two cores), and the bound must never fail working code.
 * The last check generates job sets (values, errors, Workers that die) on
 * pools of 1 or 2 and checks each rule on them.
 *
 * @module
 */

import assert from "node:assert/strict";
import { explore, fc } from "../../runner/grading/explore.ts";
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

/**
 * How `future` settled, in words; "still pending" when it has not within
 * `ms`. The wall clock here only bounds a wait that a working pool never
 * makes (its jobs end in milliseconds): a Future nobody settles must fail
 * the check, not hang the grader.
 */
async function outcome(future: PromiseLike<unknown>, ms = 5000): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise<string>((resolve) =>
    timer = setTimeout(() => resolve(`still pending after ${ms / 1000} s`), ms)
  );
  const settled = (async () => {
    try {
      return `value ${JSON.stringify(await future)}`;
    } catch (error) {
      return `error ${error instanceof Error ? error.message : String(error)}`;
    }
  })();
  try {
    return await Promise.race([settled, pending]);
  } finally {
    clearTimeout(timer);
  }
}

const HEART = new URL("../../runner/grading/worker_jobs.ts", import.meta.url);

/** A job, as generated: what to submit and what its Future must say. */
type GeneratedJob = { name: "add"; args: [number, number] } | { name: "fail"; args: [string] } | {
  name: "crash";
  args: [string];
};

function expectedOutcome(job: GeneratedJob): RegExp {
  if (job.name === "add") return new RegExp(`^value ${job.args[0] + job.args[1]}$`);
  if (job.name === "fail") return new RegExp(`^error .*${job.args[0]}`);
  return /^error /;
}

const generatedJob = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.nat(9), fc.nat(9)).map(([a, b]) => ({
      name: "add" as const,
      args: [a, b] as [number, number],
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("boom", "bad input").map((m) => ({
      name: "fail" as const,
      args: [m] as [string],
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constant({ name: "crash" as const, args: ["worker down"] as [string] }),
  },
);

/** A pool size and a set of jobs: as often fewer jobs than Workers as more. */
const jobSets = fc.integer({ min: 1, max: 2 }).chain((size) =>
  fc.record({
    size: fc.constant(size),
    jobs: fc.array(generatedJob, { minLength: 1, maxLength: 2 * size }),
  })
);

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
  "a job submitted from a done callback goes to the Worker that just finished": ({ Pool }) =>
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
        arbitrary: jobSets,
        runs: 2,
        // Why no shrinking: every case starts real Workers, and a lost job costs a 2 s wait.
        shrink: false,
        compare: async ({ size, jobs }) => {
          await withPool(Pool, size, async (pool) => {
            const futures = [];
            for (const job of jobs) {
              futures.push(pool.submit(JOBS, job.name, ...job.args));
              const started = Math.min(size, futures.length);
              if (pool.workers !== started) {
                throw new Mistake(
                  `right after ${futures.length} submit() call(s) on a new Pool(${size}), pool.workers is ${pool.workers}; ${started} Worker(s) should be alive: start one when a job needs it and fewer than size are alive, and count every live Worker, busy or idle`,
                );
              }
            }
            // All at once, so a pool that loses jobs costs one bounded wait, not one per job.
            const outcomes = await Promise.all(futures.map((future) => outcome(future)));
            for (const [i, job] of jobs.entries()) {
              const got = outcomes[i];
              if (!expectedOutcome(job).test(got)) {
                throw new Mistake(
                  `job ${i + 1}, ${job.name}(${
                    job.args.map((a) => JSON.stringify(a)).join(", ")
                  }), ended with ${got}: ${
                    job.name === "add"
                      ? "its Future must be fulfilled with the job's value"
                      : job.name === "fail"
                      ? "its Future must be rejected with an Error carrying the job's message"
                      : "the Worker died, so its job's Future must be rejected"
                  }${
                    /pending/.test(got)
                      ? " (a job queued behind a Worker that died needs a new Worker)"
                      : ""
                  }`,
                );
              }
            }
            if (pool.workers > size) {
              throw new Mistake(
                `after every job ended, pool.workers is ${pool.workers} on a Pool(${size})`,
              );
            }
            pool.close();
            if (pool.workers !== 0) {
              throw new Mistake(
                `pool.workers is ${pool.workers} after close(): close() terminates and forgets every Worker`,
              );
            }
          });
          return undefined;
        },
        snippet: ({ size, jobs }, from) => [
          `import { Pool } from "${from}";`,
          `const JOBS = new URL("./lessons/10-workers/jobs.ts", import.meta.url);`,
          `const pool = new Pool(${size});`,
          `const jobs = ${JSON.stringify(jobs)};`,
          "const futures = jobs.map((job) => pool.submit(JOBS, job.name, ...job.args));",
          'console.log("workers right after submit():", pool.workers);',
          "for (const [i, future] of futures.entries()) {",
          "  try {",
          "    console.log(`job ${i + 1}: value`, await future);",
          "  } catch (error) {",
          "    console.log(`job ${i + 1}: error`, String(error));",
          "  }",
          "}",
          'console.log("workers after every job:", pool.workers);',
          "pool.close();",
          'console.log("workers after close():", pool.workers);',
        ],
        permissions: ["--allow-read"],
      }),
});
