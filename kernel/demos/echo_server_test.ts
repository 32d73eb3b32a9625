import assert from "node:assert/strict";
import { DenoNetwork } from "../deno_selector.ts";
import { run } from "../kernel.ts";
import { MemoryNetwork } from "../memory_network.ts";
import { join, spawn } from "../operations.ts";
import { PollNetwork, pollUnsupportedReason } from "../poll_selector.ts";
import type { Selector } from "../selector.ts";
import { WOULD_BLOCK } from "../socket_backend.ts";
import { type AnyBackend, connect, listen, recv, sendAll, type Socket } from "../sockets.ts";
import { taskGroup } from "../task_group.ts";
import type { KernelOp } from "../types.ts";
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

/** One round trip from a kernel client: send `text`, read it all back. */
function* roundTrip(sock: Socket, text: string): KernelOp<string> {
  yield* sendAll(sock, new TextEncoder().encode(text));
  let reply = "";
  while (reply.length < text.length) {
    const data = yield* recv(sock, 1024);
    if (data.length === 0) throw new Error(`the server closed after echoing "${reply}"`);
    reply += new TextDecoder().decode(data);
  }
  return reply;
}

/**
 * `count` raw clients that connect to `port` and reset (RST) at once. Why
 * raw sockets: Deno's cannot send a reset. Why synchronous: while this runs,
 * the server's thread is busy here, so every one of them resets before the
 * server gets to accept it.
 */
function resetBeforeAccept(raw: PollNetwork, port: number, count: number): void {
  const fds = Array.from({ length: count }, () => raw.connect({ port }));
  for (const fd of fds) raw.selector.register(fd, "write");
  let connecting = new Set(fds);
  while (connecting.size > 0) {
    raw.selector.select(1);
    connecting = new Set([...connecting].filter((fd) => raw.finishConnect(fd) === WOULD_BLOCK));
  }
  for (const fd of fds) raw.abort(fd);
}

Deno.test({
  name: "echoServer() survives 2,000 clients that reset before accept, while 10 good clients echo",
  // Why ignore: the resetting clients need FFI (raw sockets with SO_LINGER).
  ignore: pollUnsupportedReason() !== null,
  async fn() {
    // Regression: on the Deno selector the first such client made accept()
    // throw NotConnected (os error 107) and the server was down for everyone.
    for (const name of ["deno", "poll"] as const) {
      const net: AnyBackend & Selector = name === "deno" ? new DenoNetwork() : new PollNetwork();
      const raw = new PollNetwork();
      const crashes: unknown[] = [];
      try {
        // Why a task group: if the server dies, the test ends with its error at once.
        const replies = await run(() =>
          taskGroup(function* (group) {
            const listener = listen(net, { port: 0 });
            const port = listener.address.port;
            yield* group.spawn(echoServer, listener);
            const good: Socket[] = [];
            try {
              for (let i = 0; i < 10; i++) good.push(yield* connect(net, { port }));
              const replies: string[] = [];
              for (let round = 0; round < 20; round++) {
                resetBeforeAccept(raw, port, 100);
                const echoes = [];
                for (const [i, sock] of good.entries()) {
                  echoes.push(yield* group.spawn(roundTrip, sock, `round ${round}, client ${i}`));
                }
                for (const echo of echoes) replies.push(yield* join(echo));
              }
              using fresh = yield* connect(net, { port });
              replies.push(yield* roundTrip(fresh, "still accepting"));
              group.cancel(); // the server accepts forever: stop it
              return replies;
            } finally {
              // Why: the server's handlers are its own tasks; they end when their clients close.
              for (const sock of good) sock.close();
            }
          }), { selector: net, onUnjoinedError: (error) => crashes.push(error) });
        const expected = [];
        for (let round = 0; round < 20; round++) {
          for (let i = 0; i < 10; i++) expected.push(`round ${round}, client ${i}`);
        }
        assert.deepEqual(replies, [...expected, "still accepting"], name);
        assert.deepEqual(crashes, [], name);
      } finally {
        net.close();
        raw.close();
        if (net instanceof DenoNetwork) await net.drain();
      }
    }
  },
});
