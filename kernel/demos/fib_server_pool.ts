/**
 * Beazley's fib server, fixed: `fib(n)` runs in a worker pool, so one client's
 * `fib(35)` no longer stalls everyone else. Read it beside `fib_server.ts`:
 * the names are the same, one line of `fibHandler` differs (the talk's
 * `yield from future_wait(pool.submit(fib, n))`), and `main` makes a pool.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 --allow-read=. kernel/demos/fib_server_pool.ts --selector=deno
 * deno run --allow-ffi --allow-read=. kernel/demos/fib_server_pool.ts --selector=poll
 * nc 127.0.0.1 25000   # type 35: slow; meanwhile, in another nc, type 1: answered at once
 * ```
 *
 * `--allow-read` is for the Workers, which load `fib_server.ts` to get `fib`.
 *
 * @module
 */

import { run } from "../kernel.ts";
import { spawn } from "../operations.ts";
import { accept, listen, type Listener, recv, sendAll, type Socket } from "../sockets.ts";
import type { KernelOp } from "../types.ts";
import { runInWorker, WorkerPool } from "../worker_pool.ts";
import { chooseNetwork, flags } from "./choose_network.ts";

/** Where the Workers find `fib`: the blocking server's own, unchanged. */
const FIB = new URL("./fib_server.ts", import.meta.url);

/** Options for {@linkcode fibServer}. */
export interface FibServerOptions {
  /** The Workers that compute `fib`. */
  pool: WorkerPool;
  /**
   * How many clients to accept before returning.
   *
   * @default {Infinity}
   */
  limit?: number;
}

/**
 * Answer `fib(n)` for every line the client sends, until it closes; `fib`
 * runs in `pool` while other tasks keep running.
 *
 * @example
 * ```ts ignore
 * yield* spawn(fibHandler, yield* accept(listener), pool);
 * ```
 */
export function* fibHandler(client: Socket, pool: WorkerPool): KernelOp<void> {
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
      const reply = Number.isNaN(n)
        ? `not a number: '${line}'`
        : String(yield* runInWorker<number>(pool, FIB, "fib", n)); // other tasks run meanwhile
      yield* sendAll(client, new TextEncoder().encode(reply + "\n"));
    }
  }
}

/**
 * Accept forever, or `limit` clients, one handler task each.
 *
 * @example
 * ```ts ignore
 * yield* fibServer(listen(net, { port: 25000 }), { pool });
 * ```
 */
export function* fibServer(listener: Listener, options: FibServerOptions): KernelOp<void> {
  const { pool, limit = Infinity } = options;
  using _listener = listener;
  for (let served = 0; served < limit; served++) {
    yield* spawn(fibHandler, yield* accept(listener), pool);
  }
}

if (import.meta.main) {
  const { selector = "deno", port = "25000" } = flags(Deno.args);
  const net = chooseNetwork(selector);
  try {
    await using pool = new WorkerPool();
    await run(function* main() {
      const listener = listen(net, { port: Number(port) });
      console.log(`fib server (${net.name}, worker pool) on 127.0.0.1:${listener.address.port}`);
      yield* fibServer(listener, { pool });
    }, { selector: pool.watch(net) }); // watch: Workers can wake a kernel blocked in poll(2)
  } finally {
    net.close();
  }
}
