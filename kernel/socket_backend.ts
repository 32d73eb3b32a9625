/**
 * What kernel sockets need from a network: non-blocking calls and a selector.
 *
 * Beazley's `aserver.py` works because every socket call either finishes at
 * once or would block; when it would block, the task yields `('recv', sock)`
 * and the loop's `select` says when to try again. A {@linkcode SocketBackend}
 * is exactly that contract, once per network: the in-memory network
 * (`memory_network.ts`), Deno's own sockets (`deno_selector.ts`) and raw file
 * descriptors driven by `poll(2)` (`poll_selector.ts`). `sockets.ts` builds
 * the task-facing operations (`accept`, `recv`, `send`, ...) on top of it, so
 * one echo server runs unchanged on all three.
 *
 * Why a `WOULD_BLOCK` value instead of throwing like Python's
 * `BlockingIOError`: "would block" is the normal case on a busy server, and a
 * returned symbol costs nothing where an exception costs a stack trace.
 *
 * @module
 */

import type { Selector } from "./selector.ts";

/**
 * Returned by a non-blocking call that cannot finish now (Python's
 * `BlockingIOError`, C's `EAGAIN`): wait for readiness, then call again.
 *
 * @example Checking for it
 * ```ts
 * import { WOULD_BLOCK } from "./socket_backend.ts";
 * const result: number | typeof WOULD_BLOCK = WOULD_BLOCK;
 * console.assert(result === WOULD_BLOCK);
 * ```
 */
export const WOULD_BLOCK: unique symbol = Symbol("WOULD_BLOCK");

/**
 * The type of {@linkcode WOULD_BLOCK}.
 *
 * @example In a signature
 * ```ts
 * import type { WouldBlock } from "./socket_backend.ts";
 * function tryRead(): Uint8Array | WouldBlock {
 *   return new Uint8Array(1);
 * }
 * console.assert(tryRead().toString() === "0");
 * ```
 */
export type WouldBlock = typeof WOULD_BLOCK;

/**
 * A host and port, as reported by {@linkcode SocketBackend.localAddress}.
 *
 * @example A loopback address
 * ```ts
 * import type { NetAddress } from "./socket_backend.ts";
 * const address: NetAddress = { hostname: "127.0.0.1", port: 25000 };
 * console.assert(address.port === 25000);
 * ```
 */
export interface NetAddress {
  /** An IPv4 address or host name. */
  hostname: string;
  /** A TCP port number. */
  port: number;
}

/**
 * Where to listen.
 *
 * @example Any free port on loopback
 * ```ts
 * import type { ListenOptions } from "./socket_backend.ts";
 * const options: ListenOptions = { port: 0 };
 * console.assert(options.hostname === undefined);
 * ```
 */
export interface ListenOptions {
  /**
   * The address to bind.
   * @default {"127.0.0.1"}
   */
  hostname?: string;
  /**
   * The port to bind; `0` picks a free one (read it back with
   * {@linkcode SocketBackend.localAddress}).
   * @default {0}
   */
  port?: number;
  /**
   * How many connections may wait to be accepted.
   * @default {128}
   */
  backlog?: number;
}

/**
 * Where to connect.
 *
 * @example The fib server from Beazley's talk
 * ```ts
 * import type { ConnectOptions } from "./socket_backend.ts";
 * const options: ConnectOptions = { port: 25000 };
 * console.assert(options.port === 25000);
 * ```
 */
export interface ConnectOptions {
  /**
   * The address to connect to.
   * @default {"127.0.0.1"}
   */
  hostname?: string;
  /** The port to connect to. */
  port: number;
}

/**
 * The connection was reset by the peer (`ECONNRESET`) or the peer is gone
 * and a write cannot be delivered (`EPIPE`). Every back-end throws this one
 * class so a server can catch it the same way on every network.
 *
 * @example Telling a reset apart from other errors
 * ```ts
 * import { ConnectionResetError } from "./socket_backend.ts";
 * const error = new ConnectionResetError("Cannot recv as the peer reset the connection", "ECONNRESET");
 * console.assert(error instanceof ConnectionResetError && error.code === "ECONNRESET");
 * ```
 */
export class ConnectionResetError extends Error {
  /** `ECONNRESET` (reset by peer) or `EPIPE` (peer closed; cannot send). */
  readonly code: "ECONNRESET" | "EPIPE";

  /**
   * Create the error.
   *
   * @param message What failed, std style.
   * @param code Which of the two conditions it is.
   * @param options The original error, if any, as `cause`.
   */
  constructor(message: string, code: "ECONNRESET" | "EPIPE", options?: ErrorOptions) {
    super(message, options);
    this.name = "ConnectionResetError";
    this.code = code;
  }
}

/**
 * A network as kernel sockets see it: every call returns at once, either
 * with a result or with {@linkcode WOULD_BLOCK}.
 *
 * `L` is the back-end's listener handle, `C` its connection handle and `R`
 * the resource its selector reports (for `poll(2)` all three are file
 * descriptor numbers, as in C).
 *
 * @example Accepting without blocking, the way `sockets.ts` does it
 * ```ts
 * import { MemoryNetwork } from "./memory_network.ts";
 * import { WOULD_BLOCK } from "./socket_backend.ts";
 * const net = new MemoryNetwork();
 * const listener = net.listen({ port: 80 });
 * console.assert(net.accept(listener) === WOULD_BLOCK);
 * const client = net.connect({ port: 80 });
 * const server = net.accept(listener);
 * console.assert(server !== WOULD_BLOCK);
 * net.close(client);
 * if (server !== WOULD_BLOCK) net.close(server);
 * net.close(listener);
 * ```
 */
export interface SocketBackend<L, C, R> {
  /** A short name for messages and traces: `"memory"`, `"deno"`, `"poll"`. */
  readonly name: string;
  /** The selector that reports readiness of this back-end's resources. */
  readonly selector: Selector<R>;
  /** Bind and listen; throws when the address is in use. */
  listen(options?: ListenOptions): L;
  /** The address a listener is bound to (the real port after `port: 0`). */
  localAddress(listener: L): NetAddress;
  /** Take one pending connection, or `WOULD_BLOCK` (wait to read the listener). */
  accept(listener: L): C | WouldBlock;
  /** Start connecting; finish with {@linkcode SocketBackend.finishConnect}. */
  connect(options: ConnectOptions): C;
  /**
   * `true` once connected, `WOULD_BLOCK` while still connecting (wait to
   * write the connection); throws when the connection failed.
   */
  finishConnect(conn: C): true | WouldBlock;
  /**
   * Up to `max` bytes, an empty array at end of stream (the peer closed), or
   * `WOULD_BLOCK`; throws {@linkcode ConnectionResetError} on a reset.
   */
  recv(conn: C, max: number): Uint8Array | WouldBlock;
  /**
   * How many leading bytes of `data` were taken (at least one), or
   * `WOULD_BLOCK` when the send buffer is full; throws
   * {@linkcode ConnectionResetError} when the peer is gone.
   */
  send(conn: C, data: Uint8Array): number | WouldBlock;
  /** What to pass to `readWait` / `writeWait` for this handle. */
  resource(handle: L | C): R;
  /** Close a listener or connection (a graceful close, FIN). Idempotent. */
  close(handle: L | C): void;
  /**
   * Half-close a connection (`shutdown(SHUT_WR)`, a FIN while this end
   * stays open): the peer reads what was sent, then end of stream, and may
   * still send back; this end can still `recv`. A later `send` on this end
   * throws {@linkcode ConnectionResetError} (`EPIPE`). Idempotent. Optional
   * so that a back-end written elsewhere still fits; all three of the
   * kernel's have it.
   */
  shutdown?(conn: C): void;
  /**
   * Close a connection abortively, so the peer sees a reset (RST). Optional:
   * Deno's sockets have no way to ask for it.
   */
  abort?(conn: C): void;
}
