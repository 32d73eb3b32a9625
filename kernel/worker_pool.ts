/**
 * A bounded pool of module Workers: blocking work moved off the kernel's
 * thread, with results coming back as {@linkcode Future}s.
 *
 * This is the talk's `ProcessPoolExecutor` (and asyncio's `run_in_executor`).
 * The kernel runs every task on one thread, so `fib(35)` in a task stops
 * every other task. Handing it to a pool Worker lets the kernel keep
 * switching; the task waits on the job's Future with `yield* wait(future)`
 * (or {@linkcode runInWorker}), and plain async code can `await` it.
 *
 * A job is named by module URL and export name, plus arguments that can be
 * structured-cloned: functions cannot cross threads, modules can be imported
 * anywhere (see `pool_worker.ts`).
 *
 * Rules:
 * - At most `size` Workers, started lazily (each costs ~20 ms and ~8 MiB)
 *   or all at once with `prestart`, one job at a time each; extra jobs wait
 *   in a FIFO queue.
 * - A job that throws rejects its Future with a {@linkcode WorkerError}; the
 *   Worker stays. A Worker that dies (an error outside any job) rejects its
 *   job's Future with a {@linkcode WorkerError} and is replaced.
 * - {@linkcode WorkerPool.close} terminates every Worker and rejects every
 *   unfinished job; nothing is left running.
 * - Cancelling a task that waits on a job does not stop the job (a Worker
 *   cannot be interrupted, only terminated); its result is dropped. A job can
 *   watch shared memory to stop early, as `asleep` does.
 *
 * Waking the kernel: a Future completed by a Worker's message runs the
 * kernel's done callback, which calls `selector.wakeup()`. That is enough
 * when the selector waits on Deno's event loop. With the `poll(2)` selector
 * the JS thread is blocked inside `poll`, so no message can arrive until
 * something writes to its wakeup pipe: give `run()` the selector returned by
 * {@linkcode WorkerPool.watch} (`watched_selector.ts`), and the Workers
 * write that byte themselves.
 *
 * @module
 */

import { Future } from "./future.ts";
import { wait } from "./operations.ts";
import type { ErrorRecord, FromWorker, ToWorker } from "./pool_worker.ts";
import type { Selector } from "./selector.ts";
import type { KernelOp } from "./types.ts";
import { type MessageSource, WatchedSelector } from "./watched_selector.ts";

/** Options for {@linkcode WorkerPool}. */
export interface WorkerPoolOptions {
  /**
   * The most Workers running at once (jobs beyond it queue).
   *
   * @default {navigator.hardwareConcurrency}
   */
  size?: number;
  /**
   * Start all `size` Workers now instead of on demand. Why: each Worker
   * blocks this thread ~20 ms while it starts and then loads its modules;
   * started ahead (say, before a server accepts its first client), the first
   * jobs do not pay for that.
   *
   * @default {false}
   */
  prestart?: boolean;
}

/**
 * A job failed in a Worker: it threw, or its Worker died, or the pool closed
 * before it finished. `cause` holds the original error, rebuilt with the
 * Worker's stack.
 *
 * @example Catching a job's error in a task
 * ```ts
 * import assert from "node:assert/strict";
 * import { run, runInWorker, WorkerError, WorkerPool } from "./mod.ts";
 *
 * await using pool = new WorkerPool({ size: 1 });
 * const jobs = new URL("./testdata/pool_jobs.ts", import.meta.url);
 * await run(function* main() {
 *   try {
 *     yield* runInWorker(pool, jobs, "fail", "boom");
 *   } catch (error) {
 *     assert.ok(error instanceof WorkerError);
 *     assert.equal((error.cause as Error).message, "boom");
 *   }
 * });
 * ```
 */
export class WorkerError extends Error {
  /** Create the error; `cause` is the job's own error, if any. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "WorkerError";
  }
}

interface Job {
  id: number;
  module: string;
  name: string;
  args: unknown[];
  future: Future<unknown>;
}

/** One Worker and what it is doing. */
class Slot implements MessageSource {
  /** Messages the Worker has posted (it writes this counter in shared memory). */
  readonly posted = new Int32Array(new SharedArrayBuffer(4));
  /** Messages this thread has received from it. */
  delivered = 0;
  job: Job | null = null;
  #caughtUp: (() => void)[] = [];

  constructor(readonly id: number, readonly worker: Worker) {}

  /** Resolves once every message the Worker has posted so far has arrived here. */
  caughtUp(): Promise<void> | undefined {
    if (Atomics.load(this.posted, 0) <= this.delivered) return undefined;
    return new Promise((resolve) => this.#caughtUp.push(resolve));
  }

  /** Count one received message. */
  received(): void {
    this.delivered++;
    if (Atomics.load(this.posted, 0) <= this.delivered) this.release();
  }

  /** Stop anyone waiting for messages (all in, or the Worker is gone). */
  release(): void {
    for (const resolve of this.#caughtUp.splice(0)) resolve();
  }
}

const WORKER_URL = new URL("./pool_worker.ts", import.meta.url);

/**
 * A bounded pool of module Workers whose jobs finish as {@linkcode Future}s.
 *
 * @example Awaiting a job outside the kernel, then closing the pool
 * ```ts
 * import assert from "node:assert/strict";
 * import { WorkerPool } from "./mod.ts";
 *
 * await using pool = new WorkerPool({ size: 2 });
 * const jobs = new URL("./testdata/pool_jobs.ts", import.meta.url);
 * assert.equal(await pool.submit<number>(jobs, "add", 2, 3), 5);
 * ```
 */
export class WorkerPool implements AsyncDisposable {
  /** The most Workers running at once. */
  readonly size: number;
  readonly #slots = new Set<Slot>();
  readonly #idle: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextJob = 1;
  #nextWorker = 1;
  #waker: Int32Array | null = null; // the poll(2) selector's wakeup cell, once watched
  #closed = false;

  /** Create a pool; Workers start when jobs arrive, or now with `prestart`. */
  constructor(options: WorkerPoolOptions = {}) {
    const size = options.size ?? navigator.hardwareConcurrency;
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Cannot create a worker pool of size ${size}: use an integer >= 1`);
    }
    this.size = size;
    if (options.prestart) {
      for (let i = 0; i < size; i++) this.#idle.push(this.#start());
    }
  }

  /** How many Workers are running (started and not terminated). */
  get workers(): number {
    return this.#slots.size;
  }

  /** How many jobs are running or queued. */
  get pending(): number {
    return this.#queue.length + this.#slots.size - this.#idle.length;
  }

  /**
   * Run `module`'s export `name` with `args` in a Worker; returns at once with
   * the job's Future. `module` must be an absolute URL (build it with
   * `new URL("./jobs.ts", import.meta.url)`), and `args` must be clonable.
   *
   * @throws {Error} When the pool is closed, or `module` is not an absolute URL.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { WorkerPool } from "./mod.ts";
   *
   * await using pool = new WorkerPool({ size: 1 });
   * const jobs = new URL("./testdata/pool_jobs.ts", import.meta.url);
   * const future = pool.submit<number>(jobs, "add", 1, 2);
   * assert.equal(await future, 3);
   * assert.equal(future.state, "fulfilled");
   * ```
   */
  submit<T = unknown>(module: string | URL, name: string, ...args: unknown[]): Future<T> {
    if (this.#closed) {
      throw new Error(`Cannot run "${name}" as the worker pool is closed: create a new WorkerPool`);
    }
    let url: string;
    try {
      url = new URL(module).href;
    } catch {
      throw new Error(
        `Cannot run "${name}" from "${module}" as it is not an absolute URL: pass new URL("${module}", import.meta.url)`,
      );
    }
    const future = new Future<T>({ external: true }); // Why external: a Worker completes it
    const job: Job = { id: this.#nextJob++, module: url, name, args, future: future as Future };
    const slot = this.#idle.pop() ?? (this.#slots.size < this.size ? this.#start() : undefined);
    if (slot === undefined) this.#queue.push(job);
    else this.#send(slot, job);
    return future;
  }

  /**
   * Wrap `selector` for `run()` so this pool's results reach a kernel that is
   * blocked in it. Needed with the `poll(2)` selector (a `PollNetwork`, whose
   * selector has a `waker`): the Workers write a byte to its wakeup pipe
   * after each result, and the returned selector then lets the host deliver
   * the message. Harmless with the other selectors.
   *
   * @example With the poll(2) selector
   * ```ts ignore
   * const net = new PollNetwork();
   * await using pool = new WorkerPool();
   * await run(main, { selector: pool.watch(net) }); // sockets still use `net`
   * ```
   */
  watch<R>(selector: Selector<R>): Selector<R> {
    const waker = (selector as { waker?: unknown }).waker;
    if (waker instanceof Int32Array && waker !== this.#waker) {
      this.#waker = waker;
      for (const slot of this.#slots) this.#post(slot, { type: "wakeup", waker });
    }
    return new WatchedSelector(selector, this.#slots);
  }

  /**
   * Terminate every Worker and reject every unfinished job's Future with a
   * {@linkcode WorkerError}. Idempotent.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { WorkerPool } from "./mod.ts";
   *
   * const pool = new WorkerPool({ size: 1 });
   * pool.close();
   * assert.equal(pool.workers, 0);
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of [...this.#slots]) {
      this.#retire(slot, (job) => `Job "${job.name}" was abandoned as the worker pool closed`);
    }
    for (const job of this.#queue.splice(0)) {
      job.future.setError(
        new WorkerError(`Job "${job.name}" was abandoned as the worker pool closed`),
      );
    }
  }

  /** Same as {@linkcode WorkerPool.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  #start(): Slot {
    const worker = new Worker(WORKER_URL, {
      type: "module",
      name: `pool worker ${this.#nextWorker}`,
    });
    const slot = new Slot(this.#nextWorker++, worker);
    this.#slots.add(slot);
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.#onMessage(slot, event.data);
    // Why preventDefault: otherwise the Worker's error is rethrown here and
    // ends the whole process; a pool reports it on the job instead.
    worker.onerror = (event) => {
      event.preventDefault();
      this.#die(slot, { name: "Error", message: event.message });
    };
    worker.onmessageerror = () => {
      this.#die(slot, { name: "DataCloneError", message: "a message could not be read" });
    };
    this.#post(slot, { type: "start", posted: slot.posted, waker: this.#waker });
    return slot;
  }

  #send(slot: Slot, job: Job): void {
    slot.job = job;
    const { id, module, name, args } = job;
    try {
      slot.worker.postMessage({ type: "job", id, module, name, args } satisfies ToWorker);
    } catch (error) {
      slot.job = null;
      job.future.setError(
        new WorkerError(`Cannot send the arguments of "${name}" to a worker: ${error}`, {
          cause: error,
        }),
      );
      this.#next(slot);
    }
  }

  #post(slot: Slot, message: ToWorker): void {
    slot.worker.postMessage(message);
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    if (!this.#slots.has(slot)) return; // Why: a retired Worker's late message
    slot.received();
    if (message.type === "crash") return this.#die(slot, message.error);
    const job = slot.job!;
    slot.job = null;
    // Why free the slot before completing: the Future's callbacks may submit
    // the next job at once, and it should find this Worker idle.
    this.#next(slot);
    if (message.type === "result") job.future.setResult(message.value);
    else {
      job.future.setError(
        new WorkerError(
          `Job "${job.name}" threw in worker ${slot.id}: ${message.error.name}: ${message.error.message}`,
          { cause: rebuild(message.error) },
        ),
      );
    }
  }

  /** The Worker crashed: fail its job, replace it, carry on with the queue. */
  #die(slot: Slot, error: ErrorRecord): void {
    if (!this.#slots.has(slot)) return;
    this.#retire(
      slot,
      (job) =>
        `Worker ${slot.id} died while running "${job.name}": ${error.name}: ${error.message}`,
      error,
    );
    if (this.#queue.length > 0) this.#send(this.#start(), this.#queue.shift()!);
  }

  #retire(slot: Slot, why: (job: Job) => string, cause?: ErrorRecord): void {
    slot.worker.terminate();
    this.#slots.delete(slot);
    const i = this.#idle.indexOf(slot);
    if (i >= 0) this.#idle.splice(i, 1);
    slot.release(); // Why: its undelivered messages will never come; stop waiting
    const job = slot.job;
    slot.job = null;
    if (job !== null) {
      job.future.setError(
        new WorkerError(why(job), cause === undefined ? undefined : { cause: rebuild(cause) }),
      );
    }
  }

  #next(slot: Slot): void {
    const job = this.#queue.shift();
    if (job === undefined) this.#idle.push(slot);
    else this.#send(slot, job);
  }
}

/**
 * Run `module`'s export `name` with `args` in one of `pool`'s Workers and
 * return its value (or throw its {@linkcode WorkerError}). Other tasks run
 * meanwhile: the task waits on the job's Future.
 *
 * @example The talk's fib, off the kernel's thread
 * ```ts
 * import assert from "node:assert/strict";
 * import { run, runInWorker, WorkerPool } from "./mod.ts";
 *
 * await using pool = new WorkerPool({ size: 1 });
 * const jobs = new URL("./testdata/pool_jobs.ts", import.meta.url);
 * assert.equal(await run(function* main() {
 *   return yield* runInWorker<number>(pool, jobs, "add", 20, 22);
 * }), 42);
 * ```
 */
export function* runInWorker<T = unknown>(
  pool: WorkerPool,
  module: string | URL,
  name: string,
  ...args: unknown[]
): KernelOp<T> {
  return yield* wait(pool.submit<T>(module, name, ...args));
}

function rebuild(record: ErrorRecord): Error {
  const error = new Error(record.message);
  error.name = record.name;
  if (record.stack !== undefined) error.stack = record.stack;
  return error;
}
