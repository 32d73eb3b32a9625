import assert from "node:assert/strict";
import { run } from "./kernel.ts";
import { MemoryNetwork } from "./memory_network.ts";
import { join, readWait, spawn, writeWait } from "./operations.ts";
import { ConnectionResetError, WOULD_BLOCK } from "./socket_backend.ts";
import type { KernelOp } from "./types.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array | typeof WOULD_BLOCK) => {
  assert.notEqual(bytes, WOULD_BLOCK);
  return new TextDecoder().decode(bytes as Uint8Array);
};

Deno.test("MemoryNetwork connects a client to a listener through its backlog", () => {
  const net = new MemoryNetwork();
  const listener = net.listen({ port: 25000 });
  assert.equal(net.accept(listener), WOULD_BLOCK);
  const client = net.connect({ hostname: "127.0.0.1", port: 25000 });
  assert.equal(net.finishConnect(client), true);
  const server = net.accept(listener);
  assert.notEqual(server, WOULD_BLOCK);
  if (server === WOULD_BLOCK) return;
  assert.equal(net.send(client, encode("ping")), 4);
  assert.equal(decode(net.recv(server, 100)), "ping");
  assert.equal(net.recv(server, 100), WOULD_BLOCK);
  for (const handle of [client, server, listener]) net.close(handle);
  assert.equal(net.openCount, 0);
});

Deno.test("MemoryNetwork.listen() picks free ports and refuses a used one", () => {
  const net = new MemoryNetwork();
  const a = net.listen();
  const b = net.listen({ port: 0 });
  assert.notEqual(a.address.port, b.address.port);
  assert.equal(net.localAddress(a).hostname, "127.0.0.1");
  assert.throws(
    () => net.listen({ port: a.address.port }),
    new Error(
      `Cannot listen on 127.0.0.1:${a.address.port} as it is already in use: close the other listener or use port 0`,
    ),
  );
  a.close();
  b.close();
  assert.equal(net.openCount, 0);
});

Deno.test("MemoryNetwork.connect() is refused when nothing listens", () => {
  const net = new MemoryNetwork();
  assert.throws(() => net.connect({ port: 9 }), /Cannot connect to 127.0.0.1:9 as nothing listens/);
});

Deno.test("MemoryNetwork.connect() is refused when the backlog is full", () => {
  const net = new MemoryNetwork();
  const listener = net.listen({ port: 1, backlog: 1 });
  const first = net.connect({ port: 1 });
  assert.throws(() => net.connect({ port: 1 }), /backlog is full/);
  first.close();
  listener.close();
  assert.equal(net.openCount, 0);
});

Deno.test("MemoryConnection.recv() returns at most maxChunk bytes so readers must loop", () => {
  const net = new MemoryNetwork({ maxChunk: 3 });
  const [a, b] = net.pair();
  a.send(encode("hel"));
  a.send(encode("lo world"));
  const parts: string[] = [];
  for (let got = b.recv(100); got !== WOULD_BLOCK; got = b.recv(100)) parts.push(decode(got));
  assert.deepEqual(parts, ["hel", "lo ", "wor", "ld"]);
  assert.equal(b.recv(2), WOULD_BLOCK, "no data and no end of stream yet");
  a.close();
  b.close();
});

Deno.test("MemoryConnection.close() delivers pending bytes, then end of stream", () => {
  const net = new MemoryNetwork();
  const [a, b] = net.pair();
  a.send(encode("bye"));
  a.close();
  assert.equal(decode(b.recv(100)), "bye");
  assert.equal(decode(b.recv(100)), "");
  assert.equal(decode(b.recv(100)), "", "end of stream stays");
  assert.throws(() => b.send(encode("x")), ConnectionResetError);
  assert.throws(() => a.recv(1), /Cannot recv on connection 1 as it is closed/);
  b.close();
  assert.equal(net.openCount, 0);
});

Deno.test("MemoryConnection.reset() makes the peer's recv and send throw", () => {
  const net = new MemoryNetwork();
  const [a, b] = net.pair();
  a.send(encode("lost"));
  b.reset();
  assert.throws(() => a.recv(1), (error: unknown) => {
    assert.ok(error instanceof ConnectionResetError);
    assert.equal(error.code, "ECONNRESET");
    assert.equal(error.message, "Cannot recv on connection 1 as the peer reset it: ECONNRESET");
    return true;
  });
  assert.throws(() => a.send(encode("x")), /peer reset it/);
  a.close();
  assert.equal(net.openCount, 0);
});

Deno.test("MemoryConnection.send() stops at bufferSize until the reader drains it", () => {
  const net = new MemoryNetwork({ bufferSize: 5 });
  const [a, b] = net.pair();
  assert.equal(a.send(encode("abcdefgh")), 5, "a partial send");
  assert.equal(a.writable, false);
  assert.equal(a.send(encode("fgh")), WOULD_BLOCK);
  assert.equal(decode(b.recv(2)), "ab");
  assert.equal(a.writable, true);
  assert.equal(a.send(encode("fgh")), 2);
  assert.equal(decode(b.recv(100)), "cdefg");
  a.close();
  b.close();
});

Deno.test("MemoryListener.close() resets connections nobody accepted", () => {
  const net = new MemoryNetwork();
  const listener = net.listen({ port: 2 });
  const client = net.connect({ port: 2 });
  listener.close();
  assert.throws(() => client.recv(1), ConnectionResetError);
  client.close();
  assert.equal(net.openCount, 0);
  assert.throws(() => listener.accept(), /Cannot accept on listener 127.0.0.1:2 as it is closed/);
});

Deno.test("MemoryNetwork rejects sizes that are not positive integers", () => {
  assert.throws(
    () => new MemoryNetwork({ maxChunk: 0 }),
    new RangeError(
      "Cannot create memory network as 'maxChunk' must be a positive integer: received 0",
    ),
  );
});

Deno.test("MemorySelector.select() answers synchronously when something is ready", () => {
  const net = new MemoryNetwork();
  const listener = net.listen({ port: 3 });
  const selector = net.selector;
  selector.register(listener, "read");
  assert.deepEqual(selector.select(0), [], "nothing yet");
  const client = net.connect({ port: 3 });
  const events = selector.select(null);
  assert.ok(Array.isArray(events));
  assert.deepEqual(events, [{ resource: listener, interest: "read" }]);
  assert.deepEqual(selector.select(5), events, "level-triggered: still ready, reported again");
  selector.unregister(listener, "read");
  assert.equal(selector.size, 0);
  client.close();
  listener.close();
});

Deno.test("MemorySelector reports write readiness once the reader makes room", () => {
  const net = new MemoryNetwork({ bufferSize: 2 });
  const [a, b] = net.pair();
  a.send(encode("ab"));
  net.selector.register(a, "write");
  net.selector.register(a, "write");
  assert.equal(net.selector.size, 1, "registering twice is one registration");
  assert.deepEqual(net.selector.select(0), []);
  b.recv(1);
  assert.deepEqual(net.selector.select(0), [{ resource: a, interest: "write" }]);
  net.selector.unregister(a, "write");
  net.selector.unregister(a, "write");
  assert.equal(net.selector.size, 0);
  a.close();
  b.close();
});

Deno.test("MemorySelector.select() waits for a change made outside the kernel", async () => {
  const net = new MemoryNetwork();
  const [a, b] = net.pair();
  net.selector.register(b, "read");
  const pending = net.selector.select(null);
  assert.ok(pending instanceof Promise);
  queueMicrotask(() => a.send(encode("x")));
  assert.deepEqual(await pending, [{ resource: b, interest: "read" }]);
  net.selector.close();
  a.close();
  b.close();
});

Deno.test("MemorySelector.wakeup() ends a waiting select, or the next one", async () => {
  const net = new MemoryNetwork();
  const [a, b] = net.pair();
  net.selector.register(b, "read");
  const pending = net.selector.select(3600);
  net.selector.wakeup();
  assert.deepEqual(await pending, []);
  net.selector.wakeup();
  assert.deepEqual(net.selector.select(null), [], "a wakeup before select is not lost");
  net.selector.close();
  a.close();
  b.close();
});

Deno.test("MemorySelector.select() returns [] after the timeout when nothing changes", async () => {
  const net = new MemoryNetwork();
  const [a, b] = net.pair();
  net.selector.register(b, "read");
  assert.deepEqual(await net.selector.select(0.001), []);
  a.close();
  b.close();
});

Deno.test("closing a memory socket another task waits on wakes it at once with ClosedResourceError", async () => {
  // Regression: the waiter stayed registered until the next select, and
  // then came back from readWait/writeWait as if the socket were ready.
  const net = new MemoryNetwork({ bufferSize: 1 });
  const log = await run(function* main() {
    const log: string[] = [];
    const listener = net.listen({ port: 5 });
    const [a, b] = net.pair();
    assert.equal(a.send(new Uint8Array(1)), 1); // b's inbox is full: a cannot write
    const wait = (name: string, op: () => KernelOp<void>) =>
      spawn(function* waiter() {
        try {
          yield* op();
          log.push(`${name} came back`);
        } catch (error) {
          log.push(`${name}: ${(error as Error).name}: ${(error as Error).message}`);
        }
      });
    const accepter = yield* wait("accepter", () => readWait(listener));
    const reader = yield* wait("reader", () => readWait(a));
    const writer = yield* wait("writer", () => writeWait(a));
    yield* spawn(function* closer() {
      log.push(`closing, ${net.size} registered`);
      listener.close();
      a.close();
      log.push(`closed, ${net.size} registered`);
    });
    for (const task of [accepter, reader, writer]) yield* join(task);
    b.close();
    return log;
  }, { selector: net, clock: "virtual" });
  assert.equal(log.length, 5, log.join("\n"));
  assert.deepEqual(log.slice(0, 2), ["closing, 3 registered", "closed, 0 registered"]);
  for (
    const [i, what] of [[2, "accepter: ClosedResourceError: Cannot wait to read"], [
      3,
      "reader: ClosedResourceError: Cannot wait to read",
    ], [4, "writer: ClosedResourceError: Cannot wait to write"]] as const
  ) {
    assert.ok(log[i].startsWith(what), `${log[i]} should start with ${what}`);
    assert.match(log[i], /as it was closed meanwhile/);
  }
  assert.equal(net.openCount, 0);
  assert.equal(net.size, 0);
});

Deno.test("MemoryConnection.shutdown() half-closes: the peer reads end of stream and can still answer", () => {
  const net = new MemoryNetwork();
  const [client, server] = net.pair();
  net.selector.register(server, "read");
  assert.equal(client.send(encode("request")), 7);
  net.shutdown(client);
  assert.equal(decode(server.recv(100)), "request");
  assert.deepEqual(server.recv(100), new Uint8Array(0), "end of stream after the request");
  assert.equal(server.send(encode("reply")), 5, "the peer can still write");
  assert.equal(decode(client.recv(100)), "reply", "the shut-down end can still read");
  assert.throws(
    () => client.send(encode("more")),
    (e) => e instanceof ConnectionResetError && e.code === "EPIPE",
  );
  assert.ok(client.writable, "a send would not block: it throws");
  client.shutdown(); // idempotent
  net.selector.unregister(server, "read");
  server.close();
  assert.deepEqual(client.recv(100), new Uint8Array(0), "end of stream once the peer closes");
  client.close();
  assert.throws(() => client.shutdown(), /Cannot shut down connection 1 as it is closed/);
  assert.equal(net.openCount, 0);
});
