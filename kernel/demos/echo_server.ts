/**
 * A TCP echo server on the kernel, Beazley's `aserver.py` in TypeScript.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 kernel/demos/echo_server.ts --selector=deno
 * deno run --allow-ffi kernel/demos/echo_server.ts --selector=poll
 * deno run kernel/demos/echo_server.ts --selector=memory   # in-process clients
 * nc 127.0.0.1 25000    # then type lines; each comes back
 * ```
 *
 * @module
 */

import { run } from "../kernel.ts";
import { spawn } from "../operations.ts";
import {
  accept,
  type AnyBackend,
  connect,
  listen,
  type Listener,
  recv,
  sendAll,
  type Socket,
} from "../sockets.ts";
import { ConnectionResetError } from "../socket_backend.ts";
import type { KernelOp } from "../types.ts";
import { chooseNetwork, flags } from "./choose_network.ts";

/**
 * Echo one client until it closes (`aserver.py`'s `echo_handler`). A client
 * that resets the connection is done too: it is gone, and that is no crash
 * of the server.
 *
 * @example
 * ```ts ignore
 * yield* spawn(echoHandler, yield* accept(listener));
 * ```
 */
export function* echoHandler(client: Socket): KernelOp<void> {
  using _client = client;
  try {
    for (;;) {
      const data = yield* recv(client, 65536);
      if (data.length === 0) break;
      yield* sendAll(client, data);
    }
  } catch (error) {
    if (!(error instanceof ConnectionResetError)) throw error;
  }
}

/**
 * Accept forever, or `limit` clients, one task each (`aserver.py`'s `echo_server`).
 *
 * @example
 * ```ts ignore
 * yield* echoServer(listen(net, { port: 25000 }));
 * ```
 */
export function* echoServer(listener: Listener, limit = Infinity): KernelOp<void> {
  using _listener = listener;
  for (let served = 0; served < limit; served++) {
    yield* spawn(echoHandler, yield* accept(listener));
  }
}

/**
 * One in-process client for the memory network, which has no real TCP.
 *
 * @example
 * ```ts ignore
 * const reply = yield* echoOnce(net, 25000, "hello");
 * ```
 */
export function* echoOnce(net: AnyBackend, port: number, text: string): KernelOp<string> {
  using sock = yield* connect(net, { port });
  yield* sendAll(sock, new TextEncoder().encode(text));
  let reply = "";
  while (reply.length < text.length) reply += new TextDecoder().decode(yield* recv(sock, 65536));
  return reply;
}

if (import.meta.main) {
  const { selector = "deno", port = "25000" } = flags(Deno.args);
  const net = chooseNetwork(selector);
  try {
    await run(function* main() {
      const listener = listen(net, { port: Number(port) });
      console.log(`echo server (${net.name}) on 127.0.0.1:${listener.address.port}`);
      if (net.name !== "memory") return yield* echoServer(listener);
      yield* spawn(echoServer, listener, 2);
      for (const text of ["hello", "world"]) {
        console.log("echoed:", yield* echoOnce(net, listener.address.port, text));
      }
    }, { selector: net });
  } finally {
    net.close();
  }
}
