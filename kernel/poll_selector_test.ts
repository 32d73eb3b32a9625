import assert from "node:assert/strict";
import { PollNetwork, pollUnsupportedReason } from "./poll_selector.ts";
import type { Interest } from "./selector.ts";
import { ConnectionResetError, WOULD_BLOCK } from "./socket_backend.ts";

// Why ignore: poll(2) through FFI needs Linux or Intel macOS and --allow-ffi;
// elsewhere (Windows, or FFI not granted) these tests are skipped, not failed.
const ignore = pollUnsupportedReason() !== null;
if (ignore) console.warn(`poll_selector_test.ts skipped: ${pollUnsupportedReason()}`);

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Block in poll(2) until `fd` is ready for `interest`: a one-task event loop. */
function waitFor(net: PollNetwork, fd: number, interest: Interest): void {
  net.selector.register(fd, interest);
  try {
    while (!net.selector.select(null).some((e) => e.resource === fd && e.interest === interest));
  } finally {
    net.selector.unregister(fd, interest);
  }
}

function connectPair(net: PollNetwork): { listener: number; client: number; server: number } {
  const listener = net.listen({ port: 0 });
  const client = net.connect(net.localAddress(listener));
  while (net.finishConnect(client) === WOULD_BLOCK) waitFor(net, client, "write");
  let server = net.accept(listener);
  while (server === WOULD_BLOCK) {
    waitFor(net, listener, "read");
    server = net.accept(listener);
  }
  return { listener, client, server };
}

function recvAll(net: PollNetwork, fd: number, max: number): string[] {
  const chunks: string[] = [];
  for (;;) {
    const got = net.recv(fd, max);
    if (got === WOULD_BLOCK) waitFor(net, fd, "read");
    else if (got.length === 0) return chunks;
    else chunks.push(decode(got));
  }
}

Deno.test({
  name: "PollNetwork echoes over 127.0.0.1 with partial reads, then end of stream",
  ignore,
  fn() {
    const net = new PollNetwork();
    const { listener, client, server } = connectPair(net);
    assert.equal(net.localAddress(listener).hostname, "127.0.0.1");
    assert.equal(net.send(client, encode("hello world")), 11);
    const first = net.recv(server, 4);
    assert.ok(first !== WOULD_BLOCK);
    // The whole message may not have arrived in one go; read the rest in small chunks.
    net.close(client);
    const chunks = [decode(first), ...recvAll(net, server, 4)];
    assert.equal(chunks.join(""), "hello world");
    assert.ok(chunks.every((chunk) => chunk.length <= 4));
    net.close(server);
    net.close(listener);
    assert.equal(net.openCount, 0);
    net.close();
  },
});

Deno.test({
  name: "PollNetwork.abort() makes the peer's recv throw ConnectionResetError",
  ignore,
  fn() {
    const net = new PollNetwork();
    const { client, server } = connectPair(net);
    net.abort(client);
    assert.throws(() => recvAll(net, server, 100), (error: unknown) => {
      assert.ok(error instanceof ConnectionResetError, String(error));
      assert.equal(error.code, "ECONNRESET");
      assert.match(error.message, /^Cannot recv as the peer reset the connection: ECONNRESET/);
      return true;
    });
    net.close();
    assert.equal(net.openCount, 0);
  },
});

Deno.test({
  name: "PollNetwork.send() returns WOULD_BLOCK once the peer stops reading",
  ignore,
  fn() {
    const net = new PollNetwork();
    const { client, server } = connectPair(net);
    const chunk = new Uint8Array(65536);
    let sent = 0;
    let result: number | typeof WOULD_BLOCK = 0;
    // Bounded: loopback socket buffers are a few MiB at most.
    for (let i = 0; i < 4096 && result !== WOULD_BLOCK; i++) {
      result = net.send(client, chunk);
      if (result !== WOULD_BLOCK) sent += result;
    }
    assert.equal(result, WOULD_BLOCK);
    let received = 0;
    while (received < sent) {
      const got = net.recv(server, 1 << 20);
      if (got === WOULD_BLOCK) waitFor(net, server, "read");
      else received += got.length;
    }
    waitFor(net, client, "write"); // room again
    assert.notEqual(net.send(client, chunk), WOULD_BLOCK);
    net.close();
  },
});

Deno.test({
  name: "PollNetwork.finishConnect() throws when nothing listens",
  ignore,
  fn() {
    const net = new PollNetwork();
    const listener = net.listen({ port: 0 });
    const { port } = net.localAddress(listener);
    net.close(listener);
    let failure: unknown = null;
    try {
      const client = net.connect({ port });
      while (net.finishConnect(client) === WOULD_BLOCK) waitFor(net, client, "write");
    } catch (error) {
      failure = error;
    }
    assert.match(String(failure), /Cannot connect.*(refused|errno)/i);
    net.close();
    assert.equal(net.openCount, 0);
  },
});

Deno.test({
  name: "PollNetwork.connect() in a hot loop always reads its own EINPROGRESS",
  ignore,
  fn() {
    // Regression: errno used to be read through two calls after connect(),
    // and about one process in fifteen one of them left errno at ENOENT as
    // the loop got optimized. A loop long enough to be optimized, every time.
    const net = new PollNetwork();
    const address = net.localAddress(net.listen({ port: 0, backlog: 1024 }));
    for (let i = 0; i < 500; i++) net.close(net.connect(address));
    net.close();
    assert.equal(net.openCount, 0);
  },
});

Deno.test({
  name: "PollNetwork.recv() returns a copy that the next recv does not overwrite",
  ignore,
  fn() {
    const net = new PollNetwork();
    const { client, server } = connectPair(net);
    net.send(client, encode("first"));
    waitFor(net, server, "read");
    const first = net.recv(server, 5);
    net.send(client, encode("second"));
    waitFor(net, server, "read");
    const second = net.recv(server, 6);
    assert.ok(first !== WOULD_BLOCK && second !== WOULD_BLOCK);
    assert.deepEqual([decode(first), decode(second)], ["first", "second"]);
    net.close();
  },
});

Deno.test({
  name: "PollNetwork.listen() refuses an address that is not IPv4",
  ignore,
  fn() {
    const net = new PollNetwork();
    assert.throws(
      () => net.listen({ hostname: "::1" }),
      new Error(
        "Cannot use address '::1' with the poll(2) selector: give an IPv4 address such as 127.0.0.1",
      ),
    );
    net.close();
    assert.equal(net.openCount, 0);
  },
});

Deno.test({
  name: "PollSelector.wakeup() makes a blocked poll return, and is not lost when early",
  ignore,
  fn() {
    const net = new PollNetwork();
    net.selector.wakeup();
    assert.deepEqual(net.selector.select(null), []);
    assert.equal(net.selector.wakeups, 1);
    assert.deepEqual(net.selector.select(0), [], "the pipe was drained");
    assert.equal(net.selector.wakeups, 1);
    net.close();
  },
});

/** A Worker running `testdata/wake_poll_worker.ts`, and a way to ask it something. */
function wakerWorker(): {
  ask(message: Int32Array | "wake" | "close"): Promise<unknown>;
  worker: Worker;
} {
  const worker = new Worker(new URL("./testdata/wake_poll_worker.ts", import.meta.url), {
    type: "module",
  });
  return {
    worker,
    ask: (message) =>
      new Promise((resolve) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.postMessage(message);
      }),
  };
}

Deno.test({
  name: "PollSelector is woken from a worker writing through its waker",
  ignore,
  async fn() {
    const net = new PollNetwork();
    const { worker, ask } = wakerWorker();
    try {
      const reply = ask(net.waker);
      // Blocks this thread in poll(2) until the worker writes its byte.
      assert.deepEqual(net.selector.select(null), []);
      assert.equal(net.selector.wakeups, 1);
      assert.equal(await reply, "woke");
      await ask("close");
    } finally {
      worker.terminate();
      net.close();
    }
  },
});

Deno.test({
  name: "a worker stops writing to the wakeup pipe once the selector has closed it",
  ignore,
  async fn() {
    // Regression: Workers kept the pipe's number and went on writing to it
    // after close, into whatever the operating system opened next there.
    const { worker, ask } = wakerWorker();
    const old = new PollNetwork();
    const oldFd = Atomics.load(old.waker, 0);
    let next: PollNetwork | undefined;
    try {
      assert.equal(await ask(old.waker), "woke");
      old.close();
      // What the Workers read: the cell says closed, so none writes (-1).
      assert.equal(Atomics.load(old.waker, 0), -1, "the closed waker's cell");
      next = new PollNetwork(); // the lowest free numbers: the old pipe's, unless
      // another test in this process (deno test --parallel) opened one first.
      assert.equal(await ask("wake"), "woke"); // through the old, closed pipe's cell
      if (Atomics.load(next.waker, 0) === oldFd) {
        assert.deepEqual(next.selector.select(0), []);
        assert.equal(next.selector.wakeups, 0, "the new pipe got a stray byte");
      }
      await ask("close");
    } finally {
      worker.terminate();
      old.close();
      next?.close();
    }
  },
});
