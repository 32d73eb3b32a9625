/**
 * Grader for 08-blocking/fair_fib. Run it: `deno task grade 08-blocking/fair_fib`.
 *
 * Your server runs on the reference kernel over the in-memory network, with
 * the kernel's virtual clock: nothing depends on how fast this machine is.
 * Latency is graded by the order of events: a client that asks for `fib(1)`
 * after another asked for `fib(30)` must get its answer first.
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
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import type * as Exercise from "./fair_fib.ts";

const PORT = 25000;
const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** fib(n) makes this many calls (1 for n <= 2). */
function calls(n: number): number {
  return n <= 2 ? 1 : 1 + calls(n - 1) + calls(n - 2);
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
});
