/**
 * The kernel as the browser gets it: `assets/kernel.js`, the run loop,
 * traps, operations, timers, Futures, cancellation and task groups, plus
 * one hook for the playground. The in-memory network (`network.js`) and the
 * worker pool (`workers.js`) are bundled apart and import this module, and
 * `groundup.js` re-exports all three: what a program's `groundup/kernel`
 * import gets. No Deno sockets and no `poll(2)`: those need Deno.
 *
 * The playground's runner imports this very URL too, so it shares one
 * module instance with the program. The runner attaches a {@linkcode Session}
 * before the code runs; this module's `run` then tells it about every run
 * and every trace event, on top of the code's own `trace` observer. With no
 * session attached, `run` is the kernel's `run`.
 *
 * @module
 */

import { run as kernelRun, type RunOptions } from "../../kernel/kernel.ts";
import type { KernelOp } from "../../kernel/types.ts";
import type { TraceEvent } from "../../kernel/trace.ts";

export * from "../../kernel/clock.ts";
export * from "../../kernel/errors.ts";
export * from "../../kernel/future.ts";
export * from "../../kernel/operations.ts";
export * from "../../kernel/selector.ts";
export { Task, type TaskState } from "../../kernel/task.ts";
export * from "../../kernel/task_group.ts";
export * from "../../kernel/timeout.ts";
export * from "../../kernel/trace.ts";
export * from "../../kernel/types.ts";
export type { RunOptions };

/** What the playground's runner hears from {@linkcode run}. */
export interface Session {
  /** A run starts; `clock` is the clock it uses (`"virtual"` unless the code chose). */
  started(run: number, clock: string): void;
  /** One trace event of run number `run`. */
  event(run: number, event: TraceEvent): void;
}

let session: Session | null = null;
let runs = 0;

/**
 * Attach (or, with `null`, detach) the playground's session.
 *
 * @example
 * ```ts ignore
 * attachSession({ started: (n, clock) => {}, event: (n, e) => console.log(e) });
 * ```
 */
export function attachSession(next: Session | null): void {
  session = next;
  runs = 0;
}

/**
 * The kernel's `run`, observed: in the playground the clock is virtual
 * unless the code asks for another, and every trace event is reported to
 * the attached session as well as to the code's own observer.
 *
 * @example
 * ```ts ignore
 * await run(function* main() { yield* sleep(1); }); // a virtual second
 * ```
 */
export function run<T>(main: () => KernelOp<T>, options: RunOptions = {}): Promise<T> {
  const observing = session;
  if (observing === null) return kernelRun(main, options);
  const number = ++runs;
  const clock = options.clock ?? "virtual";
  observing.started(number, typeof clock === "string" ? clock : "custom");
  const own = options.trace;
  return kernelRun(main, {
    ...options,
    clock,
    trace(event) {
      observing.event(number, event);
      own?.(event);
    },
  });
}
