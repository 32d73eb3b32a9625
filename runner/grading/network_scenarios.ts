/**
 * Generated network scenarios for lesson 07's select loop, run on the
 * learner's kernel and on `kernel/`, each over its own memory network and
 * {@linkcode SteppedWorld}.
 *
 * A scenario is plain data: the network's chunk and buffer sizes, an echo
 * server with one handler task per connection (each may sleep before it
 * echoes), clients inside the kernel (they sleep, connect, send in pieces,
 * read their echo, then close or reset), clients outside it on a script
 * (`scripted_clients.ts`), and tasks that only sleep, so timers and I/O
 * come due together. Everything either side observes is compared: the
 * trace, the `select()` calls, what `run()` returned, what each outside
 * client saw on the wire, and how many sockets were left open.
 *
 * @module
 */

import { join, sleep, spawn } from "../../kernel/operations.ts";
import { MemoryNetwork } from "../../kernel/memory_network.ts";
import {
  accept,
  connect,
  listen,
  type Listener,
  recv,
  sendAll,
  type Socket,
} from "../../kernel/sockets.ts";
import type { KernelOp } from "../../kernel/types.ts";
import { explore, fc, show } from "./explore.ts";
import { Mistake } from "./grader.ts";
import {
  assertSameWorldRun,
  learnerRun,
  normalizeTrace,
  type Outcome,
  referenceRun,
  SteppedWorld,
} from "./kernel_runs.ts";
import {
  type ClientLog,
  type ClientScript,
  clientScriptsArbitrary,
  describeScript,
  formatLog,
  PORT,
  scriptClients,
} from "./scripted_clients.ts";
import {
  describeDivergence,
  type Divergence,
  firstDivergence,
  formatEvent,
  type TraceLike,
} from "./trace_diff.ts";

/** A client inside the kernel. */
export interface InsideClient {
  /** Seconds it sleeps before it connects (0: none). */
  start: number;
  /** What it sends; after each piece it reads the echo back. */
  chunks: string[];
  /** Seconds it sleeps after each piece (0: none). */
  gap: number;
  /** How it ends. */
  end: "close" | "reset";
}

/** One generated scenario. */
export interface NetScenario {
  /** The most bytes one recv returns. */
  maxChunk: number;
  /** Unread bytes a connection holds per direction. */
  bufferSize: number;
  /** Per connection, in accept order: seconds the handler sleeps before each echo. */
  pauses: number[];
  /** Clients inside the kernel. */
  inside: InsideClient[];
  /** Clients outside the kernel, on the world's script. */
  outside: ClientScript[];
  /** Tasks that only sleep this long. */
  sleepers: number[];
}

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Echo one connection, sleeping `pause` before each echo; returns the bytes echoed. */
function* handler(sock: Socket, pause: number): KernelOp<number> {
  using _sock = sock;
  let total = 0;
  for (;;) {
    const data = yield* recv(sock, 8);
    if (data.length === 0) return total;
    if (pause > 0) yield* sleep(pause);
    yield* sendAll(sock, data);
    total += data.length;
  }
}

/** Accept `n` connections, a handler each; join them all, errors caught. */
function* server(listener: Listener, n: number, pauses: number[]): KernelOp<unknown[]> {
  using _listener = listener;
  const handlers = [];
  for (let i = 0; i < n; i++) {
    handlers.push(yield* spawn(handler, yield* accept(listener), pauses[i] ?? 0));
  }
  const totals: unknown[] = [];
  for (const task of handlers) {
    try {
      totals.push(yield* join(task));
    } catch (error) {
      totals.push(`caught ${error}`);
    }
  }
  return totals;
}

/** A client inside the kernel: see {@linkcode InsideClient}. */
function* insideClient(net: MemoryNetwork, client: InsideClient): KernelOp<string> {
  if (client.start > 0) yield* sleep(client.start);
  using sock = yield* connect(net, { port: PORT });
  let sent = 0;
  let got = "";
  for (const chunk of client.chunks) {
    yield* sendAll(sock, encode(chunk));
    sent += chunk.length;
    while (got.length < sent) {
      const data = yield* recv(sock, 100);
      if (data.length === 0) return `${got} (closed early)`;
      got += decode(data);
    }
    if (client.gap > 0) yield* sleep(client.gap);
  }
  if (client.end === "reset") sock.abort();
  return got;
}

function* sleeper(seconds: number): KernelOp<number> {
  yield* sleep(seconds);
  return seconds;
}

/** The scenario's main task over `net`. */
export function scenarioMain(scenario: NetScenario, net: MemoryNetwork): () => KernelOp<unknown> {
  return function* main() {
    const listener = listen(net, { port: PORT });
    for (const seconds of scenario.sleepers) yield* spawn(sleeper, seconds);
    const n = scenario.inside.length + scenario.outside.length;
    const serving = yield* spawn(server, listener, n, scenario.pauses);
    const clients = [];
    for (const client of scenario.inside) clients.push(yield* spawn(insideClient, net, client));
    const results: unknown[] = [];
    for (const client of clients) results.push(yield* join(client));
    results.push(yield* join(serving));
    return results;
  };
}

/** The arbitrary of scenarios: small, with at least one client. */
export function netScenarioArbitrary(): fc.Arbitrary<NetScenario> {
  const half = (max: number) => fc.integer({ min: 0, max }).map((n) => n / 2);
  return fc.record({
    maxChunk: fc.integer({ min: 1, max: 6 }),
    bufferSize: fc.integer({ min: 3, max: 8 }),
    pauses: fc.array(half(2), { maxLength: 4 }),
    inside: fc.array(
      fc.record({
        start: half(4),
        chunks: fc.array(fc.constantFrom("a", "bc", "def", "ghijkl"), {
          minLength: 1,
          maxLength: 3,
        }),
        gap: half(2),
        end: fc.constantFrom("close" as const, "reset" as const),
      }),
      { maxLength: 2 },
    ),
    outside: clientScriptsArbitrary({ clients: 2, sends: 3, length: 6, skipReads: true }),
    sleepers: fc.array(half(6).filter((s) => s > 0), { maxLength: 3 }),
  }).filter((s) => s.inside.length + s.outside.length > 0);
}

/** Everything one side of a scenario gave. */
export interface NetOutcome {
  /** Trace and result. */
  run: Outcome;
  /** The world's `select()` calls. */
  calls: TraceLike[];
  /** The world itself (its calls' places in the trace). */
  world: SteppedWorld;
  /** What the outside clients saw. */
  logs: ClientLog[];
  /** Sockets left open after the run. */
  open: number;
  /** The grader's own stop (a loop that busy-polls, or waits forever). */
  mistake?: string;
}

/** Run the scenario on the kernel. */
export async function referenceScenario(scenario: NetScenario): Promise<NetOutcome> {
  const net = new MemoryNetwork({ maxChunk: scenario.maxChunk, bufferSize: scenario.bufferSize });
  const world = new SteppedWorld(net);
  const logs = scriptClients(world, net, scenario.outside);
  const run = await referenceRun(scenarioMain(scenario, net), {
    selector: world,
    clock: world.clock,
  });
  const open = net.openCount;
  net.close();
  return { run, calls: world.calls, world, logs, open };
}

/** Start a learner's kernel on `main` with `world` as selector and clock. */
export type StartKernel = (
  main: () => KernelOp<unknown>,
  world: SteppedWorld,
  trace: (event: TraceLike) => void,
) => unknown;

/** Run the scenario on the learner's kernel; `reference` is quoted if it busy-polls. */
export async function learnerScenario(
  scenario: NetScenario,
  start: StartKernel,
  reference: NetOutcome,
): Promise<NetOutcome> {
  const net = new MemoryNetwork({ maxChunk: scenario.maxChunk, bufferSize: scenario.bufferSize });
  const world = new SteppedWorld(net, reference.calls as never);
  const logs = scriptClients(world, net, scenario.outside);
  const main = scenarioMain(scenario, net);
  try {
    const run = await learnerRun((trace) => start(main, world, trace), world);
    return { run, calls: world.calls, world, logs, open: net.openCount };
  } catch (error) {
    if (!(error instanceof Mistake)) throw error;
    return {
      run: { events: [], threw: true, result: error },
      calls: world.calls,
      world,
      logs,
      open: net.openCount,
      mistake: error.message,
    };
  } finally {
    net.close();
  }
}

/** The scenario as comment lines a person can read. */
export function describeScenario(scenario: NetScenario): string[] {
  const lines = [
    `// a memory network: recv gives at most ${scenario.maxChunk} bytes, ${scenario.bufferSize} unread bytes fill a direction`,
    `// a server on port ${PORT} accepts ${
      scenario.inside.length + scenario.outside.length
    } connections, one echo task each (pauses before each echo: ${
      JSON.stringify(scenario.pauses)
    })`,
  ];
  scenario.inside.forEach((c, i) =>
    lines.push(
      `// inside client ${i + 1}: sleeps ${c.start} s, connects, sends ${
        c.chunks.map((x) => JSON.stringify(x)).join(", ")
      } (reading each echo, sleeping ${c.gap} s after each), then ${
        c.end === "reset" ? "resets" : "closes"
      }`,
    )
  );
  scenario.outside.forEach((c, i) => lines.push(`// outside ${describeScript(c, i)}`));
  if (scenario.sleepers.length > 0) {
    lines.push(`// tasks that sleep ${scenario.sleepers.join(", ")} s`);
  }
  return lines;
}

/**
 * Run `scenario` on the kernel and on the learner's kernel (`start`) and
 * print both sides: the traces and where they part, the `select()` calls,
 * the outside clients' logs. For the counterexamples of lesson 07.
 */
export async function showNetworkRuns(scenario: NetScenario, start: StartKernel): Promise<void> {
  const reference = await referenceScenario(scenario);
  const yours = await learnerScenario(scenario, start, reference);
  for (const [who, side] of [["the kernel", reference], ["yours", yours]] as const) {
    console.log(`${who}:`);
    if (side.mistake !== undefined) console.log(`  (the grader stopped it: ${side.mistake})`);
    for (const event of side.run.events) console.log(`  ${formatEvent(event)}`);
    console.log(
      side.run.threw
        ? `  run() threw ${String(side.run.result)}`
        : `  run() returned ${show(side.run.result)}`,
    );
    console.log(`  select() calls: ${side.calls.map((c) => formatEvent(c)).join(", ")}`);
    for (const log of side.logs) console.log(formatLog(log).map((l) => `  ${l}`).join("\n"));
    console.log(`  sockets left open: ${side.open}`);
  }
  const d = firstDivergence(reference.run.events, yours.run.events);
  if (d !== undefined) {
    console.log(
      describeDivergence(d, {
        expected: reference.run.events.length,
        actual: yours.run.events.length,
      }, { reference: "the kernel" }),
    );
  }
  const c = firstDivergence(reference.calls, yours.calls);
  if (c !== undefined) {
    console.log(
      "the select() calls: " + describeDivergence(c, {
        expected: reference.calls.length,
        actual: yours.calls.length,
      }, { reference: "the kernel" }),
    );
  }
}

/** For tests: the scenario outcome with JSON-able fields only. */
export function plainOutcome(outcome: NetOutcome): unknown {
  return {
    events: normalizeTrace(outcome.run.events),
    threw: outcome.run.threw,
    result: String(outcome.run.result),
    calls: outcome.calls,
    logs: outcome.logs.map((l) => l.entries),
    open: outcome.open,
  };
}

/** Options for {@linkcode exploreNetworkScenarios}. */
export interface NetworkCheckOptions {
  /** Run `main` on the learner's kernel over `world`. */
  start: StartKernel;
  /** The exercise's explanation of a trace divergence. */
  explain: (d: Divergence) => string | undefined;
  /** The lines that run the printed scenario on the learner's kernel (`showNetworkRuns`). */
  runner: (from: string) => string[];
  /** How many scenarios. @default 40 */
  runs?: number;
}

/** Compare one scenario on both sides; a {@linkcode Mistake} at the first difference. */
export async function compareScenario(
  scenario: NetScenario,
  options: Pick<NetworkCheckOptions, "start" | "explain">,
): Promise<void> {
  const reference = await referenceScenario(scenario);
  const yours = await learnerScenario(scenario, options.start, reference);
  if (yours.mistake !== undefined) throw new Mistake(yours.mistake);
  const what = "in this scenario";
  assertSameWorldRun(
    {
      learner: yours.run,
      reference: reference.run,
      world: yours.world,
      referenceWorld: reference.world,
    },
    what,
    options.explain,
  );
  for (const [i, log] of reference.logs.entries()) {
    const theirs = yours.logs[i];
    if (JSON.stringify(theirs.entries) !== JSON.stringify(log.entries)) {
      throw new Mistake(
        `${what}: the traces agree, but outside client ${log.client} saw this with your kernel:\n${
          formatLog(theirs).join("\n")
        }\nand this with the kernel's:\n${formatLog(log).join("\n")}`,
      );
    }
  }
  if (yours.open !== reference.open) {
    throw new Mistake(
      `${what}: ${yours.open} sockets were still open after your run(), ${reference.open} after the kernel's`,
    );
  }
}

/** Generate scenarios and compare each on the learner's kernel and on `kernel/`. */
export function exploreNetworkScenarios(options: NetworkCheckOptions): Promise<void> {
  return explore({
    truth: "the kernel",
    arbitrary: netScenarioArbitrary(),
    runs: options.runs ?? 40,
    compare: async (scenario) => {
      await compareScenario(scenario, options);
      return undefined;
    },
    snippet: (scenario, from) => [
      `import { showNetworkRuns } from "./runner/grading/network_scenarios.ts";`,
      ...options.runner(from),
      "",
      ...describeScenario(scenario),
      `const scenario = ${JSON.stringify(scenario)};`,
      "",
      `await showNetworkRuns(scenario, start);`,
    ],
  });
}
