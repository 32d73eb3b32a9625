/**
 * Beazley's fib server on the kernel: `fib(n)` for each line a client sends.
 *
 * This is the blocking version, on purpose: `fib(n)` runs on the kernel's
 * thread, so while one client asks for `fib(35)` every other client waits,
 * even one asking for `fib(1)`. Try it with two terminals:
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 kernel/demos/fib_server.ts --selector=deno
 * nc 127.0.0.1 25000   # type 35: slow; meanwhile, in another nc, type 1: also slow
 * ```
 *
 * The fix (the talk's `ProcessPoolExecutor`) moves `fib` to a worker and
 * waits on its Future; it comes with the kernel's worker pool.
 *
 * @module
 */

import { run } from "../kernel.ts";
import { spawn } from "../operations.ts";
import { accept, listen, type Listener, recv, sendAll, type Socket } from "../sockets.ts";
import type { KernelOp } from "../types.ts";
import { chooseNetwork, flags } from "./choose_network.ts";

/**
 * The deliberately slow Fibonacci of the talk: CPU work with no yield.
 *
 * @example
 * ```ts
 * import { fib } from "./fib_server.ts";
 * console.assert(fib(10) === 55);
 * ```
 */
export function fib(n: number): number {
  return n <= 2 ? 1 : fib(n - 1) + fib(n - 2);
}

/**
 * Answer `fib(n)` for every line the client sends, until it closes.
 *
 * @example
 * ```ts ignore
 * yield* spawn(fibHandler, yield* accept(listener));
 * ```
 */
export function* fibHandler(client: Socket): KernelOp<void> {
  using _client = client;
  let pending = "";
  for (;;) {
    const data = yield* recv(client, 100);
    if (data.length === 0) break;
    pending += new TextDecoder().decode(data);
    // Why split on newlines: a read may hold half a request, or several.
    let newline;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      const n = Number.parseInt(line, 10);
      const reply = Number.isNaN(n) ? `not a number: '${line}'` : String(fib(n)); // blocks every task
      yield* sendAll(client, new TextEncoder().encode(reply + "\n"));
    }
  }
}

/**
 * Accept forever, or `limit` clients, one handler task each.
 *
 * @example
 * ```ts ignore
 * yield* fibServer(listen(net, { port: 25000 }));
 * ```
 */
export function* fibServer(listener: Listener, limit = Infinity): KernelOp<void> {
  using _listener = listener;
  for (let served = 0; served < limit; served++) {
    yield* spawn(fibHandler, yield* accept(listener));
  }
}

if (import.meta.main) {
  const { selector = "deno", port = "25000" } = flags(Deno.args);
  const net = chooseNetwork(selector);
  try {
    await run(function* main() {
      const listener = listen(net, { port: Number(port) });
      console.log(`fib server (${net.name}) on 127.0.0.1:${listener.address.port}`);
      yield* fibServer(listener);
    }, { selector: net });
  } finally {
    net.close();
  }
}
