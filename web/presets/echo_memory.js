// Echo server: one task per client, on the in-memory network
import {
  accept,
  connect,
  listen,
  MemoryNetwork,
  recv,
  run,
  sendAll,
  spawn,
} from "../../kernel/mod.ts";

// The browser has no TCP: the memory network behaves like it (ordered
// bytes, short reads, backpressure) and is the kernel's selector too.
const net = new MemoryNetwork({ maxChunk: 4 });

function* echoHandler(client) {
  using _client = client;
  for (;;) {
    const data = yield* recv(client, 1024); // readWait until bytes arrive
    if (data.length === 0) break; // the client closed
    yield* sendAll(client, data);
  }
}

function* echoServer(listener, clients) {
  using _listener = listener;
  for (let i = 0; i < clients; i++) {
    yield* spawn(echoHandler, yield* accept(listener));
  }
}

function* client(name, text) {
  using sock = yield* connect(net, { port: 25000 });
  yield* sendAll(sock, new TextEncoder().encode(text));
  let reply = "";
  while (reply.length < text.length) {
    reply += new TextDecoder().decode(yield* recv(sock, 1024));
  }
  console.log(`${name} got back:`, reply);
}

await run(function* main() {
  yield* spawn(echoServer, listen(net, { port: 25000 }), 2);
  yield* spawn(client, "alice", "hello, kernel");
  yield* spawn(client, "bob", "bytes in order");
}, { selector: net });
