import assert from "node:assert/strict";
import { DenoNetwork } from "./deno_selector.ts";
import { run } from "./kernel.ts";
import { MemoryNetwork } from "./memory_network.ts";
import { join, spawn } from "./operations.ts";
import { PollNetwork, pollUnsupportedReason } from "./poll_selector.ts";
import { ConnectionResetError } from "./socket_backend.ts";
import {
  abort,
  accept,
  type AnyBackend,
  close,
  connect,
  listen,
  type Listener,
  recv,
  send,
  sendAll,
  shutdown,
  type Socket,
} from "./sockets.ts";
import type { KernelOp } from "./types.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Echo one client until it closes; report how it ended. */
function* echoHandler(client: Socket): KernelOp<string> {
  using _client = client;
  try {
    for (;;) {
      const data = yield* recv(client, 1024);
      if (data.length === 0) return "closed";
      yield* sendAll(client, data);
    }
  } catch (error) {
    if (error instanceof ConnectionResetError) return "reset";
    throw error;
  }
}

/** Accept `count` clients, echo each in its own task, return how each ended. */
function* echoServer(listener: Listener, count: number): KernelOp<string[]> {
  const handlers = [];
  for (let i = 0; i < count; i++) handlers.push(yield* spawn(echoHandler, yield* accept(listener)));
  const endings: string[] = [];
  for (const handler of handlers) endings.push(yield* join(handler));
  listener.close();
  return endings;
}

/** Send `bytes` in pieces of five. */
function* sendPieces(sock: Socket, bytes: Uint8Array): KernelOp<void> {
  for (let i = 0; i < bytes.length; i += 5) yield* sendAll(sock, bytes.subarray(i, i + 5));
}

/**
 * Send `message` in small pieces while reading the echo back, whatever chunks
 * it comes in. Why a second task for sending: with small buffers, a client
 * that sends everything before reading deadlocks against an echo server
 * (both wait for room), which is backpressure working as it should.
 */
function* echoClient(net: AnyBackend, port: number, message: string): KernelOp<string> {
  using sock = yield* connect(net, { port });
  const sender = yield* spawn(sendPieces, sock, encode(message));
  let echoed = "";
  while (echoed.length < message.length) {
    const data = yield* recv(sock, 7);
    assert.ok(data.length > 0, "the server closed early");
    echoed += decode(data);
  }
  yield* join(sender);
  return echoed;
}

/** Connect, then reset instead of closing. */
function* resettingClient(net: AnyBackend, port: number): KernelOp<void> {
  const sock = yield* connect(net, { port });
  yield* sendAll(sock, encode("about to reset"));
  yield* recv(sock, 1); // the server is echoing: it holds the connection now
  abort(sock);
}

/** Three echo clients and one that resets, all as tasks of one kernel. */
function* scenario(net: AnyBackend): KernelOp<{ endings: string[]; echoes: string[] }> {
  const listener = listen(net, { port: 0 });
  const { port } = listener.address;
  const server = yield* spawn(echoServer, listener, 4);
  const messages = ["hello", "a longer message that needs many reads", "x".repeat(3000)];
  const clients = [];
  for (const message of messages) clients.push(yield* spawn(echoClient, net, port, message));
  const echoes: string[] = [];
  for (const client of clients) echoes.push(yield* join(client));
  yield* join(yield* spawn(resettingClient, net, port));
  return { endings: yield* join(server), echoes };
}

function checkScenario(result: { endings: string[]; echoes: string[] }) {
  assert.deepEqual(result.endings, ["closed", "closed", "closed", "reset"]);
  assert.deepEqual(result.echoes, [
    "hello",
    "a longer message that needs many reads",
    "x".repeat(3000),
  ]);
}

Deno.test("sockets echo over the in-memory network with partial reads, backpressure and a reset", async () => {
  const net = new MemoryNetwork({ maxChunk: 3, bufferSize: 64 });
  checkScenario(await run(() => scenario(net), { selector: net, clock: "virtual" }));
  assert.equal(net.openCount, 0);
  assert.equal(net.size, 0);
});

Deno.test("sockets echo over the poll(2) selector on 127.0.0.1 with a reset", {
  // Why ignore: poll(2) needs FFI (--allow-ffi) on Linux or Intel macOS.
  ignore: pollUnsupportedReason() !== null,
}, async () => {
  const net = new PollNetwork();
  try {
    checkScenario(await run(() => scenario(net), { selector: net }));
    assert.equal(net.openCount, 0);
  } finally {
    net.close();
  }
});

Deno.test("sockets echo over Deno's sockets on 127.0.0.1 to kernel and native clients", async () => {
  const net = new DenoNetwork({ readBuffer: 16 });
  const listener = listen(net, { port: 0 });
  const { port } = listener.address;
  // A native Deno client, outside the kernel, that resets: it closes with
  // unread bytes, so the OS sends RST.
  const native = (async () => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(encode("native hello"));
    const buffer = new Uint8Array(64);
    let echoed = "";
    while (echoed.length < 12) {
      const n = await conn.read(buffer);
      if (n === null) break;
      echoed += decode(buffer.subarray(0, n));
    }
    conn.close();
    return echoed;
  })();
  try {
    const result = await run(function* main() {
      const server = yield* spawn(echoServer, listener, 3);
      const a = yield* spawn(echoClient, net, port, "kernel client");
      const b = yield* spawn(echoClient, net, port, "y".repeat(5000));
      return { endings: yield* join(server), echoes: [yield* join(a), yield* join(b)] };
    }, { selector: net });
    assert.deepEqual(result.endings, ["closed", "closed", "closed"]);
    assert.deepEqual(result.echoes, ["kernel client", "y".repeat(5000)]);
    assert.equal(await native, "native hello");
    assert.equal(net.openCount, 0);
  } finally {
    close(listener);
    net.close();
    await net.drain();
  }
});

Deno.test("abort() refuses on Deno's sockets, which cannot send a reset", async () => {
  const net = new DenoNetwork();
  try {
    await assert.rejects(
      run(function* main() {
        using listener = listen(net, { port: 0 });
        const sock = yield* connect(net, { port: listener.address.port });
        using _sock = sock;
        abort(sock);
      }, { selector: net }),
      new Error(
        'Cannot reset a socket on the "deno" network as it has no way to send a reset: use close()',
      ),
    );
  } finally {
    net.close();
    await net.drain();
  }
});

/**
 * A reader waits on a socket; another task closes it. Returns what the
 * reader met, and whether a new socket can then be waited on by another
 * task (on poll(2), the operating system may give it the same number).
 */
function* closeUnderAReader(net: AnyBackend): KernelOp<string[]> {
  using listener = listen(net, { port: 0 });
  const port = listener.address.port;
  const log: string[] = [];
  const client = yield* connect(net, { port });
  using server = yield* accept(listener);
  const reader = yield* spawn(function* reader() {
    try {
      yield* recv(client, 10);
    } catch (error) {
      log.push((error as Error).name);
    }
  });
  yield* spawn(function* closer() {
    client.close(); // the reader still waits on it
  });
  yield* join(reader);
  // The next socket may reuse the number; waiting on it must not be refused.
  const next = yield* connect(net, { port });
  using _accepted = yield* accept(listener);
  const nextReader = yield* spawn(function* nextReader() {
    const data = yield* recv(next, 10);
    log.push(`next got ${decode(data)}`);
  });
  yield* sendAll(_accepted, encode("hi"));
  yield* join(nextReader);
  next.close();
  server.close();
  return log;
}

Deno.test({
  name:
    "closing a socket that another task waits on wakes it with ClosedResourceError, on poll(2) too",
  ignore: pollUnsupportedReason() !== null, // poll(2) needs FFI (--allow-ffi)
  async fn() {
    // Regression: on poll(2) the reader stayed registered, and the next owner
    // of the descriptor number got "already waits".
    for (const net of [new MemoryNetwork(), new PollNetwork(), new DenoNetwork()]) {
      try {
        const log = await run(() => closeUnderAReader(net), { selector: net });
        assert.deepEqual(log, ["ClosedResourceError", "next got hi"], net.name);
      } finally {
        net.close();
        if (net instanceof DenoNetwork) await net.drain();
      }
    }
  },
});

/**
 * A client sends a request and shuts its write side down; the server reads
 * until end of stream, answers, and closes; the client reads the answer
 * until end of stream, then finds it cannot send any more.
 */
function* halfClose(net: AnyBackend): KernelOp<string[]> {
  using listener = listen(net, { port: 0 });
  const log: string[] = [];
  const server = yield* spawn(function* server() {
    using sock = yield* accept(listener);
    let request = "";
    for (let data = yield* recv(sock, 4); data.length > 0; data = yield* recv(sock, 4)) {
      request += decode(data);
    }
    log.push(`server read ${request}, then end of stream`);
    yield* sendAll(sock, encode(`reply to ${request}`));
  });
  using sock = yield* connect(net, { port: listener.address.port });
  yield* sendAll(sock, encode("request"));
  shutdown(sock);
  shutdown(sock); // idempotent
  let reply = "";
  for (let data = yield* recv(sock, 4); data.length > 0; data = yield* recv(sock, 4)) {
    reply += decode(data);
  }
  log.push(`client read ${reply}, then end of stream`);
  try {
    yield* send(sock, encode("more"));
    log.push("client sent after shutdown?");
  } catch (error) {
    log.push(`client send: ${(error as ConnectionResetError).code}`);
  }
  yield* join(server);
  return log;
}

const HALF_CLOSED = [
  "server read request, then end of stream",
  "client read reply to request, then end of stream",
  "client send: EPIPE",
];

Deno.test("shutdown() half-closes on the memory network: the peer reads end of stream and still answers", async () => {
  const net = new MemoryNetwork({ maxChunk: 3 });
  assert.deepEqual(
    await run(() => halfClose(net), { selector: net, clock: "virtual" }),
    HALF_CLOSED,
  );
  assert.equal(net.openCount, 0);
});

Deno.test("shutdown() half-closes on Deno's sockets on 127.0.0.1, as on the memory network", async () => {
  const net = new DenoNetwork({ readBuffer: 4 });
  try {
    assert.deepEqual(await run(() => halfClose(net), { selector: net }), HALF_CLOSED);
    assert.equal(net.openCount, 0);
  } finally {
    net.close();
    await net.drain();
  }
});

Deno.test("shutdown() half-closes on the poll(2) selector on 127.0.0.1, as on the memory network", {
  ignore: pollUnsupportedReason() !== null, // poll(2) needs FFI (--allow-ffi)
}, async () => {
  const net = new PollNetwork();
  try {
    assert.deepEqual(await run(() => halfClose(net), { selector: net }), HALF_CLOSED);
    assert.equal(net.openCount, 0);
  } finally {
    net.close();
  }
});
