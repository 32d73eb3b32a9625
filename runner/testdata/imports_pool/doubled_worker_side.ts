// IMPORT FIXTURE for runner/grading/imports_test.ts: the given Worker side, twice.
/**
 * Exercise 10-workers/pool: a bounded pool of Workers whose jobs finish as
 * Futures.
 *
 * `new Pool(size)` runs jobs on at most `size` module Workers, started when
 * first needed. `submit(module, name, ...args)` returns a `Future` at once;
 * a Worker imports `module`, calls its export `name(...args)` and posts the
 * outcome back, and the pool completes the Future with it. Extra jobs wait
 * in a first-in, first-out queue until a Worker is free.
 *
 * - A job that throws rejects its Future with an Error carrying the job's
 *   message; the Worker stays and takes the next job.
 * - A Worker that dies (an `error` event on the Worker object: call
 *   `event.preventDefault()`, or the error ends the whole program) rejects
 *   the Future of the job it was running (never lose a job), is
 *   terminated, and is replaced if jobs are waiting.
 * - `close()` terminates every Worker, busy or idle, and rejects every job
 *   not yet done. Nothing may be left running: the grading process must be
 *   able to exit by itself.
 *
 * The Worker's side is written for you at the bottom: this same file is the
 * Worker's module (`new Worker(import.meta.url, { type: "module" })`).
 *
 * Run the checks: `deno task grade 10-workers/pool`
 *
 * @module
 */

import { Future } from "../../../kernel/future.ts";

/** Main thread to Worker: run one job. */
interface JobMessage {
  module: string;
  name: string;
  args: unknown[];
}

/** Worker to main thread: the job's outcome. */
type OutcomeMessage = { ok: true; value: unknown } | { ok: false; name: string; message: string };

/** A bounded pool of Workers; see the module doc for the rules. */
export class Pool {
  /** The most Workers running at once. */
  readonly size: number;
  // TODO: the job queue, the idle Workers, and what each busy Worker is running.
  // @solution-begin
  // @stub // TODO: fields go here.
  readonly #queue: { message: JobMessage; future: Future<unknown> }[] = [];
  readonly #idle: Worker[] = [];
  readonly #running = new Map<Worker, Future<unknown> | null>();
  #closed = false;
  // @solution-end

  /** An empty pool; Workers start when jobs arrive. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Cannot create a pool of size ${size}: use an integer >= 1`);
    }
    this.size = size;
  }

  /** How many Workers are alive (started and not terminated). */
  get workers(): number {
    // @solution-begin
    return this.#running.size;
    // @solution-end
  }

  /** Run `module`'s export `name(...args)` in a Worker; its Future, at once. */
  submit<T = unknown>(module: string | URL, name: string, ...args: unknown[]): Future<T> {
    // TODO: make the Future; give the job to an idle Worker, or a new one if
    // fewer than `size` are alive, or else queue it.
    // @solution-begin
    if (this.#closed) throw new Error(`Cannot run "${name}" as the pool is closed`);
    const future = new Future<T>();
    const job = { message: { module: String(module), name, args }, future: future as Future };
    const worker = this.#idle.pop() ??
      (this.#running.size < this.size ? this.#start() : undefined);
    if (worker === undefined) this.#queue.push(job);
    else this.#send(worker, job);
    return future;
    // @solution-end
  }

  /** Terminate every Worker and reject every job not yet done. */
  close(): void {
    // @solution-begin
    if (this.#closed) return;
    this.#closed = true;
    for (const [worker, future] of this.#running) {
      worker.terminate();
      future?.setError(new Error("Cannot finish the job as the pool was closed"));
    }
    this.#running.clear();
    this.#idle.length = 0;
    for (const { future } of this.#queue.splice(0)) {
      future.setError(new Error("Cannot start the job as the pool was closed"));
    }
    // @solution-end
  }

  // TODO: private helpers can go here: start a Worker, send it a job, hand
  // it the next job when it is free, handle its messages and its death.
  // @solution-begin
  // @stub // (your helpers)
  #start(): Worker {
    const worker = new Worker(import.meta.url, { type: "module" });
    this.#running.set(worker, null);
    worker.onmessage = (event: MessageEvent<OutcomeMessage>) => {
      const future = this.#running.get(worker);
      if (!future) return; // Why: a message after close() or after death
      this.#running.set(worker, null);
      this.#next(worker); // free the Worker before the callbacks run
      const outcome = event.data;
      if (outcome.ok) future.setResult(outcome.value);
      else future.setError(new Error(`${outcome.name}: ${outcome.message}`));
    };
    worker.onerror = (event) => {
      event.preventDefault(); // Why: otherwise the error ends the whole program
      const future = this.#running.get(worker);
      worker.terminate();
      this.#running.delete(worker);
      const i = this.#idle.indexOf(worker);
      if (i >= 0) this.#idle.splice(i, 1);
      future?.setError(new Error(`The worker died while running the job: ${event.message}`));
      const job = this.#queue.shift();
      if (job !== undefined) this.#send(this.#start(), job);
    };
    return worker;
  }

  #send(worker: Worker, job: { message: JobMessage; future: Future<unknown> }): void {
    this.#running.set(worker, job.future);
    worker.postMessage(job.message);
  }

  #next(worker: Worker): void {
    const job = this.#queue.shift();
    if (job === undefined) this.#idle.push(worker);
    else this.#send(worker, job);
  }
  // @solution-end
}

// --- The Worker's side (given) ------------------------------------------------
// This file is also the Worker's module: inside a Worker, it waits for jobs.

/** The globals a Worker has and the main thread does not. */
interface WorkerScope {
  onmessage: ((event: MessageEvent<JobMessage>) => void) | null;
  postMessage(message: OutcomeMessage): void;
}

if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "function") {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = async ({ data: { module, name, args } }) => {
    try {
      const exports = await import(module);
      scope.postMessage({ ok: true, value: await exports[name](...args) });
    } catch (error) {
      const { name = "Error", message = String(error) } = error instanceof Error ? error : {};
      scope.postMessage({ ok: false, name, message });
    }
  };
}
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "function") {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = async ({ data: { module, name, args } }) => {
    try {
      const exports = await import(module);
      scope.postMessage({ ok: true, value: await exports[name](...args) });
    } catch (error) {
      const { name = "Error", message = String(error) } = error instanceof Error ? error : {};
      scope.postMessage({ ok: false, name, message });
    }
  };
}
