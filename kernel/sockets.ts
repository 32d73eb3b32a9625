/**
 * Kernel sockets: `accept`, `recv` and `send` that wait in the kernel instead
 * of blocking the thread, the shape of Beazley's `aserver.py`.
 *
 * Every blocking call is the same three steps, over any
 * {@linkcode SocketBackend} (the in-memory network, Deno's sockets, raw
 * `poll(2)` descriptors):
 *
 * 1. try the non-blocking call;
 * 2. if it finished, return its result;
 * 3. if it would block, `yield* readWait(resource)` (or `writeWait`): the
 *    task is suspended, the kernel adds the resource to its selector, runs
 *    other tasks, and resumes this one when the selector reports it ready.
 *    Then go back to 1.
 *
 * `aserver.py` waits first and calls second (`yield 'recv', sock` then
 * `sock.recv`); trying first saves a trip through the kernel whenever data
 * is already there, which on a busy server is most of the time (curio does
 * the same). `listen` and `close` never block, so they are plain functions,
 * as `sock.listen()` and `sock.close()` are in Python.
 *
 * Close a socket from the task that uses it, or cancel that task first. A
 * task still waiting on a socket that another task closes is woken by the
 * kernel at the close, on every network, with a `ClosedResourceError`
 * thrown from its `readWait` or `writeWait` (Trio's `notify_closing`); on
 * `poll(2)` this happens before the descriptor number is freed.
 *
 * @module
 */

import { ClosedResourceError } from "./errors.ts";
import { readWait, writeWait } from "./operations.ts";
import {
  type ConnectOptions,
  type ListenOptions,
  type NetAddress,
  type SocketBackend,
  WOULD_BLOCK,
} from "./socket_backend.ts";
import type { KernelOp } from "./types.ts";

/**
 * Any back-end, with its handle types forgotten: a {@linkcode Socket} does
 * not care which network it lives on.
 *
 * @example Any of the three networks
 * ```ts
 * import type { AnyBackend } from "./sockets.ts";
 * import { MemoryNetwork } from "./memory_network.ts";
 * const backend: AnyBackend = new MemoryNetwork();
 * console.assert(backend.name === "memory");
 * ```
 */
export type AnyBackend = SocketBackend<unknown, unknown, unknown>;

/**
 * A listening socket. `using` closes it at the end of the scope, also when
 * the task is cancelled.
 *
 * @example Listening on any free port
 * ```ts
 * import { listen } from "./sockets.ts";
 * import { MemoryNetwork } from "./memory_network.ts";
 * const net = new MemoryNetwork();
 * using listener = listen(net, { port: 0 });
 * console.assert(listener.address.port > 0);
 * ```
 */
export class Listener {
  /** The network this listener belongs to. */
  readonly backend: AnyBackend;
  /** The back-end's handle (a memory listener, a Deno listener, an fd). */
  readonly handle: unknown;
  #closed = false;

  /** Use {@linkcode listen}. @ignore */
  constructor(backend: AnyBackend, handle: unknown) {
    this.backend = backend;
    this.handle = handle;
  }

  /** The bound address (the real port after `port: 0`). */
  get address(): NetAddress {
    return this.backend.localAddress(this.handle);
  }

  /** `true` after {@linkcode close}. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Close the listener; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.backend.close(this.handle);
  }

  /** For `using`: close the listener. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * A connected socket. `using` closes it at the end of the scope, also when
 * the task is cancelled.
 *
 * @example A client that says hello
 * ```ts ignore
 * function* client(net: AnyBackend, port: number): KernelOp<void> {
 *   using sock = yield* connect(net, { port });
 *   yield* sendAll(sock, new TextEncoder().encode("hello"));
 * }
 * ```
 */
export class Socket {
  /** The network this socket belongs to. */
  readonly backend: AnyBackend;
  /** The back-end's handle (a memory connection, a Deno connection, an fd). */
  readonly handle: unknown;
  /** What the selector reports for this socket. */
  readonly resource: unknown;
  #closed = false;

  /** Use {@linkcode accept} or {@linkcode connect}. @ignore */
  constructor(backend: AnyBackend, handle: unknown) {
    this.backend = backend;
    this.handle = handle;
    this.resource = backend.resource(handle);
  }

  /** `true` after {@linkcode close} or {@linkcode abort}. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Close gracefully (the peer reads end of stream); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.backend.close(this.handle);
  }

  /** Half-close (the peer reads end of stream, and may still answer); see {@linkcode shutdown}. */
  shutdown(): void {
    if (this.#closed) {
      throw new ClosedResourceError(
        `Cannot shut down a socket on the "${this.backend.name}" network as it is closed`,
      );
    }
    if (this.backend.shutdown === undefined) {
      throw new Error(
        `Cannot shut down a socket on the "${this.backend.name}" network as it has no half-close: use close()`,
      );
    }
    this.backend.shutdown(this.handle);
  }

  /** Close abortively (the peer sees a reset); see {@linkcode abort}. */
  abort(): void {
    if (this.#closed) return;
    if (this.backend.abort === undefined) {
      throw new Error(
        `Cannot reset a socket on the "${this.backend.name}" network as it has no way to send a reset: use close()`,
      );
    }
    this.#closed = true;
    this.backend.abort(this.handle);
  }

  /** For `using`: close the socket. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Bind and listen. Never blocks, so it is a plain function, not an operation.
 *
 * @param backend The network: a `MemoryNetwork`, `DenoNetwork` or `PollNetwork`.
 * @param options Address, port (`0` picks one) and backlog.
 * @returns The listening socket.
 *
 * @example Beazley's fib server address
 * ```ts
 * import { listen } from "./sockets.ts";
 * import { MemoryNetwork } from "./memory_network.ts";
 * using listener = listen(new MemoryNetwork(), { port: 25000 });
 * console.assert(listener.address.port === 25000);
 * ```
 */
export function listen(backend: AnyBackend, options?: ListenOptions): Listener {
  return new Listener(backend, backend.listen(options));
}

/**
 * Wait for a connection and return it (`aserver.py`: `yield 'recv', sock;
 * client, addr = sock.accept()`).
 *
 * @example Serving forever
 * ```ts ignore
 * while (true) {
 *   const client = yield* accept(listener);
 *   yield* spawn(handler, client);
 * }
 * ```
 */
export function* accept(listener: Listener): KernelOp<Socket> {
  for (;;) {
    const handle = listener.backend.accept(listener.handle);
    if (handle !== WOULD_BLOCK) return new Socket(listener.backend, handle);
    yield* readWait(listener.backend.resource(listener.handle));
  }
}

/**
 * Connect to a listener and wait until the connection is made.
 *
 * @example A client
 * ```ts ignore
 * using sock = yield* connect(net, { hostname: "127.0.0.1", port: 25000 });
 * ```
 */
export function* connect(backend: AnyBackend, options: ConnectOptions): KernelOp<Socket> {
  const sock = new Socket(backend, backend.connect(options));
  try {
    while (backend.finishConnect(sock.handle) === WOULD_BLOCK) yield* writeWait(sock.resource);
  } catch (error) {
    sock.close();
    throw error;
  }
  return sock;
}

/**
 * Receive up to `max` bytes; an empty array means the peer closed (end of
 * stream). It may return fewer bytes than were sent: loop until you have a
 * whole message.
 *
 * @throws {ConnectionResetError} When the peer reset the connection.
 *
 * @example Reading until the peer closes
 * ```ts ignore
 * for (;;) {
 *   const data = yield* recv(sock, 65536);
 *   if (data.length === 0) break;
 * }
 * ```
 */
export function* recv(sock: Socket, max: number): KernelOp<Uint8Array> {
  for (;;) {
    const data = sock.backend.recv(sock.handle, max);
    if (data !== WOULD_BLOCK) return data;
    yield* readWait(sock.resource);
  }
}

/**
 * Send some leading bytes of `data`, waiting for room if there is none, and
 * return how many were taken (at least one unless `data` is empty). Use
 * {@linkcode sendAll} to send everything.
 *
 * @throws {ConnectionResetError} When the peer is gone.
 *
 * @example The rest is still to send
 * ```ts ignore
 * const n = yield* send(sock, data);
 * data = data.subarray(n);
 * ```
 */
export function* send(sock: Socket, data: Uint8Array): KernelOp<number> {
  for (;;) {
    const n = sock.backend.send(sock.handle, data);
    if (n !== WOULD_BLOCK) return n;
    yield* writeWait(sock.resource);
  }
}

/**
 * Send all of `data`, waiting for room as often as needed (backpressure: a
 * slow reader slows this task down, not the whole server).
 *
 * @throws {ConnectionResetError} When the peer is gone.
 *
 * @example Echo
 * ```ts ignore
 * const data = yield* recv(sock, 65536);
 * yield* sendAll(sock, data);
 * ```
 */
export function* sendAll(sock: Socket, data: Uint8Array): KernelOp<void> {
  while (data.length > 0) {
    const n = yield* send(sock, data);
    data = data.subarray(n);
  }
}

/**
 * Close a socket or listener. Never blocks, so it is a plain function.
 *
 * @example Closing after use (or let `using` do it)
 * ```ts
 * import { close, listen } from "./sockets.ts";
 * import { MemoryNetwork } from "./memory_network.ts";
 * const net = new MemoryNetwork();
 * close(listen(net, { port: 1 }));
 * console.assert(net.openCount === 0);
 * ```
 */
export function close(handle: Socket | Listener): void {
  handle.close();
}

/**
 * Half-close a socket, as `sock.shutdown(socket.SHUT_WR)` does in Python:
 * say "I am done sending" while still reading the answer. The peer's
 * `recv` returns end of stream after the bytes already sent, and the peer
 * may still send back; this socket can still `recv`, and its next `send`
 * throws {@linkcode ConnectionResetError} (`EPIPE`). Close it when done.
 * Never blocks. The same on all three networks.
 *
 * @example A request, then end of stream, then the reply
 * ```ts
 * import assert from "node:assert/strict";
 * import { run } from "./kernel.ts";
 * import { MemoryNetwork } from "./memory_network.ts";
 * import { spawn } from "./operations.ts";
 * import { accept, connect, listen, recv, sendAll, shutdown } from "./sockets.ts";
 * import type { KernelOp } from "./types.ts";
 *
 * const net = new MemoryNetwork();
 * const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
 * function* readAll(sock: Parameters<typeof recv>[0]): KernelOp<string> {
 *   let all = "";
 *   for (let data = yield* recv(sock, 100); data.length > 0; data = yield* recv(sock, 100)) {
 *     all += text(data);
 *   }
 *   return all;
 * }
 * const reply = await run(function* main() {
 *   using listener = listen(net, { port: 1 });
 *   yield* spawn(function* server() {
 *     using sock = yield* accept(listener);
 *     const request = yield* readAll(sock); // until the client's end of stream
 *     yield* sendAll(sock, new TextEncoder().encode(`got ${request}`));
 *   });
 *   using sock = yield* connect(net, { port: 1 });
 *   yield* sendAll(sock, new TextEncoder().encode("ping"));
 *   shutdown(sock); // done sending; still reading
 *   return yield* readAll(sock);
 * }, { selector: net });
 * assert.equal(reply, "got ping");
 * ```
 */
export function shutdown(sock: Socket): void {
  sock.shutdown();
}

/**
 * Close a socket abortively so the peer sees a reset (RST), as `SO_LINGER`
 * with a zero timeout does. The memory and `poll(2)` networks support it;
 * Deno's sockets cannot send a reset and throw.
 *
 * @example Resetting a client in a test
 * ```ts
 * import { abort, listen, Socket } from "./sockets.ts";
 * import { MemoryNetwork } from "./memory_network.ts";
 * const net = new MemoryNetwork();
 * using listener = listen(net, { port: 1 });
 * const sock = new Socket(net, net.connect({ port: 1 }));
 * abort(sock);
 * console.assert(sock.closed);
 * ```
 */
export function abort(sock: Socket): void {
  sock.abort();
}
