// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
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
 * - When a job ends, free its Worker first (mark it idle, or give it the
 *   next queued job), then settle the job's Future: the Future's callbacks
 *   run inside `setResult`, and a job they submit must find that Worker and
 *   run on it. Keep the idle Workers as a stack (push, pop): the one freed
 *   last is the one reused first, even with other Workers idle.
 * - A Worker that dies (an `error` event on the Worker object: call
 *   `event.preventDefault()`, or the error ends the whole program) rejects
 *   the Future of the job it was running (never lose a job), is
 *   terminated, and is replaced if jobs are waiting; the replacement takes
 *   the oldest waiting job first. A Worker may also die idle (a timer an
 *   earlier job left throws): forget it all the same, so no job goes to it.
 *   The other Workers go on as they were: an idle one stays idle.
 * - `close()` terminates every Worker, busy or idle, and rejects every job
 *   not yet done, with an Error that says the pool was closed. Nothing may
 *   be left running: the grading process must be able to exit by itself.
 *   After `close()`, `submit()` throws, and a second `close()` does nothing,
 *   even one called from a done callback while the first is rejecting jobs.
 *
 * The Worker's side is written for you at the bottom: this same file is the
 * Worker's module (`new Worker(import.meta.url, { type: "module" })`).
 *
 * The last check generates rounds of jobs on a pool of 2 (values, errors,
 * Workers that die busy or idle, jobs submitted from done callbacks, and a
 * `close()` while jobs still run) and checks each rule on them.
 *
 * Run the checks: `deno task grade 10-workers/pool`
 *
 * @module
 */

import { Future } from "../../kernel/future.ts";

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
  // TODO: fields go here.

  /** An empty pool; Workers start when jobs arrive. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Cannot create a pool of size ${size}: use an integer >= 1`);
    }
    this.size = size;
  }

  /** How many Workers are alive (started and not terminated). */
  get workers(): number {
    throw new Error("not implemented yet");
  }

  /** Run `module`'s export `name(...args)` in a Worker; its Future, at once. */
  submit<T = unknown>(module: string | URL, name: string, ...args: unknown[]): Future<T> {
    // TODO: make the Future; give the job to an idle Worker, or a new one if
    // fewer than `size` are alive, or else queue it.
    throw new Error("not implemented yet");
  }

  /** Terminate every Worker and reject every job not yet done. */
  close(): void {
    throw new Error("not implemented yet");
  }

  // TODO: private helpers can go here: start a Worker, send it a job, hand
  // it the next job when it is free, handle its messages and its death.
  // (your helpers)
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
