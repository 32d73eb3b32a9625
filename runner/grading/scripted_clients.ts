/**
 * Clients from outside the kernel, on a script: the graded server's view of
 * the world in lessons 07 and 08.
 *
 * A {@linkcode ClientScript} says when a client connects, what it sends and
 * when, when it reads, and whether it ends with a graceful close or a reset.
 * {@linkcode scriptClients} puts the scripts on a {@linkcode SteppedWorld}
 * over a {@linkcode MemoryNetwork}, so each action happens at its virtual
 * time, between two turns of the kernel, on every run alike. Each client
 * writes down what it did and what it got ({@linkcode ClientLog}): what a
 * server did, as seen from the wire.
 *
 * A client whose send does not fit keeps the rest and sends it again at its
 * next action, as a real client's write loop would. A read takes all that
 * has arrived (without waiting).
 *
 * @example A client that holds its connection open while another is served
 * ```ts ignore
 * const scripts = [
 *   { connectAt: 1, actions: [{ at: 2, send: "a" }, { at: 3, read: true }], endAt: 9, end: "close" },
 *   { connectAt: 1.5, actions: [{ at: 2, send: "b" }, { at: 3, read: true }], endAt: 4, end: "close" },
 * ];
 * ```
 *
 * @module
 */

import {
  type MemoryConnection,
  MemoryNetwork,
  type MemoryNetworkOptions,
} from "../../kernel/memory_network.ts";
import { WOULD_BLOCK } from "../../kernel/socket_backend.ts";
import { listen, type Listener } from "../../kernel/sockets.ts";
import { run } from "../../kernel/kernel.ts";
import type { KernelOp } from "../../kernel/types.ts";
import { fc } from "./explore.ts";
import { Mistake } from "./grader.ts";
import { SteppedWorld } from "./kernel_runs.ts";

/** The port scripted clients connect to. */
export const PORT = 25000;

/** One action of a client, at a virtual time. */
export type ClientAction = { at: number; send: string } | { at: number; read: true };

/** What one client does. */
export interface ClientScript {
  /** When it connects (> 0). */
  connectAt: number;
  /** What it does after, in time order (each later than `connectAt`). */
  actions: ClientAction[];
  /** When it ends (after its last action). */
  endAt: number;
  /** How it ends: a graceful close, or a reset (an abortive close). */
  end: "close" | "reset";
}

/** One line of a client's log: `[time, what]`. */
export type LogEntry = [number, string];

/** What one client did and saw. */
export interface ClientLog {
  /** The client's number, from 1, in script order. */
  client: number;
  /** Every step, in order: `connected`, `sent "ab"`, `got "ab"`, `closed`, ... */
  entries: LogEntry[];
  /** All the text the network took from it, in order. */
  sent: string;
  /** All the text it received, in order. */
  received: string;
  /** What it got at each read: the whole received text up to then. */
  reads: { at: number; sentBefore: string; received: string }[];
  /** Set when the network refused or reset it: the error's message. */
  failed?: string;
  /**
   * The id of the server's end of its connection (what the server's errors
   * name: "connection 4"), once connected.
   */
  serverEnd?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Put `scripts` on `world`: each client connects to {@linkcode PORT} at its
 * time and does what its script says. The returned logs fill in as the
 * world's clock moves.
 */
export function scriptClients(
  world: SteppedWorld,
  net: MemoryNetwork,
  scripts: readonly ClientScript[],
): ClientLog[] {
  return scripts.map((script, i) => {
    const log: ClientLog = { client: i + 1, entries: [], sent: "", received: "", reads: [] };
    let conn: MemoryConnection | undefined;
    let pending = new Uint8Array(0);
    const guarded = (at: number, action: () => void) =>
      world.at(at, () => {
        if (log.failed !== undefined || conn === undefined && action !== connect) return;
        try {
          action();
        } catch (error) {
          log.failed = error instanceof Error ? error.message : String(error);
          log.entries.push([at, `failed: ${log.failed}`]);
        }
      });
    const flush = (at: number) => {
      if (pending.length === 0) return;
      const n = conn!.send(pending);
      if (n === WOULD_BLOCK) return;
      const text = decoder.decode(pending.subarray(0, n));
      pending = pending.slice(n);
      log.sent += text;
      log.entries.push([at, `sent ${JSON.stringify(text)}`]);
    };
    const drain = (at: number) => {
      let got = "";
      for (;;) {
        const data = conn!.recv(65536);
        if (data === WOULD_BLOCK || data.length === 0) break;
        got += decoder.decode(data);
      }
      log.received += got;
      log.entries.push([at, `got ${JSON.stringify(got)}`]);
      log.reads.push({ at, sentBefore: log.sent, received: log.received });
    };
    const connect = () => {
      conn = net.connect({ port: PORT });
      log.serverEnd = conn._peer?.id;
      log.entries.push([script.connectAt, "connected"]);
    };
    guarded(script.connectAt, connect);
    for (const action of script.actions) {
      guarded(action.at, () => {
        if ("send" in action) {
          const bytes = encoder.encode(action.send);
          const joined = new Uint8Array(pending.length + bytes.length);
          joined.set(pending);
          joined.set(bytes, pending.length);
          pending = joined;
          flush(action.at);
        } else {
          flush(action.at);
          drain(action.at);
        }
      });
    }
    guarded(script.endAt, () => {
      if (script.end === "reset") conn!.reset();
      else conn!.close();
      log.entries.push([script.endAt, script.end === "reset" ? "reset" : "closed"]);
    });
    return log;
  });
}

/** Options for {@linkcode clientScriptsArbitrary}. */
export interface ScriptSizes {
  /** The most clients. @default 3 */
  clients?: number;
  /** The most sends per client. @default 3 */
  sends?: number;
  /** The text a send takes its characters from. @default "abcdef" */
  alphabet?: string;
  /** The longest send. @default 6 */
  length?: number;
  /** Whether a client may end with a reset. @default true */
  resets?: boolean;
  /** Whether a send may go without the read after it (so echoes pile up). @default false */
  skipReads?: boolean;
}

/**
 * Generated client scripts: clients connect in any order (times in halves
 * of a second), hold their connection open for a while, send in pieces,
 * read after each send and once more before they end, then close or reset.
 */
export function clientScriptsArbitrary(sizes: ScriptSizes = {}): fc.Arbitrary<ClientScript[]> {
  const alphabet = (sizes.alphabet ?? "abcdef").split("");
  const text = fc.array(fc.constantFrom(...alphabet), {
    minLength: 1,
    maxLength: sizes.length ?? 6,
  }).map((chars) => chars.join(""));
  const client = fc.record({
    connect: fc.integer({ min: 1, max: 6 }),
    sends: fc.array(
      fc.record({
        gap: fc.integer({ min: 1, max: 3 }),
        text,
        read: sizes.skipReads ? fc.boolean() : fc.constant(true),
      }),
      {
        minLength: 1,
        maxLength: sizes.sends ?? 3,
      },
    ),
    hold: fc.integer({ min: 1, max: 8 }),
    reset: sizes.resets === false ? fc.constant(false) : fc.boolean(),
  }).map(({ connect, sends, hold, reset }): ClientScript => {
    let t = connect / 2;
    const actions: ClientAction[] = [];
    for (const { gap, text, read } of sends) {
      t += gap / 2;
      actions.push({ at: t, send: text });
      if (read) actions.push({ at: t + 0.25, read: true });
    }
    t += hold / 2;
    actions.push({ at: t, read: true });
    return { connectAt: connect / 2, actions, endAt: t + 0.25, end: reset ? "reset" : "close" };
  });
  return fc.array(client, { minLength: 1, maxLength: sizes.clients ?? 3 });
}

/** How a scripted run of a server ended. */
export interface ServedRun {
  /** Each client's log. */
  logs: ClientLog[];
  /** `run()`'s outcome: `{ returned }` or `{ threw }` (the error's string). */
  ended: { returned: unknown } | { threw: string };
  /** Set when the world stopped the run: the kernel waited when nothing could ever happen. */
  stuck?: string;
  /** Listeners and connections still open after the run. */
  open: number;
}

/**
 * Run `server(listener)` as main on the reference kernel, with the clients
 * of `scripts` on a stepped world over a memory network of `options`.
 */
export async function serveScripted(
  server: (listener: Listener) => KernelOp<unknown>,
  scripts: readonly ClientScript[],
  options: MemoryNetworkOptions = {},
): Promise<ServedRun> {
  const net = new MemoryNetwork(options);
  const world = new SteppedWorld(net);
  const logs = scriptClients(world, net, scripts);
  const listener = listen(net, { port: PORT });
  let ended: ServedRun["ended"];
  let stuck: string | undefined;
  try {
    ended = {
      returned: await run(() => server(listener), {
        selector: world,
        clock: world.clock,
        onUnjoinedError: () => {},
      }),
    };
  } catch (error) {
    if (error instanceof Mistake) stuck = error.message;
    if (error instanceof Error && error.message === "not implemented yet") throw error;
    ended = { threw: String(error) };
  }
  const open = net.openCount;
  net.close();
  return { logs, ended, stuck, open };
}

/** A client script as one line of text: `client 2: connects at 1, sends "ab" at 1.5, ...`. */
export function describeScript(script: ClientScript, index: number): string {
  const parts = [`connects at ${script.connectAt}`];
  for (const action of script.actions) {
    parts.push(
      "send" in action
        ? `sends ${JSON.stringify(action.send)} at ${action.at}`
        : `reads at ${action.at}`,
    );
  }
  parts.push(`${script.end === "reset" ? "resets" : "closes"} at ${script.endAt}`);
  return `client ${index + 1}: ${parts.join(", ")}`;
}

/** A client's log, one entry per line. */
export function formatLog(log: ClientLog): string[] {
  return [
    `client ${log.client}:`,
    ...log.entries.map(([at, what]) => `  ${String(at).padStart(5)}  ${what}`),
  ];
}

/**
 * Run a server on scripted clients and print what each client did and got,
 * how the run ended, and how many sockets were left open. For the
 * counterexamples of lessons 07 and 08.
 */
export async function showServedClients(
  server: (listener: Listener) => KernelOp<unknown>,
  scripts: readonly ClientScript[],
  options: MemoryNetworkOptions = {},
): Promise<void> {
  const served = await serveScripted(server, scripts, options);
  for (const log of served.logs) console.log(formatLog(log).join("\n"));
  if (served.stuck !== undefined) console.log(`the run never ended: ${served.stuck}`);
  else {
    console.log(
      "threw" in served.ended
        ? `run() threw ${served.ended.threw}`
        : `run() returned ${JSON.stringify(served.ended.returned)}`,
    );
  }
  console.log(`sockets left open: ${served.open}`);
}
