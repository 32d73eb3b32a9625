/**
 * Generated rounds of jobs on one Worker pool: lesson 10's explored input.
 *
 * A case is a pool size and a few rounds. Each round submits its jobs at
 * once and waits for all of them; the last round is closed in flight:
 * `close()` right after its submits, while its jobs run or wait, with a
 * done callback that calls `close()` again and tries one more `submit()`.
 * The jobs add (a value), fail (an Error with a message), crash (the Worker
 * dies running it), die idle (the Worker answers, then dies with no job),
 * or ask `whoami` (which Worker ran it, and its how-many-th `whoami` that
 * was); a `whoami` may have a follow-up, a `whoami` its done callback
 * submits.
 *
 * Every Worker that is started costs real time, so a case is built to
 * visit many situations on few Workers: on a pool of 2, Workers are reused
 * from round to round, idle ones sit beside busy ones, and a Worker dies
 * while another is idle. {@linkcode normalizePoolCase} keeps what a round may do within
 * what the rules decide: a Worker dying idle, and a follow-up, only where
 * every job of the round gets a Worker at once (nothing queued to race
 * them). What is checked, against the rules of the exercise's doc:
 *
 * - `pool.workers` right after each `submit()`: an idle Worker is reused,
 *   else one is started while fewer than `size` are alive, else the job
 *   waits; and after each round, where the rules decide it;
 * - each Future's outcome; a job that ran on a Worker shows on which, and
 *   one Worker runs its jobs in the order they were submitted;
 * - a follow-up runs on the Worker that just finished, without a new one;
 * - `close()`: every job not done is rejected with an Error saying the pool
 *   was closed, a second `close()` (from a done callback, while the first
 *   is rejecting) does nothing, `submit()` after it throws, no Worker is
 *   left.
 *
 * {@linkcode showPoolCase} runs a case and prints what happened, for the
 * counterexample a learner runs.
 *
 * @module
 */

import { fc } from "./explore.ts";
import { Mistake } from "./grader.ts";

/** One job of a round. */
export type RoundJob =
  | { name: "add"; args: [number, number] }
  | { name: "fail"; args: [string] }
  | { name: "crash" }
  | { name: "dieIdle" }
  | { name: "whoami"; followUp: boolean };

/** A generated case: the pool's size and its rounds; the last round is closed in flight. */
export interface PoolCase {
  /** The pool's size. */
  size: number;
  /** The rounds, each a list of jobs submitted at once. */
  rounds: RoundJob[][];
}

/** What the learner's pool must look like to the rounds. */
export interface PoolLike {
  readonly workers: number;
  submit(module: string | URL, name: string, ...args: unknown[]): PromiseLike<unknown> & {
    addDoneCallback(callback: () => void): void;
  };
  close(): void;
}

/** A pool class as the rounds build it. */
export type PoolClass = new (size: number) => PoolLike;

const JOBS = new URL("../../lessons/10-workers/jobs.ts", import.meta.url);
const HELPERS = new URL("./worker_jobs.ts", import.meta.url);

const job: fc.Arbitrary<RoundJob> = fc.oneof(
  { weight: 3, arbitrary: fc.boolean().map((followUp) => ({ name: "whoami" as const, followUp })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.nat(9), fc.nat(9)).map((args) => ({ name: "add" as const, args })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("boom", "bad input").map((m) => ({
      name: "fail" as const,
      args: [m] as [string],
    })),
  },
  { weight: 1, arbitrary: fc.constant({ name: "crash" as const }) },
  { weight: 1, arbitrary: fc.constant({ name: "dieIdle" as const }) },
);

/**
 * The arbitrary of cases, on a pool of 2: a round that starts both Workers
 * (no deaths), one or two rounds of anything, and the round closed in
 * flight. Pools of 1 (one Worker, strictly in order) are the example
 * checks' ground.
 */
export function poolCaseArbitrary(): fc.Arbitrary<PoolCase> {
  const calm = job.filter((j) => j.name !== "crash" && j.name !== "dieIdle");
  return fc.record({
    warm: fc.array(calm, { minLength: 2, maxLength: 2 }),
    middle: fc.array(fc.array(job, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
    last: fc.array(job, { minLength: 1, maxLength: 3 }),
  }).map(({ warm, middle, last }) =>
    normalizePoolCase({ size: 2, rounds: [warm, ...middle, last] })
  );
}

/**
 * How many Workers the rules say are alive after a round that started with
 * `alive` (`undefined`: the rules do not say, as when Workers died while
 * others had jobs queued). Every job's Future is settled by then, and a
 * Worker that died idle has been noticed.
 */
export function aliveAfter(
  size: number,
  alive: number | undefined,
  jobs: readonly RoundJob[],
): number | undefined {
  const deaths = jobs.filter((j) => j.name === "crash" || j.name === "dieIdle").length;
  if (alive !== undefined && jobs.length <= alive) return alive - deaths;
  if (size === 1) return jobs.at(-1)!.name === "crash" ? 0 : 1;
  const started = alive === undefined
    ? (jobs.length >= size ? size : undefined)
    : Math.max(alive, Math.min(size, jobs.length));
  if (started === undefined) return undefined;
  if (jobs.length <= started) return started - deaths;
  return deaths === 0 ? started : undefined;
}

/** Whether every job of a round gets a Worker at once (the rules then decide everything in it). */
function atOnce(alive: number | undefined, jobs: readonly RoundJob[]): boolean {
  return alive !== undefined && jobs.length <= alive;
}

/**
 * Keep a case within what the rules decide: a Worker that dies idle, and a
 * follow-up, only in a round whose jobs all get a Worker at once and that
 * is not the last (otherwise they become an `add` and a plain `whoami`).
 */
export function normalizePoolCase(c: PoolCase): PoolCase {
  let alive: number | undefined = 0;
  const rounds = c.rounds.map((jobs, r) => {
    const free = r < c.rounds.length - 1 && atOnce(alive, jobs);
    const out = jobs.map((j): RoundJob =>
      free || (j.name !== "dieIdle" && !(j.name === "whoami" && j.followUp))
        ? j
        : j.name === "dieIdle"
        ? { name: "add", args: [1, 1] }
        : { name: "whoami", followUp: false }
    );
    alive = aliveAfter(c.size, alive, out);
    return out;
  });
  return { size: c.size, rounds };
}

/**
 * How long a wait for a Worker may take before a check calls it lost,
 * scaled to the machine as this very run finds it. A working pool's jobs
 * end in milliseconds, but a Worker can take seconds to start on a loaded
 * machine (a fixed 2 s failed the reference once at a load of 12 on two
 * cores). So every wait that ends is measured, and the bound is
 * {@linkcode Patience.FACTOR} times the slowest of them, never under
 * {@linkcode Patience.FLOOR_MS}: a machine loaded enough to slow the waits
 * that end slows the bound with them, and a wrong pool is still called out
 * within seconds on an idle one. A wait that is cut short re-arms while the
 * bound has grown meanwhile (another wait ended slowly).
 */
export class Patience {
  /** The least bound, in ms. */
  static readonly FLOOR_MS = 5000;
  /** How many times the slowest wait seen the bound is. */
  static readonly FACTOR = 10;
  #slowest = 0;

  /** The bound now, in ms. */
  get bound(): number {
    return Math.max(Patience.FLOOR_MS, Patience.FACTOR * this.#slowest);
  }

  /** Note a wait that ended after `ms`. */
  observe(ms: number): void {
    this.#slowest = Math.max(this.#slowest, ms);
  }

  /**
   * Settles `true` once `done()` holds or a wait that ends does (`ended`),
   * `false` once the bound has passed since `start` without either.
   */
  async wait(done: () => boolean, start = performance.now()): Promise<boolean> {
    while (!done()) {
      const left = start + this.bound - performance.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 5)));
    }
    this.observe(performance.now() - start);
    return true;
  }
}

/** The patience of this grading run: one, so every wait that ends teaches every later one. */
export const patience: Patience = new Patience();

/**
 * How `future` settled, in words; "still pending" when it has not within
 * the run's {@linkcode patience} (a wait a working pool never makes).
 */
export async function settled(future: PromiseLike<unknown>): Promise<string> {
  const start = performance.now();
  const outcome = (async () => {
    try {
      return `value ${JSON.stringify(await future)}`;
    } catch (error) {
      return `error ${error instanceof Error ? error.message : String(error)}`;
    }
  })();
  for (;;) {
    const left = start + patience.bound - performance.now();
    if (left <= 0) return `still pending after ${Math.round(patience.bound / 1000)} s`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) =>
      timer = setTimeout(() => resolve(undefined), left)
    );
    try {
      const got = await Promise.race([outcome, late]);
      if (got !== undefined) {
        patience.observe(performance.now() - start);
        return got;
      }
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Wait until `done()` holds, for at most the run's {@linkcode patience}. */
export async function until(done: () => boolean): Promise<void> {
  await patience.wait(done);
}

/** A job as `submit()` takes it. */
function submission(j: RoundJob, ids: Int32Array): [URL, string, ...unknown[]] {
  switch (j.name) {
    case "add":
      return [JOBS, "add", ...j.args];
    case "fail":
      return [JOBS, "fail", ...j.args];
    case "crash":
      return [JOBS, "crash", "worker down"];
    case "dieIdle":
      return [HELPERS, "dieIdle", "died while idle"];
    case "whoami":
      return [HELPERS, "whoami", ids];
  }
}

/** A job as the log and the messages write it. */
export function describeJob(j: RoundJob): string {
  if (j.name === "add" || j.name === "fail") {
    return `${j.name}(${j.args.map((a) => JSON.stringify(a)).join(", ")})`;
  }
  return j.name === "whoami" && j.followUp ? "whoami() + a follow-up whoami()" : `${j.name}()`;
}

/** Whether `got` is the outcome the rules give `j` (whoami: any Worker; checked apart). */
function rightOutcome(j: RoundJob, got: string): boolean {
  switch (j.name) {
    case "add":
      return got === `value ${j.args[0] + j.args[1]}`;
    case "fail":
      return got.startsWith("error ") && got.includes(j.args[0]);
    case "crash":
      return got.startsWith("error ");
    case "dieIdle":
      return got === "value true";
    case "whoami":
      return /^value \{"worker":\d+,"job":\d+\}$/.test(got);
  }
}

function wrongOutcome(j: RoundJob, got: string): string {
  const why = j.name === "add" || j.name === "whoami" || j.name === "dieIdle"
    ? "its Future must be fulfilled with the job's value"
    : j.name === "fail"
    ? "its Future must be rejected with an Error carrying the job's message"
    : "the Worker died, so its job's Future must be rejected";
  const pending = /pending/.test(got)
    ? " (was it given to a Worker that had died? A Worker may die while idle, from a job's leftover timer: forget it then too. Or it waits for a Worker that never comes: a job queued behind a Worker that died needs a new one)"
    : "";
  return `${describeJob(j)} ended with ${got}: ${why}${pending}`;
}

/** One `whoami` answer, with when it was submitted (counting every submit of the case). */
interface Who {
  at: number;
  worker: number;
  job: number;
}

/**
 * Run `c` on a new `Pool(c.size)`; write what happened into `log` and
 * throw a {@linkcode Mistake} at the first thing the rules forbid.
 */
export async function runPoolCase(Pool: PoolClass, c: PoolCase, log: string[] = []): Promise<void> {
  const ids = new Int32Array(new SharedArrayBuffer(4));
  const whos: Who[] = [];
  const pool = new Pool(c.size);
  let submits = 0;
  const mistake = (what: string) => new Mistake(`Pool(${c.size}), ${what}`);
  const noteWho = (got: string, at: number): Who => {
    const who = { ...(JSON.parse(got.slice("value ".length)) as Who), at };
    whos.push(who);
    return who;
  };
  try {
    let alive: number | undefined = 0;
    for (const [r, jobs] of c.rounds.entries()) {
      const round = `round ${r + 1} of ${c.rounds.length}`;
      const last = r === c.rounds.length - 1;
      if (alive !== undefined) await until(() => pool.workers === alive);
      const before = pool.workers;
      log.push(`${round}: ${jobs.map(describeJob).join(", ")} (${before} Worker(s) alive)`);
      if (r === 0 && before !== 0) {
        throw mistake(
          `a new pool has ${before} Worker(s) alive before any job was submitted: start one when a job needs it`,
        );
      }
      if (alive !== undefined && before !== alive) {
        throw mistake(
          `${round}: every job before it has ended, and pool.workers is ${before} where ${alive} Worker(s) should be alive: a Worker that dies (running a job or idle) is forgotten, one that finishes a job stays, and a new one starts only for a job that needs it`,
        );
      }
      const futures: ReturnType<PoolLike["submit"]>[] = [];
      const ats: number[] = [];
      const followUps: {
        parent: number;
        at: number;
        future: PromiseLike<unknown>;
        grew: boolean;
      }[] = [];
      for (const [j, job] of jobs.entries()) {
        const at = submits++;
        ats.push(at);
        const future = pool.submit(...submission(job, ids));
        futures.push(future);
        const want = Math.max(before, Math.min(c.size, j + 1));
        if (pool.workers !== want) {
          throw mistake(
            `${round}: right after submitting ${describeJob(job)} (job ${
              j + 1
            } of the round, ${before} Worker(s) alive and idle before it), pool.workers is ${pool.workers}; it should be ${want}: give a job to an idle Worker if there is one, else start one while fewer than size are alive, else queue it (pool.workers counts every live Worker, busy or idle)`,
          );
        }
        if (job.name === "whoami" && job.followUp) {
          future.addDoneCallback(() => {
            const workers = pool.workers;
            const followUp = pool.submit(HELPERS, "whoami", ids);
            followUps.push({
              parent: at,
              at: submits++,
              future: followUp,
              grew: pool.workers > workers,
            });
          });
        }
      }
      if (last) return await closeInFlight(pool, jobs, futures, round, mistake, log);
      const outcomes = await Promise.all(futures.map((f) => settled(f)));
      for (const [j, job] of jobs.entries()) {
        log.push(`  ${describeJob(job)}: ${outcomes[j]}`);
        if (!rightOutcome(job, outcomes[j])) {
          throw mistake(`${round}: ${wrongOutcome(job, outcomes[j])}`);
        }
        if (job.name === "whoami") noteWho(outcomes[j], ats[j]);
      }
      for (const followUp of followUps) {
        const parent = whos.find((w) => w.at === followUp.parent)!;
        if (followUp.grew) {
          throw mistake(
            `${round}: a job submitted from the done callback of a job that had just ended on Worker ${parent.worker} started a new Worker, though that one was free: free the Worker (mark it idle, or give it the next queued job) before you settle its job's Future`,
          );
        }
        const got = await settled(followUp.future);
        log.push(`  follow-up whoami(): ${got}`);
        if (!rightOutcome({ name: "whoami", followUp: false }, got)) {
          throw mistake(
            `${round}: the follow-up ${wrongOutcome({ name: "whoami", followUp: false }, got)}`,
          );
        }
        const who = noteWho(got, followUp.at);
        if (who.worker !== parent.worker) {
          throw mistake(
            `${round}: a job submitted from the done callback of a job that had just ended on Worker ${parent.worker} ran on Worker ${who.worker}, another idle one: the Worker that just finished is the one a job submitted from its Future's callbacks gets. Keep the idle Workers as a stack (push, pop): the one freed last is reused first`,
          );
        }
      }
      checkOrder(whos, round, mistake);
      alive = aliveAfter(c.size, alive, jobs);
    }
  } finally {
    try {
      pool.close();
    } catch { /* a close() that throws was reported above, or is not this check's point */ }
  }
}

/** One Worker runs its jobs in the order they were submitted (the queue is first in, first out). */
function checkOrder(whos: readonly Who[], round: string, mistake: (what: string) => Mistake): void {
  const sorted = [...whos].sort((a, b) => a.at - b.at);
  for (const [i, who] of sorted.entries()) {
    const earlier = sorted.slice(0, i).find((w) => w.worker === who.worker && w.job > who.job);
    if (earlier !== undefined) {
      throw mistake(
        `${round}: Worker ${who.worker} ran a whoami() submitted later before one submitted earlier (its answers ${who.job} and ${earlier.job}): queued jobs start in the order they were submitted, a replacement Worker's too. Take the next job from the front of the queue`,
      );
    }
  }
}

/** The last round: close() while its jobs run or wait, and what must follow. */
async function closeInFlight(
  pool: PoolLike,
  jobs: readonly RoundJob[],
  futures: ReturnType<PoolLike["submit"]>[],
  round: string,
  mistake: (what: string) => Mistake,
  log: string[],
): Promise<void> {
  let inner: string | undefined;
  futures[0].addDoneCallback(() => {
    try {
      pool.close();
    } catch (error) {
      inner =
        `close() called again, from a done callback of a job close() was rejecting, threw ${error}: a second close() does nothing`;
      return;
    }
    try {
      pool.submit(JOBS, "add", 1, 1);
      inner =
        "submit() from a done callback, after close(), returned a Future: a closed pool runs nothing, so submit() throws";
    } catch { /* what the rules ask */ }
  });
  log.push(`  close() while they run or wait`);
  pool.close();
  if (inner !== undefined) throw mistake(`${round}: ${inner}`);
  if (pool.workers !== 0) {
    throw mistake(
      `${round}: pool.workers is ${pool.workers} after close(): close() terminates and forgets every Worker`,
    );
  }
  const outcomes = await Promise.all(futures.map((f) => settled(f)));
  for (const [j, job] of jobs.entries()) {
    log.push(`  ${describeJob(job)}: ${outcomes[j]}`);
    if (!/^error .*closed/i.test(outcomes[j])) {
      throw mistake(
        `${round}: ${describeJob(job)}, running or queued when close() was called, ended with ${
          outcomes[j]
        }: close() rejects every job not yet done, with an Error that says the pool was closed`,
      );
    }
  }
  let after: string;
  try {
    pool.submit(JOBS, "add", 1, 1);
    after = "returned a Future";
  } catch {
    after = "threw";
  }
  log.push(`  submit() after close(): ${after}; pool.workers ${pool.workers}`);
  if (after !== "threw" || pool.workers !== 0) {
    throw mistake(
      `${round}: submit() after close() ${after}, and pool.workers is then ${pool.workers}: a closed pool runs nothing, so submit() throws (and starts no Worker)`,
    );
  }
  try {
    pool.close();
  } catch (error) {
    throw mistake(`${round}: a second close() threw ${error}: closing a closed pool does nothing`);
  }
}

/**
 * Run `c` on `Pool` and print each round, what every job ended with, and
 * the first thing the rules forbid. For the counterexample of lesson 10.
 */
export async function showPoolCase(Pool: PoolClass, c: PoolCase): Promise<void> {
  const log: string[] = [];
  try {
    await runPoolCase(Pool, c, log);
    console.log(log.join("\n"));
    console.log("every rule held");
  } catch (error) {
    console.log(log.join("\n"));
    console.log(error instanceof Mistake ? `the rules say no: ${error.message}` : error);
  }
}
