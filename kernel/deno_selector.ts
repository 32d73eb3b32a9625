/**
 * A selector over Deno's own sockets (`Deno.listen`, `Deno.connect`).
 *
 * Deno has no `select(2)`: its sockets only offer Promise-returning calls
 * (`read`, `write`, `accept`) that Deno's own event loop (tokio, over epoll
 * or kqueue) completes. So readiness is modelled on top of those calls:
 *
 * - **read**: each connection owns one read buffer and at most one pending
 *   `conn.read(buffer)`. "Readable" means that read has completed: bytes, end
 *   of stream or an error wait in the buffer, and `recv` hands them out
 *   without blocking. A read starts only when the buffer is empty and someone
 *   wants more (a `recv` that would block, or a read registration), so a slow
 *   task never makes us read ahead without bound: backpressure still reaches
 *   the peer through TCP's window, as it should.
 * - **accept**: likewise one pending `listener.accept()`; "readable" means
 *   it produced a connection. A client that reset before it was accepted
 *   (Deno fails the accept with `NotConnected`, os error 107) is skipped and
 *   the next accept started: one impatient client must not stop a server.
 * - **write**: `send` copies up to {@linkcode DenoNetworkOptions.sendBuffer}
 *   bytes and writes them in the background, the way the OS copies into a
 *   socket's send buffer; "writable" means no write is in flight. An error
 *   from that write is reported by the next `send`.
 * - **connect**: `Deno.connect` starts at once; the connection becomes
 *   writable when it completes (as a non-blocking `connect(2)` does).
 * - **half-close**: `shutdown` asks for `conn.closeWrite()` once the write
 *   in flight (if any) is done, so the peer reads every byte, then end of
 *   stream; `send` refuses from the call on (`EPIPE`), `recv` goes on.
 * - **reset**: Deno's `read` reports a reset (`ECONNRESET`) as end of
 *   stream, so here `recv` returns `[]` and the reset shows at the next
 *   `send`, as {@linkcode ConnectionResetError}. Deno also offers no way to
 *   send a reset (no `SO_LINGER`), so this back-end has no `abort`.
 *
 * Why this shape: it keeps the non-blocking contract of `socket_backend.ts`
 * (a call either finishes now or says `WOULD_BLOCK`), so the same
 * `aserver.py`-style code runs here, on the in-memory network and on raw
 * `poll(2)`. The price is one copy per read and write and a Promise per
 * completed operation. Each completion calls the selector's `changed`, so
 * `select` answers synchronously when something is already ready, and
 * otherwise returns a Promise settled by the first completion that makes a
 * registered pair ready, by the timeout, or by `wakeup()`.
 *
 * @module
 */

import { ClosedResourceError } from "./errors.ts";
import { type Interest, SelectingNetwork } from "./selector.ts";
import { ReadinessSelector } from "./readiness_selector.ts";
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
 * Buffer sizes for a {@linkcode DenoNetwork}.
 *
 * @example Small buffers, to see partial reads
 * ```ts
 * import { DenoNetwork } from "./deno_selector.ts";
 * const net = new DenoNetwork({ readBuffer: 4, sendBuffer: 4 });
 * net.close();
 * ```
 */
export interface DenoNetworkOptions {
  /**
   * Bytes read per `conn.read` (the most one `recv` returns).
   * @default {65536}
   */
  readBuffer?: number;
  /**
   * The most bytes one `send` takes while no write is in flight: the size
   * of the send buffer a connection allocates at its first `send`.
   * @default {65536}
   */
  sendBuffer?: number;
}

/**
 * What a {@linkcode DenoSelector} reports: a listener or a connection.
 *
 * @example A type annotation
 * ```ts
 * import type { DenoResource } from "./deno_selector.ts";
 * const none: DenoResource | null = null;
 * console.assert(none === null);
 * ```
 */
export type DenoResource = DenoListener | DenoConnection;

/**
 * The selector for a {@linkcode DenoNetwork}'s resources; pass it to
 * `run(main, { selector: net.selector })`.
 *
 * @example Waiting for a connection
 * ```ts ignore
 * net.selector.register(listener, "read");
 * const events = await net.selector.select(null);
 * ```
 */
export class DenoSelector extends ReadinessSelector<DenoResource> {
  /** Create the selector; it gives Deno's event loop a turn at least every 5 ms. */
  constructor() {
    super({ hostTurnMs: 5, external: true });
  }
}

/**
 * A listening socket with at most one `accept()` in flight.
 *
 * @example Its address
 * ```ts ignore
 * const listener = net.listen({ port: 0 });
 * console.log(net.localAddress(listener).port);
 * ```
 */
export class DenoListener {
  /** `true` after close. */
  closed = false;
  readonly #net: DenoNetwork;
  readonly #listener: Deno.TcpListener;
  readonly #ready: Deno.TcpConn[] = [];
  #pending = false;
  #error: unknown = null;

  /** Use {@linkcode DenoNetwork.listen}. @ignore */
  constructor(net: DenoNetwork, listener: Deno.TcpListener) {
    this.#net = net;
    this.#listener = listener;
  }

  /** The bound address. */
  get address(): NetAddress {
    const { hostname, port } = this.#listener.addr;
    return { hostname, port };
  }

  /** `true` when an accepted connection (or an error) waits. */
  get readable(): boolean {
    return this.closed || this.#ready.length > 0 || this.#error !== null;
  }

  /** Listeners are never written to. */
  get writable(): boolean {
    return false;
  }

  /** Start an accept when someone waits to read. @ignore */
  watch(interest: Interest): void {
    if (interest === "read") this.#startAccept();
  }

  /** A connection accepted in the background, or `WOULD_BLOCK`. @ignore */
  take(): Deno.TcpConn | WouldBlock {
    if (this.closed) {
      throw new ClosedResourceError(`Cannot accept on listener ${this.#name} as it is closed`);
    }
    if (this.#error !== null) {
      const error = this.#error;
      this.#error = null;
      throw error;
    }
    const conn = this.#ready.shift();
    if (conn !== undefined) return conn;
    this.#startAccept();
    return WOULD_BLOCK;
  }

  /** Stop listening and close connections nobody took. */
  close(): void {
    if (this.closed) return;
    this.#net._closing(this);
    this.closed = true;
    this.#listener.close();
    for (const conn of this.#ready.splice(0)) conn.close();
    this.#net._closed(this);
  }

  get #name(): string {
    return `${this.address.hostname}:${this.address.port}`;
  }

  #startAccept(): void {
    if (this.closed || this.#pending || this.#ready.length > 0 || this.#error !== null) return;
    this.#pending = true;
    this.#net._track(
      this.#listener.accept().then(
        (conn) => {
          this.#pending = false;
          if (this.closed) return conn.close();
          this.#ready.push(conn);
          this.#net.selector.changed(this);
        },
        (error) => {
          this.#pending = false;
          // Why ignore errors after close: closing cancels the pending accept.
          if (this.closed) return;
          // Why skip: a client that reset before we accepted it (Deno then
          // fails with NotConnected, os error 107) is gone; the listener is
          // fine, and the next connection must not wait for it.
          if (isPeerGone(error)) return this.#startAccept();
          this.#error = error;
          this.#net.selector.changed(this);
        },
      ),
    );
  }
}

/**
 * A connection with one read buffer, and at most one read and one write in
 * flight (see the module doc for why).
 *
 * @example Used through the network's back-end methods
 * ```ts ignore
 * const conn = net.connect({ port: 8000 });
 * const bytes = net.recv(conn, 1024); // or WOULD_BLOCK
 * ```
 */
export class DenoConnection {
  /** `true` after close. */
  closed = false;
  readonly #net: DenoNetwork;
  #conn: Deno.TcpConn | null = null;
  readonly #buffer: Uint8Array;
  #start = 0;
  #end = 0;
  #eof = false;
  #reading = false;
  #readError: unknown = null;
  #writing = false;
  #writeError: unknown = null;
  #connectError: unknown = null;
  #writeShut = false; // shutdown() was called: send refuses, closeWrite follows the last write
  // The send buffer (made at the first send), the bytes of the write in
  // flight within it, and how many of those are written so far.
  #sendBuffer: Uint8Array | null = null;
  #chunk: Uint8Array | null = null;
  #written = 0;

  /** Use {@linkcode DenoNetwork.connect} or {@linkcode DenoNetwork.accept}. @ignore */
  constructor(net: DenoNetwork, conn: Deno.TcpConn | Promise<Deno.TcpConn>, readBuffer: number) {
    this.#net = net;
    this.#buffer = new Uint8Array(readBuffer);
    if (!(conn instanceof Promise)) {
      this.#conn = conn;
      return;
    }
    net._track(conn.then(
      (tcp) => {
        if (this.closed) return tcp.close();
        this.#conn = tcp;
        this.#closeWriteWhenIdle();
        this.#net.selector.changed(this);
      },
      (error) => {
        this.#connectError = error;
        this.#net.selector.changed(this);
      },
    ));
  }

  /** `true` when `recv` would not block. */
  get readable(): boolean {
    return this.closed || this.#start < this.#end || this.#eof || this.#readError !== null;
  }

  /** `true` when `send` (or finishing a connect) would not block. */
  get writable(): boolean {
    return this.closed || this.#connectError !== null || this.#writeError !== null ||
      (this.#conn !== null && !this.#writing) || (this.#writeShut && !this.#writing);
  }

  /** Start a background read when someone waits to read. @ignore */
  watch(interest: Interest): void {
    if (interest === "read") this.#startRead();
  }

  /** See {@linkcode DenoNetwork.finishConnect}. @ignore */
  finishConnect(): true | WouldBlock {
    if (this.#connectError !== null) throw this.#connectError;
    return this.#conn === null ? WOULD_BLOCK : true;
  }

  /** See {@linkcode DenoNetwork.recv}. @ignore */
  recv(max: number): Uint8Array | WouldBlock {
    if (this.closed) throw new ClosedResourceError("Cannot recv on a closed connection");
    if (this.#start < this.#end) {
      const end = Math.min(this.#end, this.#start + max);
      // Why slice (a copy): the buffer is reused by the next read.
      const out = this.#buffer.slice(this.#start, end);
      this.#start = end;
      return out;
    }
    if (this.#readError !== null) throw translate(this.#readError, "recv");
    if (this.#eof) return new Uint8Array(0);
    this.#startRead();
    return WOULD_BLOCK;
  }

  /** See {@linkcode DenoNetwork.send}. @ignore */
  send(data: Uint8Array, limit: number): number | WouldBlock {
    if (this.closed) throw new ClosedResourceError("Cannot send on a closed connection");
    if (this.#writeError !== null) throw translate(this.#writeError, "send");
    if (this.#writeShut) {
      throw new ConnectionResetError(
        "Cannot send on a connection whose write side is shut down: EPIPE",
        "EPIPE",
      );
    }
    if (this.#writing || this.#conn === null) return WOULD_BLOCK;
    if (data.length === 0) return 0;
    // Why copy: the caller may reuse its buffer as soon as send returns.
    // Why into a buffer of our own, not `data.slice()`: V8 keeps a small
    // typed array's bytes inside the JavaScript heap, and handing one to
    // Deno's write op makes V8 move them out (a malloc and a copy) first;
    // a view of one long-lived buffer goes to the op as it is.
    const n = Math.min(data.length, limit);
    this.#sendBuffer ??= new Uint8Array(limit);
    this.#sendBuffer.set(n < data.length ? data.subarray(0, n) : data);
    const chunk = this.#sendBuffer.subarray(0, n);
    this.#chunk = chunk;
    this.#written = 0;
    this.#writing = true;
    this.#net._started();
    this.#conn.write(chunk).then(this.#onWrite, this.#onWriteError);
    return n;
  }

  /** See {@linkcode DenoNetwork.shutdown}. @ignore */
  shutdown(): void {
    if (this.closed) throw new ClosedResourceError("Cannot shut down a closed connection");
    if (this.#writeShut) return;
    this.#writeShut = true;
    this.#closeWriteWhenIdle();
    this.#net.selector.changed(this);
  }

  /** Half-close once nothing is being written (nor connecting): the FIN goes after the last byte. */
  #closeWriteWhenIdle(): void {
    const tcp = this.#conn;
    if (!this.#writeShut || this.#writing || tcp === null || this.closed) return;
    // Why tracked: drain() must wait for it, as for every operation started here.
    this.#net._track(
      tcp.closeWrite().catch((error) => {
        if (!this.closed) this.#writeError = error;
      }),
    );
  }

  /** Close the socket; in-flight operations then settle quietly. */
  close(): void {
    if (this.closed) return;
    this.#net._closing(this);
    this.closed = true;
    this.#conn?.close();
    this.#net._closed(this);
  }

  #startRead(): void {
    const tcp = this.#conn;
    if (tcp === null || this.closed || this.#reading || this.readable) return;
    this.#reading = true;
    this.#net._started();
    tcp.read(this.#buffer).then(this.#onRead, this.#onReadError);
  }

  // The completions, made once per connection. Why not closures per call:
  // a message costs a read and a write, so fresh callbacks (and an `async`
  // write loop) per operation were most of what the JavaScript side
  // allocated per message.
  readonly #onRead = (n: number | null): void => {
    this.#reading = false;
    if (n === null) this.#eof = true;
    else [this.#start, this.#end] = [0, n];
    this.#net._settled();
    this.#net.selector.changed(this);
  };

  readonly #onReadError = (error: unknown): void => {
    this.#reading = false;
    // Why ignore errors after close: closing cancels the pending read.
    if (!this.closed) this.#readError = error;
    this.#net._settled();
    this.#net.selector.changed(this);
  };

  readonly #onWrite = (n: number): void => {
    this.#written += n;
    const [tcp, chunk] = [this.#conn, this.#chunk!];
    if (this.#written < chunk.length && tcp !== null && !this.closed) {
      // A partial write: keep the operation in flight for the rest.
      tcp.write(chunk.subarray(this.#written)).then(this.#onWrite, this.#onWriteError);
      return;
    }
    this.#chunk = null;
    this.#writing = false;
    this.#closeWriteWhenIdle();
    this.#net._settled();
    this.#net.selector.changed(this);
  };

  readonly #onWriteError = (error: unknown): void => {
    if (!this.closed) this.#writeError = error;
    this.#chunk = null;
    this.#writing = false;
    this.#net._settled();
    this.#net.selector.changed(this);
  };
}

/**
 * Deno's sockets as a {@linkcode SocketBackend}, with its selector.
 *
 * @example Echo one message without a kernel (needs `--allow-net=127.0.0.1`)
 * ```ts ignore
 * const net = new DenoNetwork();
 * const listener = net.listen({ port: 0 });
 * const client = net.connect(net.localAddress(listener));
 * net.selector.register(listener, "read");
 * await net.selector.select(null);
 * const server = net.accept(listener);
 * net.close();
 * await net.drain();
 * ```
 */
export class DenoNetwork extends SelectingNetwork<DenoResource>
  implements SocketBackend<DenoListener, DenoConnection, DenoResource> {
  /** Always `"deno"`. */
  readonly name = "deno";
  /** The selector for this network's resources. */
  readonly selector: DenoSelector = new DenoSelector();
  readonly #readBuffer: number;
  readonly #sendBuffer: number;
  readonly #open = new Set<DenoResource>();
  #inFlight = 0; // reads, writes, accepts and connects not yet settled
  #drained: (() => void) | null = null; // resolves drain() when #inFlight reaches 0

  /**
   * Create a network with no sockets.
   *
   * @param options Buffer sizes.
   */
  constructor(options: DenoNetworkOptions = {}) {
    super();
    this.#readBuffer = options.readBuffer ?? 65536;
    this.#sendBuffer = options.sendBuffer ?? 65536;
  }

  /** Listeners and connections not yet closed. */
  get openCount(): number {
    return this.#open.size;
  }

  /** Listen with `Deno.listen` (needs `--allow-net`). */
  listen(options: ListenOptions = {}): DenoListener {
    const { hostname = "127.0.0.1", port = 0 } = options;
    const listener = new DenoListener(this, Deno.listen({ hostname, port }));
    this.#open.add(listener);
    return listener;
  }

  /** The address a listener is bound to. */
  localAddress(listener: DenoListener): NetAddress {
    return listener.address;
  }

  /** An accepted connection, or `WOULD_BLOCK` (an accept is then in flight). */
  accept(listener: DenoListener): DenoConnection | WouldBlock {
    const tcp = listener.take();
    if (tcp === WOULD_BLOCK) return WOULD_BLOCK;
    const conn = new DenoConnection(this, tcp, this.#readBuffer);
    this.#open.add(conn);
    return conn;
  }

  /** Start `Deno.connect`; the connection is writable once it completes. */
  connect(options: ConnectOptions): DenoConnection {
    const { hostname = "127.0.0.1", port } = options;
    const conn = new DenoConnection(this, Deno.connect({ hostname, port }), this.#readBuffer);
    this.#open.add(conn);
    return conn;
  }

  /** `true` once connected, `WOULD_BLOCK` while connecting; throws if it failed. */
  finishConnect(conn: DenoConnection): true | WouldBlock {
    return conn.finishConnect();
  }

  /** Bytes from the connection's read buffer, `[]` at end of stream, or `WOULD_BLOCK`. */
  recv(conn: DenoConnection, max: number): Uint8Array | WouldBlock {
    return conn.recv(max);
  }

  /** Take up to `sendBuffer` bytes to write in the background, or `WOULD_BLOCK`. */
  send(conn: DenoConnection, data: Uint8Array): number | WouldBlock {
    return conn.send(data, this.#sendBuffer);
  }

  /**
   * Half-close: `conn.closeWrite()` once the write in flight is done, so
   * the peer reads every byte, then end of stream, and may still send;
   * `recv` goes on, `send` throws {@linkcode ConnectionResetError} (`EPIPE`).
   */
  shutdown(conn: DenoConnection): void {
    conn.shutdown();
  }

  /** Handles are their own selector resources. */
  resource(handle: DenoResource): DenoResource {
    return handle;
  }

  /**
   * Close one listener or connection, or, with no argument, every one this
   * network opened and its selector.
   */
  close(handle?: DenoResource): void {
    if (handle !== undefined) return handle.close();
    for (const open of [...this.#open]) open.close();
    this.selector.close();
  }

  /**
   * Resolves when every read, write, accept and connect this network started
   * has settled. Closing cancels Deno's pending operations, but they settle
   * a moment later: await this after closing so none outlives a test.
   */
  async drain(): Promise<void> {
    while (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
  }

  /** An operation started: {@linkcode drain} waits for it. @ignore */
  _started(): void {
    this.#inFlight++;
  }

  /** An operation settled (call after its result is stored). @ignore */
  _settled(): void {
    if (--this.#inFlight > 0 || this.#drained === null) return;
    const drained = this.#drained;
    this.#drained = null;
    drained();
  }

  /** Count `promise` as an operation until it settles. @ignore */
  _track(promise: Promise<unknown>): void {
    this._started();
    const settled = () => this._settled();
    promise.then(settled, settled);
  }

  /** A resource is about to close: its waiters are woken with `ClosedResourceError`. @ignore */
  _closing(handle: DenoResource): void {
    this.selector.closing(handle);
  }

  /** @ignore */
  _closed(handle: DenoResource): void {
    this.#open.delete(handle);
    this.selector.changed(handle);
  }
}

/** Deno's reset and broken-pipe errors become the shared ConnectionResetError. */
function translate(error: unknown, call: "recv" | "send"): unknown {
  if (error instanceof Deno.errors.ConnectionReset) {
    return new ConnectionResetError(
      `Cannot ${call} as the peer reset the connection: ECONNRESET`,
      "ECONNRESET",
      { cause: error },
    );
  }
  if (error instanceof Deno.errors.BrokenPipe) {
    return new ConnectionResetError(
      `Cannot ${call} as the peer closed the connection: EPIPE`,
      "EPIPE",
      { cause: error },
    );
  }
  return error;
}

/** An accept failed only because that one client already reset or aborted its connection. */
function isPeerGone(error: unknown): boolean {
  const { NotConnected, ConnectionAborted, ConnectionReset } = Deno.errors;
  return error instanceof NotConnected || error instanceof ConnectionAborted ||
    error instanceof ConnectionReset;
}
