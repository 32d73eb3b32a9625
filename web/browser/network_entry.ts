/**
 * The in-memory network and kernel sockets for the browser:
 * `assets/network.js`. It stands in for TCP, which a page does not have.
 * Its kernel imports resolve to `kernel.js` (see `web/bundle.ts`).
 *
 * @module
 */

export * from "../../kernel/memory_network.ts";
export * from "../../kernel/readiness_selector.ts";
export * from "../../kernel/socket_backend.ts";
export * from "../../kernel/sockets.ts";
