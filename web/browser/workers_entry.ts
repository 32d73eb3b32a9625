/**
 * The worker pool and `asleep` for the browser: `assets/workers.js`. Its
 * Workers run `pool_worker.js`, and its kernel imports resolve to
 * `kernel.js` (see `web/bundle.ts`). Both need `SharedArrayBuffer`, so a
 * page that is not cross-origin isolated cannot use them.
 *
 * @module
 */

export * from "../../kernel/worker_pool.ts";
export * from "../../kernel/asleep.ts";
