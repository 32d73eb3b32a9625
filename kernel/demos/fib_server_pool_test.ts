import assert from "node:assert/strict";
import { run } from "../kernel.ts";
import { MemoryNetwork } from "../memory_network.ts";
import { join, spawn } from "../operations.ts";
import { connect, listen, recv, sendAll } from "../sockets.ts";
import type { KernelOp } from "../types.ts";
import { WorkerPool } from "../worker_pool.ts";
import { fibServer } from "./fib_server_pool.ts";

function* ask(net: MemoryNetwork, requests: string[], replies: number): KernelOp<string> {
  using sock = yield* connect(net, { port: 25000 });
  for (const request of requests) yield* sendAll(sock, new TextEncoder().encode(request));
  let reply = "";
  while (reply.split("\n").length <= replies) {
    reply += new TextDecoder().decode(yield* recv(sock, 100));
  }
  return reply;
}

Deno.test("fibServer() with a pool answers requests split across reads and packed into one", async () => {
  const net = new MemoryNetwork({ maxChunk: 3 });
  await using pool = new WorkerPool({ size: 1 });
  const reply = await run(function* main() {
    const server = yield* spawn(fibServer, listen(net, { port: 25000 }), { pool, limit: 1 });
    const reply = yield* ask(net, ["10\n2", "0\nx\n"], 3);
    yield* join(server);
    return reply;
  }, { selector: pool.watch(net), clock: "virtual" });
  assert.equal(reply, "55\n6765\nnot a number: 'x'\n");
  assert.equal(net.openCount, 0);
});

Deno.test("fibServer() with a pool serves two clients at once", async () => {
  const net = new MemoryNetwork();
  await using pool = new WorkerPool({ size: 2 });
  const replies = await run(function* main() {
    const server = yield* spawn(fibServer, listen(net, { port: 25000 }), { pool, limit: 2 });
    const slow = yield* spawn(ask, net, ["30\n"], 1);
    const quick = yield* spawn(ask, net, ["1\n", "2\n", "3\n"], 3);
    const replies = [yield* join(slow), yield* join(quick)];
    yield* join(server);
    return replies;
  }, { selector: pool.watch(net) });
  assert.deepEqual(replies, ["832040\n", "1\n1\n2\n"]);
  assert.equal(net.openCount, 0);
});
