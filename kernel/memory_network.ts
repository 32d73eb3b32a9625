/**
 * An in-memory network: listeners, connections and a selector, with no
 * operating system underneath.
 *
 * It behaves like TCP where a server's code can tell the difference, and
 * nowhere else:
 *
 * - bytes arrive in order, but a read returns at most
 *   {@linkcode MemoryNetworkOptions.maxChunk} bytes, so code that assumes one
 *   `recv` is one message breaks here as it would on a real network;
 * - each direction has a bounded buffer
 *   ({@linkcode MemoryNetworkOptions.bufferSize}): a sender that outruns its
 *   reader gets `WOULD_BLOCK` and must wait to write (backpressure);
 * - a graceful close delivers every byte already sent, then end of stream
 *   (`recv` returns an empty array); `reset()` is an abortive close: the
 *   peer's next `recv` or `send` throws {@linkcode ConnectionResetError};
 * - `shutdown()` is a half-close, as `shutdown(SHUT_WR)` is on a TCP
 *   socket: the peer reads end of stream after the bytes already sent, and
 *   can still send back to this end, which can still read.
 *
 * It is deterministic (no clocks, no threads, no randomness) and uses no Deno
 * API, so the same lessons run in tests and in a browser page.
 *
 * @module
 */

import { ClosedResourceError } from "./errors.ts";
import { ReadinessSelector } from "./readiness_selector.ts";
import { SelectingNetwork } from "./selector.ts";
import {
  ConnectionResetError,
  type ConnectOptions,
  type ListenOptions,
  type NetAddress,
  type SocketBackend,
  WOULD_BLOCK,
  type WouldBlock,
} from "./socket_backend.ts";

/**
 * Tuning for a {@linkcode MemoryNetwork}.
 *
 * @example Tiny reads and a small buffer, to exercise loops and backpressure
 * ```ts
 * import { MemoryNetwork } from "./memory_network.ts";
 * const net = new MemoryNetwork({ maxChunk: 3, bufferSize: 16 });
 * console.assert(net.maxChunk === 3 && net.bufferSize === 16);
 * ```
 */
export interface MemoryNetworkOptions {
  /**
   * The most bytes one `recv` returns, whatever the caller asked for.
   * @default {65536}
   */
  maxChunk?: number;
  /**
   * How many unread bytes a connection holds per direction before `send`
   * returns `WOULD_BLOCK`.
   * @default {65536}
   */
  bufferSize?: number;
}

/**
 * What the memory selector reports: a listener or a connection.
 *
 * @example Registering a listener
 * ```ts
 * import { type MemoryResource, MemoryNetwork } from "./memory_network.ts";
 * const net = new MemoryNetwork();
 * const listener: MemoryResource = net.listen({ port: 1 });
 * net.selector.register(listener, "read");
 * console.assert(net.selector.size === 1);
 * net.close(listener);
 * ```
 */
export type MemoryResource = MemoryListener | MemoryConnection;

/**
 * A listening endpoint; connections wait in its backlog until accepted.
 *
 * @example Accept after connect
 * ```ts
 * import { MemoryNetwork } from "./memory_network.ts";
 * const net = new MemoryNetwork();
 * const listener = net.listen({ port: 7 });
 * const client = net.connect({ port: 7 });
 * const server = listener.accept();
 * console.assert(typeof server === "object" && listener.address.port === 7);
 * client.close();
 * listener.close();
 * ```
 */
export class MemoryListener {
  /** The bound address. */
  readonly address: NetAddress;
  /** `true` after {@linkcode MemoryListener.close}. */
  closed = false;
  readonly #network: MemoryNetwork;
  readonly #backlog: MemoryConnection[] = [];
  readonly #limit: number;

  /** Use {@linkcode MemoryNetwork.listen}. @ignore */
  constructor(network: MemoryNetwork, address: NetAddress, backlog: number) {
    this.#network = network;
    this.address = address;
    this.#limit = backlog;
  }

  /** `true` when `accept` would not block (a connection waits, or closed). */
  get readable(): boolean {
    return this.closed || this.#backlog.length > 0;
  }

  /** Listeners are never written to. */
  get writable(): boolean {
    return false;
  }

  /** Take the oldest pending connection, or `WOULD_BLOCK`. */
  accept(): MemoryConnection | WouldBlock {
    if (this.closed) {
      throw new ClosedResourceError(
        `Cannot accept on listener ${formatAddress(this.address)} as it is closed`,
      );
    }
    return this.#backlog.shift() ?? WOULD_BLOCK;
  }

  /** Stop listening; connections still in the backlog are reset. */
  close(): void {
    if (this.closed) return;
    this.#network._closing(this);
    this.closed = true;
    this.#network._unbind(this);
    // Why reset: nobody will ever accept them, and a client blocked in recv
    // must hear about it rather than wait forever (the OS does the same).
    for (const conn of this.#backlog.splice(0)) conn.reset();
    this.#network._changed(this);
  }

  /** @ignore */
  _enqueue(conn: MemoryConnection): boolean {
    if (this.#backlog.length >= this.#limit) return false;
    this.#backlog.push(conn);
    this.#network._changed(this);
    return true;
  }
}

/**
 * One end of an in-memory connection.
 *
 * @example Partial reads: the reader must loop
 * ```ts
 * import { MemoryNetwork } from "./memory_network.ts";
 * const net = new MemoryNetwork({ maxChunk: 2 });
 * const [a, b] = net.pair();
 * a.send(new TextEncoder().encode("hello"));
 * const first = b.recv(100);
 * console.assert(first instanceof Uint8Array && first.length === 2);
 * a.close();
 * b.close();
 * ```
 */
export class MemoryConnection {
  /** A number for messages, unique in its network. */
  readonly id: number;
  /** The other end, `null` until paired. @ignore */
  _peer: MemoryConnection | null = null;
  /** `true` after `close()` or `reset()` on this end. */
  closed = false;
  readonly #network: MemoryNetwork;
  #inbox: Uint8Array[] = [];
  #inboxBytes = 0;
  #eof = false; // the peer closed or shut down: end of stream after the inbox
  #reset = false; // the peer reset the connection
  #writeShut = false; // this end shut its write side down: send refuses

  /** Use {@linkcode MemoryNetwork.connect} or {@linkcode MemoryNetwork.pair}. @ignore */
  constructor(network: MemoryNetwork, id: number) {
    this.#network = network;
    this.id = id;
  }

  /** Unread bytes waiting in this end's inbox. */
  get buffered(): number {
    return this.#inboxBytes;
  }

  /**
   * `true` when `recv` would not block: data waits, end of stream, a reset,
   * or this end is closed (so the call reports the error).
   */
  get readable(): boolean {
    return this.closed || this.#reset || this.#eof || this.#inboxBytes > 0;
  }

  /** `true` when `send` would not block (room in the peer's inbox, or an error to report). */
  get writable(): boolean {
    const peer = this._peer;
    return this.closed || this.#reset || this.#writeShut || peer === null || peer.closed ||
      peer.#inboxBytes < this.#network.bufferSize;
  }

  /**
   * Up to `max` bytes (and at most the network's `maxChunk`), an empty array
   * at end of stream, or `WOULD_BLOCK`.
   */
  recv(max: number): Uint8Array | WouldBlock {
    if (this.closed) {
      throw new ClosedResourceError(`Cannot recv on connection ${this.id} as it is closed`);
    }
    if (this.#reset) {
      throw new ConnectionResetError(
        `Cannot recv on connection ${this.id} as the peer reset it: ECONNRESET`,
        "ECONNRESET",
      );
    }
    if (this.#inboxBytes === 0) return this.#eof ? new Uint8Array(0) : WOULD_BLOCK;
    const want = Math.min(max, this.#network.maxChunk, this.#inboxBytes);
    const out = new Uint8Array(want);
    let filled = 0;
    while (filled < want) {
      const head = this.#inbox[0];
      const take = Math.min(head.length, want - filled);
      out.set(head.subarray(0, take), filled);
      filled += take;
      if (take === head.length) this.#inbox.shift();
      else this.#inbox[0] = head.subarray(take);
    }
    this.#inboxBytes -= want;
    // Why notify the peer: its send may have been waiting for this room.
    if (this._peer !== null) this.#network._changed(this._peer);
    return out;
  }

  /**
   * Copy as many leading bytes of `data` as fit into the peer's inbox and
   * return how many, or `WOULD_BLOCK` when none fit.
   */
  send(data: Uint8Array): number | WouldBlock {
    if (this.closed) {
      throw new ClosedResourceError(`Cannot send on connection ${this.id} as it is closed`);
    }
    if (this.#reset) {
      throw new ConnectionResetError(
        `Cannot send on connection ${this.id} as the peer reset it: ECONNRESET`,
        "ECONNRESET",
      );
    }
    if (this.#writeShut) {
      throw new ConnectionResetError(
        `Cannot send on connection ${this.id} as its write side is shut down: EPIPE`,
        "EPIPE",
      );
    }
    const peer = this._peer;
    if (peer === null || peer.closed) {
      throw new ConnectionResetError(
        `Cannot send on connection ${this.id} as the peer closed it: EPIPE`,
        "EPIPE",
      );
    }
    if (data.length === 0) return 0;
    const room = this.#network.bufferSize - peer.#inboxBytes;
    if (room <= 0) return WOULD_BLOCK;
    const n = Math.min(room, data.length);
    // Why copy: the caller may reuse its buffer as soon as send returns.
    peer.#inbox.push(data.slice(0, n));
    peer.#inboxBytes += n;
    this.#network._changed(peer);
    return n;
  }

  /** Graceful close: the peer reads what was sent, then end of stream. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.#shut();
    if (this._peer !== null && !this._peer.closed) {
      this._peer.#eof = true;
      this.#network._changed(this._peer);
    }
  }

  /**
   * Half-close (`shutdown(SHUT_WR)`): the peer reads what was sent, then
   * end of stream, and can still send to this end, which can still
   * `recv`; a later `send` here throws {@linkcode ConnectionResetError}
   * (`EPIPE`), as on a TCP socket. Idempotent; throws on a closed end.
   */
  shutdown(): void {
    if (this.closed) {
      throw new ClosedResourceError(`Cannot shut down connection ${this.id} as it is closed`);
    }
    if (this.#writeShut) return;
    this.#writeShut = true;
    this.#network._changed(this); // a task waiting to write now gets the error
    if (this._peer !== null && !this._peer.closed) {
      this._peer.#eof = true;
      this.#network._changed(this._peer);
    }
  }

  /** Abortive close (RST): the peer's next `recv` or `send` throws. Idempotent. */
  reset(): void {
    if (this.closed) return;
    this.#shut();
    if (this._peer !== null && !this._peer.closed) {
      this._peer.#reset = true;
      this._peer.#inbox = [];
      this._peer.#inboxBytes = 0;
      this.#network._changed(this._peer);
    }
  }

  #shut(): void {
    this.#network._closing(this);
    this.closed = true;
    this.#inbox = [];
    this.#inboxBytes = 0;
    this.#network._forget(this);
    this.#network._changed(this);
  }
}

/**
 * The readiness of memory resources, for the kernel's run loop.
 *
 * Why it can answer at once: every change in the network happens in code
 * that runs on this thread, and every change calls
 * {@linkcode ReadinessSelector.changed}, so readiness is always known
 * without asking anyone. `select` returns an array (no `await`) whenever
 * something is ready, a wakeup is pending or the timeout is `0`. Only when
 * nothing is ready and the caller asked to wait does it return a Promise,
 * settled by the next change made from outside the kernel (a test driver, a
 * browser page), by `wakeup()`, or by the timeout. It never starts a timer
 * for a `null` timeout and never waits when asked for `0`, so a virtual
 * clock (which polls with `0`, then jumps) spends no wall time.
 *
 * @example Readiness of a connection
 * ```ts
 * import { MemoryNetwork } from "./memory_network.ts";
 * const net = new MemoryNetwork();
 * const [a, b] = net.pair();
 * net.selector.register(b, "read");
 * console.assert((net.selector.select(0) as unknown[]).length === 0);
 * a.send(new Uint8Array([1]));
 * const events = net.selector.select(0);
 * console.assert(Array.isArray(events) && events[0].resource === b);
 * a.close();
 * b.close();
 * ```
 */
export class MemorySelector extends ReadinessSelector<MemoryResource> {}

function formatAddress(address: NetAddress): string {
  return `${address.hostname}:${address.port}`;
}

/**
 * A whole network in memory, and the {@linkcode SocketBackend} kernel sockets
 * use for it (its `selector` goes to `run(main, { selector })`).
 *
 * @example An echo exchange without a kernel
 * ```ts
 * import { MemoryNetwork } from "./memory_network.ts";
 * import { WOULD_BLOCK } from "./socket_backend.ts";
 * const net = new MemoryNetwork();
 * const listener = net.listen({ port: 25000 });
 * const client = net.connect({ port: 25000 });
 * const server = net.accept(listener);
 * if (server === WOULD_BLOCK) throw new Error("unreachable");
 * net.send(client, new TextEncoder().encode("ping"));
 * const got = net.recv(server, 100);
 * console.assert(got !== WOULD_BLOCK && new TextDecoder().decode(got) === "ping");
 * for (const handle of [client, server, listener]) net.close(handle);
 * console.assert(net.openCount === 0);
 * ```
 */
export class MemoryNetwork extends SelectingNetwork<MemoryResource>
  implements SocketBackend<MemoryListener, MemoryConnection, MemoryResource> {
  /** Always `"memory"`. */
  readonly name = "memory";
  /** The selector for this network's resources. */
  readonly selector: MemorySelector = new MemorySelector();
  /** The most bytes one `recv` returns. */
  readonly maxChunk: number;
  /** Unread bytes a connection holds per direction before `send` blocks. */
  readonly bufferSize: number;
  readonly #listeners = new Map<string, MemoryListener>();
  readonly #open = new Set<MemoryConnection>();
  #nextId = 1;
  #nextPort = 49152;

  /**
   * Create an empty network.
   *
   * @param options Chunk and buffer sizes.
   */
  constructor(options: MemoryNetworkOptions = {}) {
    super();
    const { maxChunk = 65536, bufferSize = 65536 } = options;
    for (const [name, value] of [["maxChunk", maxChunk], ["bufferSize", bufferSize]] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(
          `Cannot create memory network as '${name}' must be a positive integer: received ${value}`,
        );
      }
    }
    this.maxChunk = maxChunk;
    this.bufferSize = bufferSize;
  }

  /** Listeners and connections not yet closed; `0` after a clean shutdown. */
  get openCount(): number {
    return this.#listeners.size + this.#open.size;
  }

  /** Bind a listener; port `0` picks a free one. */
  listen(options: ListenOptions = {}): MemoryListener {
    const { hostname = "127.0.0.1", backlog = 128 } = options;
    let port = options.port ?? 0;
    if (port === 0) {
      while (this.#listeners.has(`${hostname}:${this.#nextPort}`)) this.#nextPort++;
      port = this.#nextPort++;
    }
    const key = `${hostname}:${port}`;
    if (this.#listeners.has(key)) {
      throw new Error(
        `Cannot listen on ${key} as it is already in use: close the other listener or use port 0`,
      );
    }
    const listener = new MemoryListener(this, { hostname, port }, backlog);
    this.#listeners.set(key, listener);
    return listener;
  }

  /** The address a listener is bound to. */
  localAddress(listener: MemoryListener): NetAddress {
    return listener.address;
  }

  /** Take one pending connection, or `WOULD_BLOCK`. */
  accept(listener: MemoryListener): MemoryConnection | WouldBlock {
    return listener.accept();
  }

  /** Connect at once (the accept side waits in the listener's backlog). */
  connect(options: ConnectOptions): MemoryConnection {
    const key = `${options.hostname ?? "127.0.0.1"}:${options.port}`;
    const listener = this.#listeners.get(key);
    if (listener === undefined) {
      throw new Error(
        `Cannot connect to ${key} as nothing listens there: connection refused`,
      );
    }
    const [client, server] = this.pair();
    if (!listener._enqueue(server)) {
      client.close();
      server.close();
      throw new Error(`Cannot connect to ${key} as its backlog is full: connection refused`);
    }
    return client;
  }

  /** Memory connections are connected as soon as `connect` returns. */
  finishConnect(_conn: MemoryConnection): true {
    return true;
  }

  /** Two connected ends, without a listener (like `socketpair(2)`). */
  pair(): [MemoryConnection, MemoryConnection] {
    const a = new MemoryConnection(this, this.#nextId++);
    const b = new MemoryConnection(this, this.#nextId++);
    a._peer = b;
    b._peer = a;
    this.#open.add(a).add(b);
    return [a, b];
  }

  /** See {@linkcode MemoryConnection.recv}. */
  recv(conn: MemoryConnection, max: number): Uint8Array | WouldBlock {
    return conn.recv(max);
  }

  /** See {@linkcode MemoryConnection.send}. */
  send(conn: MemoryConnection, data: Uint8Array): number | WouldBlock {
    return conn.send(data);
  }

  /** Memory handles are their own selector resources. */
  resource(handle: MemoryResource): MemoryResource {
    return handle;
  }

  /**
   * Close one listener or connection (gracefully), or, with no argument,
   * every one still open and the selector.
   */
  close(handle?: MemoryResource): void {
    if (handle !== undefined) return handle.close();
    for (const listener of [...this.#listeners.values()]) listener.close();
    for (const conn of [...this.#open]) conn.close();
    this.selector.close();
  }

  /** Half-close a connection; see {@linkcode MemoryConnection.shutdown}. */
  shutdown(conn: MemoryConnection): void {
    conn.shutdown();
  }

  /** Reset a connection: the peer's next call throws {@linkcode ConnectionResetError}. */
  abort(conn: MemoryConnection): void {
    conn.reset();
  }

  /** @ignore */
  _changed(resource: MemoryResource): void {
    this.selector.changed(resource);
  }

  /** A resource is about to close: its waiters are woken with `ClosedResourceError`. @ignore */
  _closing(resource: MemoryResource): void {
    this.selector.closing(resource);
  }

  /** @ignore */
  _unbind(listener: MemoryListener): void {
    this.#listeners.delete(formatAddress(listener.address));
  }

  /** @ignore */
  _forget(conn: MemoryConnection): void {
    this.#open.delete(conn);
  }
}
