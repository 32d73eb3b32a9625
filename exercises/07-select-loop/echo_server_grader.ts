/**
 * Grader for 07-select-loop/echo_server. Run it: `deno task grade 07-select-loop/echo_server`.
 *
 * Real TCP on 127.0.0.1. Each check starts your server with `serve` on a
 * `DenoNetwork` whose send buffer holds 3 bytes and whose reads return at
 * most 5 (so partial sends and partial reads happen on every message), then
 * drives it with real clients (`Deno.connect`): each sends its messages,
 * says it is done (`closeWrite`), and reads until the server closes. Every
 * byte must come back, in order, and when `serve` resolves nothing may be
 * left open. Bounded: a few clients, a few hundred bytes each. Whatever
 * happens, every socket is closed before a check ends, so the grading
 * process exits by itself.
 *
 * The last check generates clients instead (`runner/grading/
 * scripted_clients.ts`): on the in-memory network and a stepped clock, they
 * connect in any order, hold their connections open, send in pieces, read
 * after each piece, and close or reset. Your `echoServer` runs on the
 * reference kernel, and each read must bring back everything that client
 * has sent so far: that is what a server serving every client at once does.
 *
 * @module
 */

import assert from "node:assert/strict";
import { DenoNetwork, listen } from "../../kernel/mod.ts";
import { explore, fc } from "../../runner/grading/explore.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import {
  type ClientScript,
  clientScriptsArbitrary,
  describeScript,
  type ServedRun,
  serveScripted,
} from "../../runner/grading/scripted_clients.ts";
import type * as Exercise from "./echo_server.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** One real client: send `parts`, close the sending side, read everything back. */
async function client(port: number, parts: string[]): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    for (const part of parts) {
      const bytes = encode(part);
      for (let sent = 0; sent < bytes.length;) sent += await conn.write(bytes.subarray(sent));
    }
    await conn.closeWrite();
    const chunks: Uint8Array[] = [];
    const buffer = new Uint8Array(4096);
    for (;;) {
      const n = await conn.read(buffer);
      if (n === null) break;
      chunks.push(buffer.slice(0, n));
    }
    return decode(new Uint8Array(chunks.flatMap((c) => [...c])));
  } finally {
    conn.close();
  }
}

/** What went wrong with one client's echo, in words. */
function checkEcho(who: string, sent: string, got: string): void {
  if (got === sent) return;
  if (sent.startsWith(got)) {
    throw new Mistake(
      `${who}: the server closed the connection after echoing ${got.length} of ${sent.length} bytes: keep echoing until the client closes (recv returns an empty array), then close`,
    );
  }
  let at = 0;
  while (at < got.length && got[at] === sent[at]) at++;
  throw new Mistake(
    `${who}: ${got.length} of ${sent.length} bytes came back, and they differ from byte ${at} on (expected ${
      JSON.stringify(sent.slice(at, at + 12))
    }…, received ${
      JSON.stringify(got.slice(at, at + 12))
    }…): bytes went missing. send() may take only part of the data: it returns how many bytes it took; send the rest until none is left`,
  );
}

/** Serve `scripts.length` clients at once and check every echo. */
async function echoTest({ serve }: typeof Exercise, scripts: string[][]): Promise<void> {
  const net = new DenoNetwork({ readBuffer: 5, sendBuffer: 3 });
  const clients: Promise<string>[] = [];
  try {
    const listener = listen(net, { port: 0 });
    const server = serve(net, listener, scripts.length).then(() => undefined, (error) => ({
      error,
    }));
    for (const parts of scripts) clients.push(client(listener.address.port, parts));
    const first = await Promise.race([Promise.allSettled(clients), server]);
    if (first !== undefined && !Array.isArray(first)) throw first.error;
    const outcome = await server;
    if (outcome !== undefined) throw outcome.error;
    for (const [i, result] of (await Promise.allSettled(clients)).entries()) {
      const who = `client ${i + 1} of ${scripts.length}`;
      if (result.status === "rejected") {
        throw new Mistake(
          `${who} failed (${result.reason}): the server closed the connection before reading everything the client sent. Keep echoing until the client closes (recv returns an empty array), then close`,
        );
      }
      checkEcho(who, scripts[i].join(""), result.value);
    }
    assert.equal(
      net.openCount,
      0,
      "sockets still open once serve() resolved (close each client's socket when its handler ends, and the listener when the server is done)",
    );
  } finally {
    net.close();
    await net.drain();
    await Promise.allSettled(clients);
  }
}

/** Who else was connected and not done at `at`, among the scripted clients. */
function othersConnected(scripts: readonly ClientScript[], me: number, at: number): number[] {
  return scripts.flatMap((s, i) => i !== me && s.connectAt < at && s.endAt > at ? [i + 1] : []);
}

/** What an echo server serving every client at once shows its clients; a Mistake where yours did not. */
function checkServed(served: ServedRun, scripts: readonly ClientScript[]): void {
  if (served.stuck !== undefined) {
    throw new Mistake(
      `once every client was done, your server still waited for something that could never come (${served.stuck}): accept exactly \`clients\` connections, end each handler when its client closes or resets, and return once every handler has ended`,
    );
  }
  for (const log of served.logs) {
    if (log.failed !== undefined) {
      const hint = /nothing listens|backlog/.test(log.failed)
        ? "the listener was closed (or full) before every client had connected: accept all `clients` connections"
        : "the server closed the connection before the client was done: keep echoing until the client closes (recv returns an empty array), then close";
      throw new Mistake(`client ${log.client} failed (${log.failed}): ${hint}`);
    }
    for (const read of log.reads) {
      if (read.received === read.sentBefore) continue;
      const sent = JSON.stringify(read.sentBefore);
      const got = JSON.stringify(read.received);
      if (!read.sentBefore.startsWith(read.received)) {
        throw new Mistake(
          `client ${log.client} had sent ${sent} by ${read.at} s and got ${got} back: bytes changed, went missing or came twice. Send back exactly what recv gave, all of it (send may take part: send the rest)`,
        );
      }
      const others = othersConnected(scripts, log.client - 1, read.at);
      throw new Mistake(
        `client ${log.client} had sent ${sent} by ${read.at} s but got only ${got} back${
          others.length > 0
            ? `, while client${others.length > 1 ? "s" : ""} ${
              others.join(" and ")
            } held a connection open: a server that handles one client at a time makes every other client wait. Spawn a handler task per connection (yield* spawn(echoHandler, sock)) instead of running yield* echoHandler(sock) in the accept loop`
            : ": echo each piece as it arrives, until the client closes"
        }`,
      );
    }
  }
  if (served.open > 0) {
    throw new Mistake(
      `${served.open} socket(s) were still open after the server's run ended: close each client's socket when its handler ends, however it ends (a client may reset the connection: recv then throws), and the listener when the server is done`,
    );
  }
  checkEnded(served, scripts);
}

/**
 * How the server's run must end: with the error of the first client, in the
 * order the server accepted them, whose handler failed (it reset); with no
 * reset, normally. A server that does not join its handlers loses their
 * errors; one that joins them in another order ends with another's.
 */
function checkEnded(served: ServedRun, scripts: readonly ClientScript[]): void {
  const threw = "threw" in served.ended ? served.ended.threw : undefined;
  // Why connect order: the server accepts from the backlog, first come first
  // served (clients connecting at the same moment: in script order, as the world runs them).
  const accepted = scripts.map((script, i) => ({ script, i }))
    .sort((a, b) => a.script.connectAt - b.script.connectAt);
  const first = accepted.find(({ script }) => script.end === "reset");
  if (first === undefined) {
    if (threw === undefined) return;
    throw new Mistake(
      `no client reset its connection, yet your server's run() threw ${threw}: a client that closes is done, and its handler returns`,
    );
  }
  const expected = served.logs[first.i].serverEnd;
  const named = threw === undefined ? undefined : Number(/connection (\d+) /.exec(threw)?.[1]);
  if (named === expected) return;
  const who = `client ${first.i + 1}`;
  if (threw === undefined) {
    throw new Mistake(
      `${who} reset its connection at ${first.script.endAt} s, so its handler's recv threw, yet your server's run() returned: join every handler, so that a failed handler's error comes out of echoServer (join throws the error of the task it joins) instead of being lost`,
    );
  }
  const other = served.logs.findIndex((log) => log.serverEnd === named);
  throw new Mistake(
    `your server's run() threw ${threw}${
      other >= 0 ? ` (client ${other + 1}'s connection)` : ""
    }, where the first of the clients that reset, in the order they were accepted, is ${who} (connection ${expected}): join the handlers in the order you accepted them, so echoServer ends with the first failed one's error`,
  );
}

const long = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${tag}${i.toString().padStart(3, "0")};`).join("");

export default defineGrader<typeof Exercise>({
  "one client: every byte comes back, in order": async (module) => {
    await echoTest(module, [["hello, ", "echo ", "server"]]);
  },
  "partial sends: 400 bytes through a 3-byte send buffer all come back": async (module) => {
    await echoTest(module, [[long("a", 50), long("b", 30)]]);
  },
  "three clients at once, each gets exactly its own bytes back": async (module) => {
    await echoTest(module, [
      ["first ", "client"],
      [long("x", 20)],
      ["third", " one", " here"],
    ]);
  },
  "a client that sends nothing gets a clean close": async (module) => {
    await echoTest(module, [[], ["not empty"]]);
  },
  "generated clients that connect in any order, hold their connections open, send in pieces and close or reset are each echoed at once":
    ({ echoServer }) =>
      explore({
        truth: "an echo server serving every client at once",
        arbitrary: fc.record({
          scripts: clientScriptsArbitrary({ clients: 3 }),
          maxChunk: fc.integer({ min: 1, max: 4 }),
        }),
        runs: 40,
        compare: async ({ scripts, maxChunk }) => {
          const served = await serveScripted(
            (listener) => echoServer(listener, scripts.length),
            scripts,
            { maxChunk, bufferSize: 64 },
          );
          checkServed(served, scripts);
          return undefined;
        },
        snippet: ({ scripts, maxChunk }, from) => [
          `import { showServedClients } from "./runner/grading/scripted_clients.ts";`,
          `import { echoServer } from "${from}";`,
          "",
          `// recv gives at most ${maxChunk} bytes; each read should bring back all that client sent so far`,
          ...scripts.map((script, i) => `// ${describeScript(script, i)}`),
          `const scripts = ${JSON.stringify(scripts)};`,
          `await showServedClients((listener) => echoServer(listener, scripts.length), scripts, {`,
          `  maxChunk: ${maxChunk},`,
          `  bufferSize: 64,`,
          `});`,
        ],
      }),
});
