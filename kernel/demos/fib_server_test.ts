import assert from "node:assert/strict";
import { run } from "../kernel.ts";
import { MemoryNetwork } from "../memory_network.ts";
import { join, spawn } from "../operations.ts";
import { connect, listen, recv, sendAll } from "../sockets.ts";
import { fib, fibServer } from "./fib_server.ts";

Deno.test("fib() is the talk's recursive Fibonacci", () => {
  assert.deepEqual([1, 2, 3, 10, 20].map(fib), [1, 1, 2, 55, 6765]);
});

Deno.test("fibServer() answers requests split across reads and packed into one", async () => {
  const net = new MemoryNetwork({ maxChunk: 3 });
  const reply = await run(function* main() {
    const server = yield* spawn(fibServer, listen(net, { port: 25000 }), 1);
    using sock = yield* connect(net, { port: 25000 });
    yield* sendAll(sock, new TextEncoder().encode("10\n2"));
    yield* sendAll(sock, new TextEncoder().encode("0\nx\n"));
    let reply = "";
    while (reply.split("\n").length < 4) reply += new TextDecoder().decode(yield* recv(sock, 100));
    sock.close();
    yield* join(server);
    return reply;
  }, { selector: net, clock: "virtual" });
  assert.equal(reply, "55\n6765\nnot a number: 'x'\n");
  assert.equal(net.openCount, 0);
});
