/**
 * Jobs the worker-pool graders run in a learner's pool, besides the
 * lesson's own (`lessons/10-workers/jobs.ts`).
 *
 * @module
 */

/**
 * Start beating: every 2 ms, add one to `cell[0]` (and notify), for as long
 * as this Worker lives. Returns at once, so the Worker goes idle while its
 * heart beats on: a Worker that is not terminated shows itself.
 */
export function heartbeat(cell: Int32Array): true {
  setInterval(() => {
    Atomics.add(cell, 0, 1);
    Atomics.notify(cell, 0);
  }, 2);
  return true;
}

let served = 0;

/** How many times this Worker has run `count`, this call included: 1 on a fresh Worker. */
export function count(): number {
  return ++served;
}
