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
 * @module
 */

import assert from "node:assert/strict";
import { DenoNetwork, listen } from "../../kernel/mod.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
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
});
