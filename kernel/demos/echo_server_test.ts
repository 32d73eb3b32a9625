import assert from "node:assert/strict";
import { run } from "../kernel.ts";
import { MemoryNetwork } from "../memory_network.ts";
import { join, spawn } from "../operations.ts";
import { listen } from "../sockets.ts";
import { echoOnce, echoServer } from "./echo_server.ts";

Deno.test("echoServer() echoes each client in its own task", async () => {
  const net = new MemoryNetwork({ maxChunk: 2 });
  const replies = await run(function* main() {
    const listener = listen(net, { port: 25000 });
    const server = yield* spawn(echoServer, listener, 2);
    const a = yield* spawn(echoOnce, net, 25000, "hello");
    const b = yield* spawn(echoOnce, net, 25000, "world!");
    const replies = [yield* join(a), yield* join(b)];
    yield* join(server);
    return replies;
  }, { selector: net, clock: "virtual" });
  assert.deepEqual(replies, ["hello", "world!"]);
  assert.equal(net.openCount, 0);
});
