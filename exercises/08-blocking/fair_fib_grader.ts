/**
 * Grader for 08-blocking/fair_fib. Run it: `deno task grade 08-blocking/fair_fib`.
 *
 * Your server runs on the reference kernel over the in-memory network, with
 * the kernel's virtual clock: nothing depends on how fast this machine is.
 * Latency is graded by the order of events: a client that asks for `fib(1)`
 * after another asked for `fib(30)` must get its answer first.
 *
 * Two generated checks follow: `fibSteps(n)` for generated `n` (zero and
 * negative ones too) must give `fib(n)` and give up its turn once per
 * `CALLS_PER_TURN` calls, exactly (`floor(calls / CALLS_PER_TURN)` times); and generated clients (scripted on the memory
 * network and a stepped clock, `runner/grading/scripted_clients.ts`) send
 * lines cut into pieces at any point, several lines in one piece, numbers,
 * spaces and words, and each read must bring back one reply line for every
 * whole line sent so far.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  checkpoint,
  connect,
  join,
  type KernelOp,
  listen,
  MemoryNetwork,
  recv,
  run,
  sendAll,
  spawn,
  type TraceEvent,
} from "../../kernel/mod.ts";
import { explore, fc } from "../../runner/grading/explore.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import {
  type ClientScript,
  describeScript,
  serveScripted,
} from "../../runner/grading/scripted_clients.ts";
import type * as Exercise from "./fair_fib.ts";

const PORT = 25000;
const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/**
 * fib(n) makes this many calls (1 for n <= 2): 1 + calls(n - 1) + calls(n - 2),
 * which is 2 fib(n) - 1, computed without making them (fib(30) makes 1.6 million).
 */
function calls(n: number): number {
  return 2 * fibOf(n) - 1;
}

/** A client: connect, send `lines`, read one reply line per request line. */
function* client(
  net: MemoryNetwork,
  name: string,
  lines: string[],
  log: string[],
): KernelOp<void> {
  using sock = yield* connect(net, { port: PORT });
  log.push(`${name} asks ${lines.map((l) => `fib(${l})`).join(", ")}`);
  yield* sendAll(sock, encode(lines.map((l) => l + "\n").join("")));
  let replies = "";
  while (replies.split("\n").length <= lines.length) {
    const data = yield* recv(sock, 100);
    if (data.length === 0) break;
    replies += decode(data);
  }
  log.push(`${name} gets ${replies.trim().split("\n").join(", ")}`);
}

/** The reply the server owes for one request line (the oracle). */
function replyTo(line: string): string {
  const trimmed = line.trim();
  const n = Number.parseInt(trimmed, 10);
  return Number.isNaN(n) ? `not a number: '${trimmed}'` : String(fibOf(n));
}

/** fib(n) by the exercise's rule (1 for n <= 2), computed directly. */
function fibOf(n: number): number {
  if (n <= 2) return 1;
  let [a, b] = [1, 1];
  for (let k = 3; k <= n; k++) [a, b] = [b, a + b];
  return b;
}

/** What a client that sent `sent` must have received: one reply per whole line. */
function repliesFor(sent: string): string {
  const lines = sent.split("\n");
  lines.pop(); // the part after the last newline is not a whole line yet
  return lines.map((line) => replyTo(line) + "\n").join("");
}

/** Request lines, cut into the pieces a client sends. */
const requestScripts = fc.array(
  fc.record({
    lines: fc.array(
      fc.oneof(
        fc.integer({ min: -2, max: 20 }).map(String),
        fc.constantFrom(" 7 ", "x", "", "12abc", "3\r"),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    cuts: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 4 }),
    connect: fc.integer({ min: 1, max: 4 }),
    hold: fc.integer({ min: 0, max: 4 }),
    reset: fc.boolean(),
  }).map(({ lines, cuts, connect, hold, reset }): ClientScript => {
    const text = lines.map((l) => l + "\n").join("");
    const pieces: string[] = [];
    let at = 0;
    for (const cut of cuts) {
      if (at >= text.length) break;
      pieces.push(text.slice(at, at + cut));
      at += cut;
    }
    if (at < text.length) pieces.push(text.slice(at));
    let t = connect / 2;
    const actions: ClientScript["actions"] = [];
    for (const piece of pieces) {
      t += 0.5;
      actions.push({ at: t, send: piece }, { at: t + 0.25, read: true });
    }
    t += hold / 2 + 0.5;
    actions.push({ at: t, read: true });
    return { connectAt: connect / 2, actions, endAt: t + 0.25, end: reset ? "reset" : "close" };
  }),
  { minLength: 1, maxLength: 3 },
);

/**
 * A asks for fib(30). B waits 20 turns (by then A's request is on the
 * server), then asks for three short ones, split into 3-byte reads.
 */
async function race(fibServer: typeof Exercise.fibServer): Promise<string[]> {
  const net = new MemoryNetwork({ maxChunk: 3 });
  const log: string[] = [];
  await run(function* main() {
    const server = yield* spawn(fibServer, listen(net, { port: PORT }), 2);
    const a = yield* spawn(client, net, "A", ["30"], log);
    const b = yield* spawn(function* later() {
      for (let turn = 0; turn < 20; turn++) yield* checkpoint();
      yield* client(net, "B", ["1", "10", "x"], log);
    });
    yield* join(a);
    yield* join(b);
    yield* join(server);
  }, { selector: net, clock: "virtual" });
  net.close();
  return log;
}

export default defineGrader<typeof Exercise>({
  "fibSteps(n) returns fib(n)": async ({ fibSteps }) => {
    for (const [n, expected] of [[1, 1], [2, 1], [3, 2], [10, 55], [20, 6765], [25, 75025]]) {
      const value = await run(() => fibSteps(n), { clock: "virtual" });
      assert.equal(value, expected, `fibSteps(${n}) run as a kernel task`);
    }
  },
  "fibSteps(30) gives up its turn at least every 100,000 calls": async ({ fibSteps }) => {
    const events: TraceEvent[] = [];
    const value = await run(() => fibSteps(30), {
      clock: "virtual",
      trace: (event) => events.push(event),
    });
    assert.equal(value, 832040, "fibSteps(30)");
    const turns = events.filter((e) => e.type === "trap" && e.trap === "checkpoint").length;
    const needed = Math.floor(calls(30) / 100_000);
    if (turns < needed) {
      throw new Mistake(
        `fibSteps(30) makes ${calls(30)} calls and gave up its turn ${turns} times: ` +
          `give it up at least every 100,000 calls (${needed} times or more), with yield* checkpoint()`,
      );
    }
  },
  "a client asking for fib(1) is answered while fib(30) is still being computed": async (
    { fibServer },
  ) => {
    const log = await race(fibServer);
    const expected = ["A asks fib(30)", "B asks fib(1), fib(10), fib(x)"];
    expected.push("B gets 1, 55, not a number: 'x'", "A gets 832040");
    if (log.indexOf("A gets 832040") >= 0 && log.indexOf("A gets 832040") < log.length - 1) {
      throw new Mistake(
        `B's short requests were answered only after A's fib(30) was done:\n  ${
          log.join("\n  ")
        }\nWhile fib(30) ran, no other task got a turn, not even B's client. ` +
          "Which line of fibHandler computes fib, and does it let other tasks run?",
      );
    }
    assert.deepEqual(log, expected, "what the two clients did and got, in order");
  },
  "fibSteps(n) agrees with fib(n) on generated n, and gives up its turn once per CALLS_PER_TURN calls":
    ({ fibSteps, CALLS_PER_TURN }) =>
      explore({
        truth: "fib(n), counted",
        arbitrary: fc.integer({ min: -2, max: 24 }),
        runs: 30,
        compare: async (n) => {
          const events: TraceEvent[] = [];
          const value = await run(() => fibSteps(n), {
            clock: "virtual",
            trace: (event) => events.push(event),
          });
          const turns = events.filter((e) => e.type === "trap" && e.trap === "checkpoint").length;
          const made = calls(n);
          const owed = Math.floor(made / CALLS_PER_TURN);
          if (value !== fibOf(n)) {
            throw new Mistake(
              `fibSteps(${n}) gave ${value}; fib(${n}) is ${
                fibOf(n)
              }: make the same calls as fib, with the same base case (n <= 2 gives 1, whatever n is)`,
            );
          }
          if (turns !== owed) {
            throw new Mistake(
              `fib(${n}) makes ${made} calls, so fibSteps(${n}) should give up its turn ${owed} time(s), once per CALLS_PER_TURN = ${CALLS_PER_TURN} calls; yours gave it up ${turns} times. Count every call, as fib makes them (n <= 2 is one call, a leaf), and checkpoint each time the count reaches a multiple of CALLS_PER_TURN: after the ${CALLS_PER_TURN}th call, not before the first`,
            );
          }
          return undefined;
        },
        snippet: (n, from) => [
          `import { run, type TraceEvent } from "./kernel/mod.ts";`,
          `import { fib, fibSteps } from "${from}";`,
          "const events: TraceEvent[] = [];",
          `const value = await run(() => fibSteps(${n}), { clock: "virtual", trace: (e) => events.push(e) });`,
          `console.log("fib(${n}):", fib(${n}), "fibSteps(${n}):", value);`,
          'console.log("turns given up:", events.filter((e) => e.type === "trap").length);',
        ],
      }),
  "generated clients that send lines cut anywhere get one reply per whole line, at once": async ({
    fibServer,
    fibSteps,
  }) => {
    // The server answers with fibSteps: until it exists, there is nothing to grade here.
    await run(() => fibSteps(3), { clock: "virtual" });
    await explore({
      truth: "the protocol, one reply line per request line",
      arbitrary: fc.record({ scripts: requestScripts, maxChunk: fc.integer({ min: 1, max: 5 }) }),
      runs: 30,
      compare: async ({ scripts, maxChunk }) => {
        const served = await serveScripted(
          (listener) => fibServer(listener, scripts.length),
          scripts,
          { maxChunk, bufferSize: 256 },
        );
        if (served.stuck !== undefined) {
          throw new Mistake(`the server never finished: ${served.stuck}`);
        }
        for (const log of served.logs) {
          if (log.failed !== undefined) {
            throw new Mistake(`client ${log.client} failed: ${log.failed}`);
          }
          for (const read of log.reads) {
            const owed = repliesFor(read.sentBefore);
            if (read.received !== owed) {
              throw new Mistake(
                `client ${log.client} had sent ${
                  JSON.stringify(read.sentBefore)
                } by ${read.at} s and got ${
                  JSON.stringify(read.received)
                } back; one reply line is owed for every whole line: ${
                  JSON.stringify(owed)
                }. Answer every line that has arrived (several may come in one recv), and keep the part after the last newline for the next recv`,
              );
            }
          }
        }
        if (served.open > 0) {
          throw new Mistake(
            `${served.open} socket(s) were still open after every client had gone: close each client's socket when its handler ends, however it ends`,
          );
        }
        return undefined;
      },
      snippet: ({ scripts, maxChunk }, from) => [
        `import { showServedClients } from "./runner/grading/scripted_clients.ts";`,
        `import { fibServer } from "${from}";`,
        "",
        `// recv gives at most ${maxChunk} bytes; each read should bring back one reply per whole line sent`,
        ...scripts.map((script, i) => `// ${describeScript(script, i)}`),
        `const scripts = ${JSON.stringify(scripts)};`,
        `await showServedClients((listener) => fibServer(listener, scripts.length), scripts, {`,
        `  maxChunk: ${maxChunk},`,
        `  bufferSize: 256,`,
        `});`,
      ],
    });
  },
});
