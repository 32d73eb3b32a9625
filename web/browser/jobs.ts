/**
 * Jobs for the playground's worker-pool examples. A pool Worker imports a
 * job's module by URL and calls an export by name, so a job must live in a
 * module of its own: this one. In Deno it is this file; in the browser it is
 * `assets/jobs.js`, and playground code imports it as `groundup/jobs`.
 *
 * @module
 */

/**
 * This module's own URL, to name it in `pool.submit(JOBS, "fib", 30)`.
 *
 * @example
 * ```ts
 * import { JOBS } from "./jobs.ts";
 * console.assert(JOBS.endsWith("jobs.ts"));
 * ```
 */
export const JOBS: string = import.meta.url;

/**
 * The talk's deliberately slow Fibonacci: CPU work that blocks its thread.
 *
 * @example
 * ```ts
 * import { fib } from "./jobs.ts";
 * console.assert(fib(10) === 55);
 * ```
 */
export function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
