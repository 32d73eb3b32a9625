/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
/**
 * The playground's runner: a module Worker that runs one program and
 * reports what it printed and what the kernel did.
 *
 * Why a Worker: a program that never yields (`while (true) {}`, a `fib(45)`
 * in a task) would freeze the page; here it freezes only this thread, and
 * the page's Stop button terminates it. The page makes a fresh runner for
 * every run, so no state leaks from one run into the next.
 *
 * The program's kernel imports (`groundup/kernel`, or any `.../kernel/*.ts`)
 * are mapped to `kernel.js` beside this file, the same URL this runner
 * imports, so one module instance serves both: the runner attaches its
 * session there and hears every `run()` and trace event.
 *
 * Errors are reported with the program's own line numbers (`program:6:9`,
 * the editor's lines) and the kernel's original files, read from the
 * bundles' source maps (`stack.ts`). A program that does not parse is
 * reported as `syntax: true`: a module Worker is not told where, so the
 * page finds the place itself.
 *
 * @module
 */

import type { TraceEvent } from "../../kernel/trace.ts";
import type * as KernelEntry from "./kernel_entry.ts";
import { formatArgs } from "./format.ts";
import { describeError, mapImports } from "./program.ts";
import { excerpt, readableStack, SourceMapIndex } from "./stack.ts";

/** Page to runner. */
export type ToRunner = { type: "run"; code: string };

/** Runner to page. */
export type FromRunner =
  | { type: "log"; level: "log" | "error"; text: string }
  | { type: "run-start"; run: number; clock: string }
  | { type: "events"; run: number; events: TraceEvent[] }
  | { type: "truncated"; run: number; limit: number }
  | { type: "done"; ok: true }
  | { type: "done"; ok: false; error: string; syntax?: boolean };

/** The most trace events recorded per run; beyond it the timeline says so. */
export const EVENT_LIMIT = 20_000;

const KERNEL_URL = new URL("./kernel.js", import.meta.url).href;
const PROGRAM_KERNEL_URL = new URL("./groundup.js", import.meta.url).href;
const JOBS_URL = new URL("./jobs.js", import.meta.url).href;

const ASSETS = new URL("./", import.meta.url).href;

let programUrl = "";
let programCode = "";
const maps = new Map<string, Promise<SourceMapIndex | null>>();
let outbox: Promise<void> = Promise.resolve();

/** Post messages in the order they were sent, each once its text is ready. */
function send(message: FromRunner | (() => Promise<FromRunner>)): void {
  outbox = outbox.then(async () => {
    self.postMessage(typeof message === "function" ? await message() : message);
  });
}

function sourceMap(url: string): Promise<SourceMapIndex | null> {
  let map = maps.get(url);
  if (map === undefined) {
    map = fetch(`${url}.map`)
      .then((response) => response.ok ? response.json() : null)
      .then((json) => json === null ? null : new SourceMapIndex(json))
      .catch(() => null);
    maps.set(url, map);
  }
  return map;
}

/** A text with stack frames in it, made readable (see `stack.ts`). */
async function readable(text: string): Promise<string> {
  if (!/:\d+:\d+/.test(text)) return text;
  const urls = new Set(
    [...text.matchAll(/(https?:\/\/[^\s()]+?\.js):\d+:\d+/g)].map((m) => m[1])
      .filter((url) => url.startsWith(ASSETS)),
  );
  const loaded = new Map<string, SourceMapIndex | null>();
  for (const url of urls) loaded.set(url, await sourceMap(url));
  return readableStack(text, { programUrl, mapOf: (url) => loaded.get(url) ?? null });
}

/** An error as the page shows it: readable frames, and the program line it came from. */
async function reported(error: unknown): Promise<string> {
  const text = await readable(describeError(error));
  const line = excerpt(text, programCode);
  if (line === "") return text;
  const [first, ...rest] = text.split("\n");
  return [first, line, ...rest].join("\n");
}

async function execute(code: string): Promise<void> {
  const kernel: typeof KernelEntry = await import(KERNEL_URL);
  let pending: TraceEvent[] = [];
  let pendingRun = 0;
  const counts = new Map<number, number>();
  const flush = () => {
    if (pending.length > 0) send({ type: "events", run: pendingRun, events: pending });
    pending = [];
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  kernel.attachSession({
    started(run, clock) {
      flush();
      send({ type: "run-start", run, clock });
    },
    event(run, event) {
      const count = (counts.get(run) ?? 0) + 1;
      counts.set(run, count);
      if (count > EVENT_LIMIT) {
        if (count === EVENT_LIMIT + 1) {
          flush();
          send({ type: "truncated", run, limit: EVENT_LIMIT });
        }
        return;
      }
      if (run !== pendingRun) flush();
      pendingRun = run;
      pending.push(event);
      if (pending.length >= 500) flush();
      timer ??= setTimeout(() => {
        timer = undefined;
        flush();
      }, 30);
    },
  });
  const console = globalThis.console;
  const log = (level: "log" | "error") => (...args: unknown[]) => {
    const text = formatArgs(args); // now: the values may change later
    send(async () => ({ type: "log", level, text: await readable(text) }));
  };
  for (const level of ["log", "info", "debug"] as const) console[level] = log("log");
  for (const level of ["error", "warn"] as const) console[level] = log("error");
  // mapImports keeps every line and column of the program where it was.
  const url = URL.createObjectURL(
    new Blob([mapImports(code, PROGRAM_KERNEL_URL, JOBS_URL)], { type: "text/javascript" }),
  );
  programUrl = url;
  programCode = code;
  try {
    await import(url);
  } finally {
    flush();
    URL.revokeObjectURL(url);
  }
}

/** A module that failed to parse: a SyntaxError with no frame of running code. */
function isParseError(error: unknown): boolean {
  return error instanceof SyntaxError && !/\n\s+at /.test(error.stack ?? "");
}

self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  const reason = event.reason;
  send(async () => ({
    type: "log",
    level: "error",
    text: `Unhandled rejection: ${await reported(reason)}`,
  }));
});

self.onmessage = (event: MessageEvent<ToRunner>) => {
  execute(event.data.code).then(
    () => send({ type: "done", ok: true }),
    (error) =>
      send(async () => ({
        type: "done",
        ok: false,
        error: await reported(error),
        ...(isParseError(error) ? { syntax: true } : {}),
      })),
  );
};
