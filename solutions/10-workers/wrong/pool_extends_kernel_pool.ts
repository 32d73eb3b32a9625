/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: Pool extends the reference kernel's WorkerPool and inherits its queue, its Workers and its close(), so nothing of the pool is the learner's own.
 * Check: imports only what its stub imports
 * Grader says: asks you to write yourself
 *
 * Exercise 10-workers/pool: a bounded pool of Workers whose jobs finish as
 * Futures (see solutions/10-workers/pool.ts for the real thing).
 *
 * @module
 */

import { WorkerPool } from "../../../kernel/worker_pool.ts";

/** A bounded pool of Workers: the kernel's, under another name. */
export class Pool extends WorkerPool {
  /** An empty pool; Workers start when jobs arrive. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Cannot create a pool of size ${size}: use an integer >= 1`);
    }
    super({ size });
  }
}
