/**
 * Grader for 09-futures/wait_future. Run it: `deno task grade 09-futures/wait_future`.
 *
 * Each check runs the same tasks on your kernel and on the reference kernel
 * (`kernel/`, with `yield* wait(future)`), and compares the two traces
 * event by event (`time` and `parent` left out). Where they part you see the
 * event number, both events, and the events before it.
 *
 * @module
 */

import { Future, type KernelOp, run, spawn, type TraceEvent, wait } from "../../kernel/mod.ts";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import {
  compareFutureProgram,
  describeFutureProgram,
  doneCallbackThrew,
} from "../../runner/grading/future_program_checks.ts";
import { futureProgramArbitrary } from "../../runner/grading/future_programs.ts";
import { explore } from "../../runner/grading/explore.ts";
import {
  assertSameTrace,
  type Divergence,
  formatEvent,
  projectTrace,
  type TraceLike,
} from "../../runner/grading/trace_diff.ts";
import type * as Exercise from "./wait_future.ts";

/** The two operations a scenario uses, from one kernel or the other, and its outside world. */
interface Ops {
  spawn(fn: () => Generator<unknown, unknown, unknown>): Generator<unknown, unknown, unknown>;
  wait<T>(future: Future<T>): Generator<unknown, T, unknown>;
  /** Complete something from outside the loop, from a timer of `ms` (as a Worker's message would). */
  later(ms: number, complete: () => void): void;
}

/**
 * The outside world of one run: the timers a scenario armed with
 * `later()`, counted, so a check knows when the last of them has fired
 * (by the order of events, not by the clock).
 */
class OutsideWorld {
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #fired: (() => void) | undefined;

  /** How many completions are armed and have not happened yet. */
  get pending(): number {
    return this.#timers.size;
  }

  later(ms: number, complete: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      try {
        complete();
      } finally {
        this.#fired?.();
      }
    }, ms);
    this.#timers.add(timer);
  }

  /** Settles right after the next armed completion has happened. */
  next(): Promise<void> {
    return new Promise((resolve) => this.#fired = resolve);
  }

  /** Disarm what is left (a run that ended early). */
  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

/** A scenario: builds main from the operations (fresh Futures on every call). */
type Scenario = (ops: Ops) => () => Generator<unknown, unknown, unknown>;

async function referenceTrace(scenario: Scenario): Promise<TraceLike[]> {
  const events: TraceEvent[] = [];
  const world = new OutsideWorld();
  const kernelOps: Ops = {
    spawn: (fn) => spawn(fn as () => KernelOp<unknown>),
    wait: (future) => wait(future),
    later: (ms, complete) => world.later(ms, complete),
  };
  await run(scenario(kernelOps) as () => KernelOp<unknown>, {
    trace: (event) => events.push(event),
    onUnjoinedError: () => {},
  }).catch(() => {});
  return projectTrace(events, { omit: ["time", "parent", "detail"] });
}

/** Hops of the event loop a working kernel gets after the last outside completion. */
const SETTLING_HOPS = 5;

/**
 * Run `scenario` on both kernels and compare the traces. A run counts as
 * stuck by the order of events, never by the clock: once every outside
 * completion the scenario armed has happened, a kernel that works finishes
 * within microtasks (its wake is a done callback, wakeup() and the Promise
 * the loop awaits); it gets {@linkcode SETTLING_HOPS} more macrotasks, and
 * one still running then never woke. However slow the machine, the
 * completions come first and the hops after them.
 */
async function check(
  module: typeof Exercise,
  what: string,
  scenario: Scenario,
): Promise<void> {
  const expected = await referenceTrace(scenario);
  const world = new OutsideWorld();
  const ops: Ops = {
    spawn: (fn) => module.spawn(fn as Exercise.TaskFunction),
    wait: (future) => module.wait(future),
    later: (ms, complete) => world.later(ms, complete),
  };
  const actual: TraceLike[] = [];
  const reported: unknown[] = [];
  const listener = (event: ErrorEvent) => {
    event.preventDefault();
    reported.push(event.error);
  };
  globalThis.addEventListener("error", listener);
  try {
    let ended = false;
    const running = module.run(scenario(ops) as Exercise.TaskFunction, (e) => actual.push(e));
    running.then(() => ended = true, () => ended = true);
    for (let hops = 0; !ended && hops < SETTLING_HOPS;) {
      if (world.pending > 0) {
        await world.next();
        hops = 0;
      } else hops++;
      await hop();
    }
    if (ended) await running;
    else {
      throw new Mistake(
        `${what}: the scenario is over (every outside completion has happened), yet your kernel's run() has not finished, after these events:\n  ${
          actual.map((e) => formatEvent(e)).join("\n  ")
        }\nThe loop sleeps on: sleep only when no task is ready, have the done callback queue its task and call wakeup(), and have wakeup() end the loop's wait`,
      );
    }
  } catch (error) {
    if (error instanceof Mistake) throw error;
    if (reported.length > 0) throw callbackThrew(what, reported[0]);
    throw new Mistake(
      `${what}: your kernel's run() threw ${error}, after these events:\n  ${
        actual.map((e) => formatEvent(e)).join("\n  ")
      }`,
    );
  } finally {
    world.clear();
    globalThis.removeEventListener("error", listener);
  }
  if (reported.length > 0) throw callbackThrew(what, reported[0]);
  assertSameTrace(projectTrace(actual, { omit: ["time", "parent"] }), expected, what, {
    reference: "the kernel",
    explain,
  });
}

/** The report of a done callback that threw. */
function callbackThrew(what: string, error: unknown): Mistake {
  return new Mistake(`${what}: ${doneCallbackThrew(error)}`);
}

/** The usual mistakes behind a divergence. */
function explain({ expected, actual, before }: Divergence): string | undefined {
  if (actual?.type === "block" && expected?.type !== "block") {
    return "the kernel answers a Future that is already done at once: no block, no switch";
  }
  if (actual?.type === "run" && (expected?.type === "wake" || before.at(-1)?.type === "wake")) {
    return "a task ran inside the done callback: the callback must only queue it; the loop runs it";
  }
  const e = expected as { type: string; task?: number } | undefined;
  const a = actual as { type: string; task?: number } | undefined;
  if (e?.type === "run" && a?.type === "run") {
    return `task ${a.task} ran instead of task ${e.task}: the ready queue is first in, first out, and a woken task joins it at the back`;
  }
  if (e?.type === "wake" && a?.type === "wake") {
    return `task ${a.task} woke before task ${e.task}: a Future's done callbacks run in the order they were added, so its waiters wake in the order they waited`;
  }
  return undefined;
}

/** Wait until every microtask queued so far has run (one macrotask). */
const hop = () => new Promise<void>((resolve) => setImmediate(resolve));

export default defineGrader<typeof Exercise>({
  "a Future that is already done is answered at once, value or error": (m) =>
    check(m, "done Futures", ({ wait }) =>
      function* main() {
        const ok = new Future<number>();
        ok.setResult(1);
        const failed = new Future<number>();
        failed.setError(new Error("already failed"));
        const one = yield* wait(ok);
        try {
          yield* wait(failed);
        } catch (error) {
          return `${one} and ${(error as Error).message}`;
        }
      }),
  "a task waiting on a Future wakes when another task completes it": (m) =>
    check(m, "one waiter, one setter", ({ spawn, wait }) =>
      function* main() {
        const answer = new Future<string>();
        yield* spawn(function* waiter() {
          return yield* wait(answer);
        });
        yield* spawn(function* setter() {
          yield;
          answer.setResult("hello");
          yield;
          return "set";
        });
      }),
  "several waiters wake in the order they waited; an error is thrown in at the wait": (m) =>
    check(m, "three waiters on a failing Future", ({ spawn, wait }) =>
      function* main() {
        const shared = new Future<number>();
        for (const name of ["a", "b", "c"]) {
          yield* spawn(
            Object.defineProperty(
              function* () {
                try {
                  return yield* wait(shared);
                } catch (error) {
                  return `${name} caught ${(error as Error).message}`;
                }
              },
              "name",
              { value: name },
            ),
          );
        }
        yield;
        shared.setError(new Error("no luck"));
        return "done";
      }),
  "an idle loop sleeps until wakeup() is called, and wakes as soon as it is": async (
    { Kernel, wait },
  ) => {
    const events: { type: string; task?: number }[] = [];
    const kernel = new Kernel((event) => events.push(event));
    // Count the calls to wakeup() and hold them back, so the check can see
    // whether the loop wakes by itself (it polls) or only when woken.
    const wakeup = kernel.wakeup.bind(kernel);
    let calls = 0;
    kernel.wakeup = () => void calls++;
    const future = new Future<string>();
    let ended = false;
    kernel.run(function* main() {
      return yield* wait(future);
    }).then(() => ended = true, () => ended = true);
    for (let i = 0; i < 3; i++) await hop();
    if (ended) {
      throw new Mistake(
        "run() ended while main still waited on a Future nobody had completed: with nothing ready and a task waiting on a Future (counted in #waiting), the loop must wait",
      );
    }
    const runs = () => events.filter((e) => e.type === "run").length;
    future.setResult("done"); // from outside the loop, as a Worker's message or a timer would
    for (let i = 0; i < 20; i++) await null; // microtasks only: a direct wake runs here
    if (runs() < 2) {
      // Not woken directly: give a loop that polls the time to find the task by itself.
      // Not a time limit a loaded machine can trip: timers fire in the order of their
      // deadlines, so a poll armed before this timer, for up to 30 ms, has run by then;
      // and a working loop (it sleeps until wakeup()) passes however late this fires.
      await new Promise((resolve) => setTimeout(resolve, 30));
      await hop();
      if (runs() >= 2) {
        throw new Mistake(
          `the Future was completed and nothing called wakeup()${
            calls > 0 ? " (the grader held back the call your done callback made)" : ""
          }, yet your loop found the task by itself a few milliseconds later: it polls (a setTimeout(0) loop or similar) instead of sleeping. With nothing ready, await a Promise that only wakeup() resolves`,
        );
      }
      if (calls === 0) {
        throw new Mistake(
          "the Future was completed, its waiter was queued, but your done callback never called wakeup(): the loop sleeps on, waiting for exactly that call. Call this.wakeup() in the done callback",
        );
      }
      wakeup();
      for (let i = 0; i < 3; i++) await hop();
    }
    if (!ended) {
      throw new Mistake(
        "wakeup() was called, but your loop did not wake and finish: wakeup() must resolve the Promise the idle loop awaits (once), and the loop must then run the ready tasks",
      );
    }
  },
  "a Future completed from outside (a timer) wakes a loop with nothing else to do": (m) =>
    check(m, "completed by setTimeout", ({ spawn, wait, later }) =>
      function* main() {
        const first = new Future<string>();
        const second = new Future<string>();
        yield* spawn(function* early() {
          // Armed by the last task to block, so both fire while the loop idles.
          later(0, () => first.setResult("first"));
          later(50, () => second.setResult("second"));
          return yield* wait(first);
        });
        return yield* wait(second);
      }),
  "your kernel agrees with the kernel, trace for trace, on generated programs of tasks, Futures and completions from inside and outside":
    (m) =>
      explore({
        truth: "the kernel",
        arbitrary: futureProgramArbitrary(),
        runs: 60,
        compare: async (program) => {
          await compareFutureProgram(program, {
            run: (main, trace) => m.run(main as Exercise.TaskFunction, trace),
            ops: { spawn: (fn) => m.spawn(fn as Exercise.TaskFunction), wait: (f) => m.wait(f) },
          }, explain);
          return undefined;
        },
        snippet: (program, from) => [
          `import { showFutureRuns } from "./runner/grading/future_program_checks.ts";`,
          `import { run, spawn, wait } from "${from}";`,
          "",
          ...describeFutureProgram(program),
          `const program = ${JSON.stringify(program)};`,
          `await showFutureRuns(program, { run, ops: { spawn, wait } });`,
        ],
      }),
});
