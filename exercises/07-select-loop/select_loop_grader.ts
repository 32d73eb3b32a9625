/**
 * Grader for 07-select-loop/select_loop. Run it: `deno task grade 07-select-loop/select_loop`.
 *
 * Side by side with the reference kernel, over an in-memory network. Each
 * check is a scenario of socket code (`kernel/sockets.ts`: `listen`,
 * `accept`, `recv`, `sendAll`, `connect`) and sleeps, sometimes with an
 * outside client that connects and sends at given times. It runs on your
 * `Kernel` and on `kernel/`, each with its own network and a
 * `SteppedWorld` selector (`runner/grading/kernel_runs.ts`) whose clock
 * moves only when a kernel blocks in `select(timeout)`. Then:
 *
 * 1. the two traces must agree event for event, times included;
 * 2. the two lists of `select()` calls must agree too: a loop that polls
 *    with `select(0)` when it should block, or blocks when tasks are ready,
 *    shows up here, counted, not timed.
 *
 * @module
 */

import {
  accept,
  connect,
  current,
  DeadlockError,
  join,
  type KernelOp,
  listen,
  type MemoryConnection,
  MemoryNetwork,
  type MemoryNetworkOptions,
  now,
  recv,
  sendAll,
  sleep,
  type Socket,
  spawn,
} from "../../kernel/mod.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import { exploreNetworkScenarios } from "../../runner/grading/network_scenarios.ts";
import { exploreKernelPrograms } from "../../runner/grading/program_checks.ts";
import {
  assertSameWorldRun,
  explainSchedule,
  learnerRun,
  referenceRun,
  SteppedWorld,
} from "../../runner/grading/kernel_runs.ts";
import type { Divergence } from "../../runner/grading/trace_diff.ts";
import type * as Exercise from "./select_loop.ts";

type Event = { type: string; task?: number; trap?: string; time?: number; timeout?: number | null };

function explainTrace(d: Divergence): string | undefined {
  const expected = d.expected as Event | undefined;
  const actual = d.actual as Event | undefined;
  if (
    expected?.type === "wake" && actual?.type === "wake" && expected.time === actual.time &&
    /Wait$/.test(expected.trap ?? "") && actual.trap === "sleep"
  ) {
    return `a sleeper woke before a task whose I/O was ready at the same moment: each pass wakes the tasks the selector reported first, then the timers that are due`;
  }
  if (expected?.type === "wake" && /Wait$/.test(expected.trap ?? "")) {
    return `task ${expected.task} waited in ${expected.trap} and its resource is ready: every event select() reports wakes the task waiting for it`;
  }
  return explainSchedule(d);
}

/** A scenario: given a fresh network and world, the main task to run. */
type Scenario = (net: MemoryNetwork, world: SteppedWorld) => () => KernelOp<unknown>;

async function sideBySide(
  { Kernel }: typeof Exercise,
  what: string,
  scenario: Scenario,
  options: MemoryNetworkOptions = {},
): Promise<void> {
  const refNet = new MemoryNetwork(options);
  const refWorld = new SteppedWorld(refNet);
  const reference = await referenceRun(scenario(refNet, refWorld), {
    selector: refWorld,
    clock: refWorld.clock,
  });
  refNet.close();
  if (reference.threw && !(reference.result instanceof DeadlockError)) {
    throw new Error(`${what}: the scenario fails on the kernel: ${reference.result}`);
  }

  const net = new MemoryNetwork(options);
  const world = new SteppedWorld(net, refWorld.calls);
  const main = scenario(net, world);
  try {
    const learner = await learnerRun(
      (trace) => new Kernel({ selector: world, clock: world.clock, trace }).run(main),
      world,
    );
    assertSameWorldRun({ learner, reference, world, referenceWorld: refWorld }, what, explainTrace);
    if (net.openCount !== 0) {
      throw new Mistake(`${what}: ${net.openCount} sockets are still open after the run`);
    }
  } finally {
    net.close();
  }
}

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Read until the peer closes; return everything as text. */
function* readAll(sock: Socket): KernelOp<string> {
  let text = "";
  for (;;) {
    const data = yield* recv(sock, 100);
    if (data.length === 0) return text;
    text += decode(data);
  }
}

/** Echo one client until it closes; return how many bytes went back. */
function* echo(sock: Socket): KernelOp<number> {
  using _ = sock;
  let total = 0;
  for (;;) {
    const data = yield* recv(sock, 100);
    if (data.length === 0) return total;
    yield* sendAll(sock, data);
    total += data.length;
  }
}

/** The outside world connects at `at`, sends `chunks` one per second after, then closes. */
function outsideClient(net: MemoryNetwork, world: SteppedWorld, at: number, chunks: string[]) {
  let conn: MemoryConnection | undefined;
  world.at(at, () => conn = net.connect({ port: 25000 }));
  chunks.forEach((chunk, i) => world.at(at + 1 + i, () => conn!.send(encode(chunk))));
  world.at(at + 1 + chunks.length, () => conn!.close());
}

export default defineGrader<typeof Exercise>({
  "a server waits in accept until a client that slept connects": async (module) => {
    await sideBySide(
      module,
      "server and client, the client sleeps 1 s first",
      (net) =>
        function* main() {
          using listener = listen(net, { port: 25000 });
          const server = yield* spawn(function* server() {
            using sock = yield* accept(listener);
            const data = yield* recv(sock, 100);
            yield* sendAll(sock, data);
            return decode(data);
          });
          const client = yield* spawn(function* client() {
            yield* sleep(1);
            using sock = yield* connect(net, { port: 25000 });
            yield* sendAll(sock, encode("ping"));
            return decode(yield* recv(sock, 100)) + " at " + (yield* now());
          });
          return [yield* join(server), yield* join(client)];
        },
    );
  },
  "with no timer set, the loop waits for I/O without a timeout": async (module) => {
    await sideBySide(module, "an outside client connects at 2 s and sends at 3 s and 4 s", (
      net,
      world,
    ) => {
      outsideClient(net, world, 2, ["hello ", "world"]);
      return function* main() {
        using listener = listen(net, { port: 25000 });
        using sock = yield* accept(listener);
        return (yield* readAll(sock)) + " by " + (yield* now());
      };
    });
  },
  "I/O and a timer due at the same moment: the I/O waiter wakes first": async (module) => {
    await sideBySide(module, "a task sleeps 2 s while data arrives at 2 s", (net, world) => {
      outsideClient(net, world, 1, ["tick"]);
      return function* main() {
        using listener = listen(net, { port: 25000 });
        const sleeper = yield* spawn(function* sleeper() {
          yield* sleep(2);
          return yield* now();
        });
        using sock = yield* accept(listener);
        const text = yield* readAll(sock);
        return [text, yield* join(sleeper)];
      };
    });
  },
  "tasks that are ready make the loop poll with select(0), never wait": async (module) => {
    await sideBySide(
      module,
      "a busy task counts while a client and server talk",
      (net) =>
        function* main() {
          using listener = listen(net, { port: 25000 });
          const busy = yield* spawn(function* busy() {
            for (let i = 0; i < 6; i++) yield;
            return "counted";
          });
          const server = yield* spawn(function* server() {
            return yield* echo(yield* accept(listener));
          });
          using sock = yield* connect(net, { port: 25000 });
          yield* sendAll(sock, encode("abc"));
          const reply = decode(yield* recv(sock, 100));
          sock.close();
          return [reply, yield* join(busy), yield* join(server)];
        },
    );
  },
  "a sender waits in writeWait until the reader makes room": async (module) => {
    await sideBySide(
      module,
      "10 bytes through a 4-byte buffer to a reader that sleeps 1 s per read",
      (net) =>
        function* main() {
          using listener = listen(net, { port: 25000 });
          const writer = yield* spawn(function* writer() {
            using sock = yield* connect(net, { port: 25000 });
            yield* sendAll(sock, encode("0123456789"));
            return yield* now();
          });
          using sock = yield* accept(listener);
          let text = "";
          for (;;) {
            yield* sleep(1);
            const data = yield* recv(sock, 100);
            if (data.length === 0) break;
            text += decode(data);
          }
          return [text, yield* join(writer)];
        },
      { bufferSize: 4, maxChunk: 3 },
    );
  },
  "an echo server with one task per client, three clients at different times": async (
    module,
  ) => {
    await sideBySide(
      module,
      "three clients connect at 0, 1.5 and 0.5 s",
      (net) =>
        function* main() {
          using listener = listen(net, { port: 25000 });
          const server = yield* spawn(function* server() {
            const handlers = [];
            for (let i = 0; i < 3; i++) handlers.push(yield* spawn(echo, yield* accept(listener)));
            let total = 0;
            for (const handler of handlers) total += yield* join(handler);
            return total;
          });
          const clients = [];
          for (const [i, delay] of [0, 1.5, 0.5].entries()) {
            clients.push(
              yield* spawn(function* client() {
                yield* sleep(delay);
                using sock = yield* connect(net, { port: 25000 });
                for (const part of [`client ${i}`, "!"]) {
                  yield* sendAll(sock, encode(part));
                  yield* sleep(1);
                }
                const reply = decode(yield* recv(sock, 100));
                return `${reply} at ${yield* now()}`;
              }),
            );
          }
          const replies = [];
          for (const client of clients) replies.push(yield* join(client));
          return [replies, yield* join(server)];
        },
      { maxChunk: 4 },
    );
  },
  "a deadlock (two tasks joining each other, no timer, no I/O) makes run() throw instead of waiting forever":
    async (module) => {
      await sideBySide(
        module,
        "main joins a child that joins main",
        () =>
          function* main() {
            const me = yield* current();
            const child = yield* spawn(function* child() {
              yield* sleep(1);
              return yield* join(me);
            });
            return yield* join(child);
          },
      );
    },
  "your kernel agrees with the kernel on generated programs, trace for trace and select() call for select() call":
    ({ Kernel }) =>
      exploreKernelPrograms({
        features: { join: true, sleep: true },
        world: true,
        runs: 40,
        run: (main, trace, world) =>
          new Kernel({ selector: world!, clock: world!.clock, trace }).run(main),
        explain: explainTrace,
        runner: (from) => [
          `import { showWorldRuns } from "./runner/grading/program_checks.ts";`,
          `import { Kernel } from "${from}";`,
          `await showWorldRuns(main, (world, trace) =>`,
          `  new Kernel({ selector: world, clock: world.clock, trace }).run(main));`,
        ],
      }),
  "your kernel agrees with the kernel on generated network scenarios: clients that connect in any order, hold on, send in pieces, close or reset":
    ({ Kernel }) =>
      exploreNetworkScenarios({
        start: (main, world, trace) =>
          new Kernel({ selector: world, clock: world.clock, trace }).run(main),
        explain: explainTrace,
        runner: (from) => [
          `import { Kernel } from "${from}";`,
          `const start = (main, world, trace) =>`,
          `  new Kernel({ selector: world, clock: world.clock, trace }).run(main);`,
        ],
      }),
});
