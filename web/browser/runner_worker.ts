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
 * @module
 */

import type { TraceEvent } from "../../kernel/trace.ts";
import type * as KernelEntry from "./kernel_entry.ts";
import { formatArgs } from "./format.ts";
import { describeError, mapImports } from "./program.ts";

/** Page to runner. */
export type ToRunner = { type: "run"; code: string };

/** Runner to page. */
export type FromRunner =
  | { type: "log"; level: "log" | "error"; text: string }
  | { type: "run-start"; run: number; clock: string }
  | { type: "events"; run: number; events: TraceEvent[] }
  | { type: "truncated"; run: number; limit: number }
  | { type: "done"; ok: true }
  | { type: "done"; ok: false; error: string };

/** The most trace events recorded per run; beyond it the timeline says so. */
export const EVENT_LIMIT = 20_000;

const KERNEL_URL = new URL("./kernel.js", import.meta.url).href;
const PROGRAM_KERNEL_URL = new URL("./groundup.js", import.meta.url).href;
const JOBS_URL = new URL("./jobs.js", import.meta.url).href;

function post(message: FromRunner): void {
  self.postMessage(message);
}

async function execute(code: string): Promise<void> {
  const kernel: typeof KernelEntry = await import(KERNEL_URL);
  let pending: TraceEvent[] = [];
  let pendingRun = 0;
  const counts = new Map<number, number>();
  const flush = () => {
    if (pending.length > 0) post({ type: "events", run: pendingRun, events: pending });
    pending = [];
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  kernel.attachSession({
    started(run, clock) {
      flush();
      post({ type: "run-start", run, clock });
    },
    event(run, event) {
      const count = (counts.get(run) ?? 0) + 1;
      counts.set(run, count);
      if (count > EVENT_LIMIT) {
        if (count === EVENT_LIMIT + 1) {
          flush();
          post({ type: "truncated", run, limit: EVENT_LIMIT });
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
  for (const level of ["log", "info", "debug"] as const) {
    console[level] = (...args: unknown[]) =>
      post({ type: "log", level: "log", text: formatArgs(args) });
  }
  for (const level of ["error", "warn"] as const) {
    console[level] = (...args: unknown[]) =>
      post({ type: "log", level: "error", text: formatArgs(args) });
  }
  const url = URL.createObjectURL(
    new Blob([mapImports(code, PROGRAM_KERNEL_URL, JOBS_URL)], { type: "text/javascript" }),
  );
  try {
    await import(url);
  } finally {
    flush();
    URL.revokeObjectURL(url);
  }
}

self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  post({
    type: "log",
    level: "error",
    text: `Unhandled rejection: ${describeError(event.reason)}`,
  });
});

self.onmessage = (event: MessageEvent<ToRunner>) => {
  execute(event.data.code).then(
    () => post({ type: "done", ok: true }),
    (error) => post({ type: "done", ok: false, error: describeError(error) }),
  );
};
