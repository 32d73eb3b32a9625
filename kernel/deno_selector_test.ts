import assert from "node:assert/strict";
import { type DenoConnection, DenoNetwork, type DenoResource } from "./deno_selector.ts";
import { run } from "./kernel.ts";
import { join, readWait, spawn } from "./operations.ts";
import type { Interest } from "./selector.ts";
import { ConnectionResetError, WOULD_BLOCK } from "./socket_backend.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Block on the selector until `resource` is ready for `interest`: a one-task event loop. */
async function waitFor(net: DenoNetwork, resource: DenoResource, interest: Interest) {
  net.selector.register(resource, interest);
  try {
    for (;;) {
      const events = await net.selector.select(null);
      if (events.some((e) => e.resource === resource && e.interest === interest)) return;
    }
  } finally {
    net.selector.unregister(resource, interest);
  }
}

async function recvAll(net: DenoNetwork, conn: DenoConnection): Promise<string[]> {
  const chunks: string[] = [];
  for (;;) {
    const got = net.recv(conn, 1024);
    if (got === WOULD_BLOCK) await waitFor(net, conn, "read");
    else if (got.length === 0) return chunks;
    else chunks.push(decode(got));
  }
}

async function sendAll(net: DenoNetwork, conn: DenoConnection, data: Uint8Array) {
  while (data.length > 0) {
    const n = net.send(conn, data);
    if (n === WOULD_BLOCK) await waitFor(net, conn, "write");
    else data = data.subarray(n);
  }
}

async function connected(net: DenoNetwork, port: number) {
  const client = net.connect({ port });
  while (net.finishConnect(client) === WOULD_BLOCK) await waitFor(net, client, "write");
  return client;
}

Deno.test("DenoNetwork delivers bytes in partial reads, then end of stream", async () => {
  const net = new DenoNetwork({ readBuffer: 3, sendBuffer: 4 });
  const listener = net.listen({ port: 0 });
  const client = await connected(net, listener.address.port);
  let server = net.accept(listener);
  while (server === WOULD_BLOCK) {
    await waitFor(net, listener, "read");
    server = net.accept(listener);
  }
  await sendAll(net, client, encode("hello world"));
  while (!client.writable) await waitFor(net, client, "write"); // the last write landed
  net.close(client);
  const chunks = await recvAll(net, server);
  assert.equal(chunks.join(""), "hello world");
  assert.ok(chunks.every((chunk) => chunk.length <= 3), `chunks: ${JSON.stringify(chunks)}`);
  assert.ok(chunks.length >= 4);
  net.close();
  assert.equal(net.openCount, 0);
  await net.drain();
});

Deno.test("DenoNetwork reports a peer reset as ConnectionResetError", async () => {
  const net = new DenoNetwork();
  const listener = net.listen({ port: 0 });
  // The peer is plain Deno: closing with unread bytes makes the OS send a reset (RST).
  const peer = Deno.connect({ hostname: "127.0.0.1", port: listener.address.port });
  await waitFor(net, listener, "read");
  const server = net.accept(listener);
  assert.notEqual(server, WOULD_BLOCK);
  if (server === WOULD_BLOCK) return;
  const tcp = await peer;
  await sendAll(net, server, encode("two bytes"));
  while (!server.writable) await waitFor(net, server, "write");
  const one = new Uint8Array(1);
  assert.equal(await tcp.read(one), 1); // the bytes arrived; eight stay unread
  tcp.close();
  // Deno's read reports a reset as end of stream; the next send sees it.
  assert.deepEqual(await recvAll(net, server), []);
  await sendAll(net, server, encode("more")); // taken into the send buffer...
  await waitFor(net, server, "write"); // ...and the background write failed
  assert.throws(() => net.send(server, encode("more")), (error: unknown) => {
    assert.ok(error instanceof ConnectionResetError, String(error));
    assert.match(error.message, /^Cannot send as the peer (reset|closed) the connection/);
    return true;
  });
  net.close();
  await net.drain();
});

Deno.test("DenoNetwork.finishConnect() throws when the connection is refused", async () => {
  const net = new DenoNetwork();
  const listener = net.listen({ port: 0 });
  const port = listener.address.port;
  net.close(listener); // now nothing listens on `port`
  const client = net.connect({ port });
  await waitFor(net, client, "write");
  assert.throws(() => net.finishConnect(client), Deno.errors.ConnectionRefused);
  net.close();
  await net.drain();
});

Deno.test("DenoSelector.select() returns at once after wakeup() and after the timeout", async () => {
  const net = new DenoNetwork();
  const listener = net.listen({ port: 0 });
  net.selector.register(listener, "read");
  const pending = net.selector.select(null);
  assert.ok(pending instanceof Promise);
  net.selector.wakeup();
  assert.deepEqual(await pending, []);
  assert.deepEqual(await net.selector.select(0.001), []);
  assert.deepEqual(await net.selector.select(0), []);
  net.close();
  await net.drain();
});

Deno.test("closing a Deno socket another task waits on wakes it at once with ClosedResourceError", async () => {
  // Regression: the waiter stayed registered until a later select, and then
  // came back from readWait as if the socket were ready.
  const net = new DenoNetwork();
  try {
    const log = await run(function* main() {
      const log: string[] = [];
      const listener = net.listen({ port: 0 });
      const client = net.connect({ port: net.localAddress(listener).port });
      const waiter = (name: string, resource: DenoResource) =>
        spawn(function* waiter() {
          try {
            yield* readWait(resource);
            log.push(`${name} came back`);
          } catch (error) {
            log.push(`${name}: ${(error as Error).name}`);
          }
        });
      const reader = yield* waiter("reader", client);
      const accepter = yield* waiter("accepter", listener);
      yield* spawn(function* closer() {
        client.close();
        listener.close();
        log.push(`closed, ${net.size} registered`);
      });
      yield* join(reader);
      yield* join(accepter);
      return log;
    }, { selector: net });
    assert.deepEqual(log, [
      "closed, 0 registered",
      "reader: ClosedResourceError",
      "accepter: ClosedResourceError",
    ]);
  } finally {
    net.close();
    await net.drain();
  }
});
