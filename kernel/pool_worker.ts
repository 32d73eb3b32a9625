/**
 * The code every {@linkcode WorkerPool} Worker runs: a loop that takes one
 * job at a time, imports the job's module, calls the named export, and posts
 * the outcome back.
 *
 * Why jobs are named by module URL and export name: a function cannot be
 * sent to another thread (it would lose its closure), but a module can be
 * imported in any thread. Python's `ProcessPoolExecutor` does the same with
 * pickle, which sends functions by their module and qualified name.
 *
 * After each message to the pool the worker bumps a counter in shared memory
 * and, when the kernel uses the `poll(2)` selector, writes one byte to its
 * wakeup pipe (through the pipe's shared cell, so never once the selector
 * has closed it: see `poll_waker.ts`). Why both: a kernel blocked in `poll`
 * holds the JS thread, so it cannot receive our message until the pipe
 * wakes it (Beazley's notify socket), and then the counter tells it a
 * message is on its way.
 *
 * @module
 */

import { openWaker } from "./poll_waker.ts";

/** Main thread to worker: start, or run one job. */
export type ToWorker =
  | { type: "start"; posted: Int32Array; waker: Int32Array | null }
  | { type: "wakeup"; waker: Int32Array }
  | { type: "job"; id: number; module: string; name: string; args: unknown[] };

/** An error, flattened so it crosses threads with its name and stack intact. */
export interface ErrorRecord {
  /** The error's `name` (`"TypeError"`, ...), or `"Error"` for a thrown non-Error. */
  name: string;
  /** The error's `message`, or `String(thrown)`. */
  message: string;
  /** The stack in the worker, if any. */
  stack?: string;
}

/** Worker to main thread: a job's outcome, or the worker's own death. */
export type FromWorker =
  | { type: "result"; id: number; value: unknown }
  | { type: "error"; id: number; error: ErrorRecord }
  | { type: "crash"; error: ErrorRecord };

/**
 * What this module uses of the worker's global scope. Why not Deno's worker
 * lib: a published module may not switch libs with a triple-slash directive.
 */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  addEventListener(type: "error", listener: (event: ErrorEvent) => void): void;
  addEventListener(
    type: "unhandledrejection",
    listener: (event: PromiseRejectionEvent) => void,
  ): void;
}
const scope = self as unknown as WorkerScope;

let posted: Int32Array = new Int32Array(new SharedArrayBuffer(4));
let waker: { wake(): void; close(): void } | null = null;

function post(message: FromWorker): void {
  try {
    scope.postMessage(message);
  } catch (error) {
    // Why: a result that cannot be cloned (a function, a socket) must still
    // reach the pool, as an error, or its Future would wait forever.
    if (message.type !== "result") throw error;
    scope.postMessage({ type: "error", id: message.id, error: record(error) } as FromWorker);
  }
  Atomics.add(posted, 0, 1); // after postMessage: a counted message is already on its way
  waker?.wake();
}

function record(error: unknown): ErrorRecord {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: "Error", message: String(error) };
}

async function runJob(job: Extract<ToWorker, { type: "job" }>): Promise<void> {
  try {
    const module = await import(job.module);
    const fn = module[job.name];
    if (typeof fn !== "function") {
      throw new TypeError(
        `Cannot run "${job.name}" as ${job.module} exports no function by that name: export it from the module`,
      );
    }
    post({ type: "result", id: job.id, value: await fn(...job.args) });
  } catch (error) {
    post({ type: "error", id: job.id, error: record(error) });
  }
}

// Why a queue of promises: the pool sends one job at a time, but a job may
// be async; chaining keeps "one job per worker" true even then.
let running: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "start") {
    posted = message.posted;
    if (message.waker !== null) waker = openWaker(message.waker);
  } else if (message.type === "wakeup") {
    waker?.close();
    waker = openWaker(message.waker);
  } else {
    running = running.then(() => runJob(message));
  }
};

// An error thrown outside any job's promise chain (a job's stray timer
// callback, a rejected promise nobody awaits) would kill this worker with an
// `error` event the pool sees only when its thread is free. Report it as a
// message instead, so it wakes a kernel blocked in poll, then let the pool
// terminate and replace us.
function crash(event: Event, error: unknown): void {
  event.preventDefault();
  post({ type: "crash", error: record(error) });
}
scope.addEventListener("error", (event) => crash(event, event.error ?? event.message));
scope.addEventListener("unhandledrejection", (event) => crash(event, event.reason));
