/**
 * Jobs for the worker pool tests and examples: each export runs in a pool
 * Worker, named by this module's URL and the export's name.
 *
 * @module
 */

/** Add two numbers. */
export function add(a: number, b: number): number {
  return a + b;
}

/** Resolve with `value` after `ms` milliseconds (an async job). */
export function later<T>(value: T, ms: number): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

/** Throw an Error with `message` (the Worker survives). */
export function fail(message: string): never {
  throw new Error(message);
}

/** Kill the Worker: throw outside the job's promise, which never settles. */
export function crash(message: string): Promise<never> {
  setTimeout(() => {
    throw new Error(message);
  }, 0);
  return new Promise(() => {});
}

/** Return something that cannot be cloned back to the main thread. */
export function unclonable(): () => void {
  return () => {};
}

/** Block the Worker's thread until `flag[0]` becomes non-zero (then return its value). */
export function blockUntil(flag: Int32Array): number {
  Atomics.wait(flag, 0, 0);
  return Atomics.load(flag, 0);
}

/** Wait until `n` jobs have reached this barrier (`counter` is shared); proves they run at once. */
export function barrier(counter: Int32Array, n: number): number {
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
  for (let seen = Atomics.load(counter, 0); seen < n; seen = Atomics.load(counter, 0)) {
    Atomics.wait(counter, 0, seen);
  }
  return n;
}
