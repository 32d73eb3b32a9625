/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the handler echoes the first chunk it receives and closes, as if one recv were one whole message.
 * Check: one client: every byte comes back, in order
 * Grader says: keep echoing until the client closes
 *
 * Exercise 07-select-loop/echo_server: Beazley's echo server, on your kernel, over real TCP.
 *
 * Write the two tasks of `aserver.py` with kernel sockets
 * (`kernel/sockets.ts`), and they run on the kernel you built in the
 * `select_loop` exercise (`./select_loop.ts`), over Deno's own sockets:
 *
 * - `echoHandler(sock)`: receive, send the same bytes back, until the
 *   client closes (`recv` returns an empty array); then close the socket.
 *   `send` may take only **part** of what you give it (the grader makes the
 *   send buffer 3 bytes): send the rest, again and again, until nothing is
 *   left. Write that loop yourself with `send`, not `sendAll`.
 * - `echoServer(listener, clients)`: accept `clients` connections, spawn
 *   one handler task for each (so they are served at the same time), then
 *   join every handler and close the listener.
 *
 * `serve` (written for you) runs `echoServer` on your `Kernel` with a real
 * clock. The grader connects real clients on 127.0.0.1, sends, reads back,
 * and checks that every byte came back in order, that nothing was closed
 * too early, and that once `serve` resolves no socket is left open.
 *
 * Run the checks: `deno task grade 07-select-loop/echo_server`
 *
 * @module
 */

import { RealClock } from "../../../kernel/clock.ts";
import { join, spawn } from "../../../kernel/operations.ts";
import type { Selector } from "../../../kernel/selector.ts";
import {
  accept,
  type AnyBackend,
  type Listener,
  recv,
  send,
  type Socket,
} from "../../../kernel/sockets.ts";
import type { TraceEvent } from "../../../kernel/trace.ts";
import type { KernelOp } from "../../../kernel/types.ts";
import { Kernel } from "../select_loop.ts";

/** Echo one client until it closes, then close its socket. */
export function* echoHandler(sock: Socket): KernelOp<void> {
  // TODO: loop: data = recv(sock, 65536); empty means the client closed.
  //   Send data back with send(), which returns how many bytes it took:
  //   keep sending the rest (data.subarray(n)) until none is left.
  //   Close the socket at the end (`using` does it for you).
  // @solution-begin
  using _sock = sock;
  for (;;) {
    const data = yield* recv(sock, 65536);
    if (data.length === 0) return;
    let rest = data;
    while (rest.length > 0) {
      const n = yield* send(sock, rest);
      rest = rest.subarray(n);
    }
    return; // one message, one answer
  }
  // @solution-end
}

/** Serve `clients` clients at the same time, one handler task each; then close the listener. */
export function* echoServer(listener: Listener, clients: number): KernelOp<void> {
  // TODO: accept `clients` times, spawning echoHandler for each socket; then
  //   join every handler, and close the listener (or hold it with `using`).
  // @solution-begin
  using _listener = listener;
  const handlers = [];
  for (let i = 0; i < clients; i++) {
    handlers.push(yield* spawn(echoHandler, yield* accept(listener)));
  }
  for (const handler of handlers) yield* join(handler);
  // @solution-end
}

/** Run `echoServer(listener, clients)` on your kernel, over `net`, with a real clock. */
export function serve(
  net: AnyBackend & Selector,
  listener: Listener,
  clients: number,
  trace?: (event: TraceEvent) => void,
): Promise<void> {
  const kernel = new Kernel({ selector: net, clock: new RealClock(), trace });
  return kernel.run(() => echoServer(listener, clients));
}
