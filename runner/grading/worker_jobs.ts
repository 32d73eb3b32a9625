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

let me: number | undefined;
let asked = 0;

/**
 * Which Worker this is, and how many times it has answered `whoami`: the
 * Worker's number is taken from `ids[0]` the first time (1 for the first
 * Worker to ask), so a grader sees which Worker ran each job, and in what
 * order.
 */
export function whoami(ids: Int32Array): { worker: number; job: number } {
  me ??= Atomics.add(ids, 0, 1) + 1;
  return { worker: me, job: ++asked };
}

/**
 * Answer `true`, then die while idle: an error thrown outside any job, from
 * a timer, once the answer is on its way. A pool must forget the Worker
 * then too, and give it no job again.
 */
export function dieIdle(message: string): true {
  setTimeout(() => {
    throw new Error(message);
  }, 0);
  return true;
}
