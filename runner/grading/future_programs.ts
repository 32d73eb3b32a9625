/**
 * Generated programs of tasks that wait on Futures, for lesson 09's
 * `wait_future` kernel: run on the learner's kernel and on `kernel/`, trace
 * for trace (`time`, `parent` and `detail` left out, as the exercise's
 * events have none).
 *
 * A program has a few Futures and a few task definitions. Tasks spawn later
 * definitions, give up their turn, wait on a Future (with or without a
 * `try/catch`), complete a Future that is still pending (with a falsy value
 * too, or an error), and end by returning what they saw, a value, or by
 * throwing. The outside world completes Futures too, one at a time, and
 * only when the kernel has nothing to do: for `kernel/` inside its
 * selector's `select()`, for the learner's kernel at the next macrotask
 * after `run()` went idle. So the same program gives the same trace on
 * every run. A Future that nobody completes leaves tasks waiting: both
 * kernels are then "stuck", and only the trace up to there is compared.
 * The comparison and the printed counterexample are in
 * `future_program_checks.ts`.
 *
 * @module
 */

import { Future } from "../../kernel/future.ts";
import { run } from "../../kernel/kernel.ts";
import { spawn as kernelSpawn, wait as kernelWait } from "../../kernel/operations.ts";
import type { Selector } from "../../kernel/selector.ts";
import type { TraceEvent } from "../../kernel/trace.ts";
import type { KernelOp } from "../../kernel/types.ts";
import { fc } from "./explore.ts";
import { normalizeTrace } from "./kernel_runs.ts";
import { projectTrace, type TraceLike } from "./trace_diff.ts";

/** Values Futures are completed with. */
export const VALUES: readonly unknown[] = [undefined, 0, "", null, "ok", 7];

/**
 * Errors Futures are rejected with. Not `undefined`: kernel/ resumes a
 * task waiting on a Future rejected with `undefined` with the value
 * `undefined` (`Kernel.resume`'s default parameter); reported, not graded.
 */
export const ERRORS: readonly (() => unknown)[] = [
  () => new Error("boom"),
  () => "refused",
  () => null,
];

/** One step of a task. */
export type FutureStep =
  | { k: "yield" }
  | { k: "spawn"; task: number }
  | { k: "wait"; future: number; catch: boolean }
  | { k: "complete"; future: number; value: number }
  | { k: "fail"; future: number; error: number };

/** A completion by the outside world. */
export type Outside = { future: number; value: number } | { future: number; error: number };

/** A whole program: `tasks[0]` is main. */
export interface FutureProgram {
  /** How many Futures there are. */
  futures: number;
  /** Each task's steps and ending (`seen`, a value index, or an error index as `-1 - i`). */
  tasks: { steps: FutureStep[]; end: number | "seen" }[];
  /** What the outside world completes, in order, one each time the kernel idles. */
  outside: Outside[];
}

/** The arbitrary of programs. */
export function futureProgramArbitrary(): fc.Arbitrary<FutureProgram> {
  return fc.integer({ min: 1, max: 3 }).chain((futures) => {
    const future = fc.nat(futures - 1);
    const step: fc.Arbitrary<FutureStep> = fc.oneof(
      { weight: 2, arbitrary: fc.constant({ k: "yield" as const }) },
      { weight: 3, arbitrary: fc.nat(3).map((task) => ({ k: "spawn" as const, task })) },
      {
        weight: 4,
        arbitrary: fc.record({ k: fc.constant("wait" as const), future, catch: fc.boolean() }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          k: fc.constant("complete" as const),
          future,
          value: fc.nat(VALUES.length - 1),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          k: fc.constant("fail" as const),
          future,
          error: fc.nat(ERRORS.length - 1),
        }),
      },
    );
    const task = fc.record({
      steps: fc.array(step, { maxLength: 4 }),
      end: fc.oneof(
        { weight: 3, arbitrary: fc.constant("seen" as const) },
        { weight: 1, arbitrary: fc.nat(VALUES.length - 1) },
        { weight: 1, arbitrary: fc.integer({ min: -ERRORS.length, max: -1 }) },
      ),
    });
    const outside: fc.Arbitrary<Outside> = fc.oneof(
      fc.record({ future, value: fc.nat(VALUES.length - 1) }),
      fc.record({ future, error: fc.nat(ERRORS.length - 1) }),
    );
    return fc.record({
      futures: fc.constant(futures),
      tasks: fc.array(task, { minLength: 1, maxLength: 4 }),
      outside: fc.array(outside, { maxLength: 4 }),
    });
  }).map(normalizeFutureProgram);
}

/** Spawns name later definitions only (so programs end); others are dropped. */
export function normalizeFutureProgram(program: FutureProgram): FutureProgram {
  return {
    ...program,
    tasks: program.tasks.map((task, index) => {
      const later = program.tasks.length - index - 1;
      const steps: FutureStep[] = [];
      for (const step of task.steps) {
        if (step.k !== "spawn") steps.push(step);
        else if (later > 0) steps.push({ k: "spawn", task: index + 1 + (step.task % later) });
      }
      return { steps, end: task.end };
    }),
  };
}

/** The two operations a program uses, from one kernel or the other. */
export interface FutureOps {
  /** Start a task. */
  spawn(fn: () => Generator<unknown, unknown, unknown>): Generator<unknown, unknown, unknown>;
  /** Wait on a Future. */
  wait<T>(future: Future<T>): Generator<unknown, T, unknown>;
}

/** The kernel's own operations. */
export const kernelOps: FutureOps = {
  spawn: (fn) => kernelSpawn(fn as () => KernelOp<unknown>),
  wait: (future) => kernelWait(future),
};

/** The program as task code on `ops` over `futures`: returns main. */
export function futureProgramMain(
  program: FutureProgram,
  ops: FutureOps,
  futures: Future<unknown>[],
): () => Generator<unknown, unknown, unknown> {
  const fns: (() => Generator<unknown, unknown, unknown>)[] = [];
  program.tasks.forEach((task, index) => {
    const body = function* (): Generator<unknown, unknown, unknown> {
      const seen: unknown[] = [];
      for (const step of task.steps) {
        switch (step.k) {
          case "yield":
            yield;
            break;
          case "spawn":
            yield* ops.spawn(fns[step.task]);
            break;
          case "wait":
            if (step.catch) {
              try {
                seen.push(yield* ops.wait(futures[step.future]));
              } catch (error) {
                seen.push(`caught ${error}`);
              }
            } else seen.push(yield* ops.wait(futures[step.future]));
            break;
          case "complete":
            if (!futures[step.future].done) futures[step.future].setResult(VALUES[step.value]);
            break;
          case "fail":
            if (!futures[step.future].done) futures[step.future].setError(ERRORS[step.error]());
            break;
        }
      }
      if (task.end === "seen") return seen;
      if (task.end >= 0) return VALUES[task.end];
      throw ERRORS[-1 - task.end]();
    };
    Object.defineProperty(body, "name", { value: index === 0 ? "main" : `t${index}` });
    fns.push(body);
  });
  return fns[0];
}

/** Complete the next outside Future that is still pending; `false` when none is left. */
function completeNext(outside: Outside[], futures: Future<unknown>[]): boolean {
  while (outside.length > 0) {
    const next = outside.shift()!;
    const future = futures[next.future];
    if (future.done) continue;
    if ("value" in next) future.setResult(VALUES[next.value]);
    else future.setError(ERRORS[next.error]());
    return true;
  }
  return false;
}

/** Why a run ended. */
export type FutureEnd = "returned" | "threw" | "stuck";

/** What one side of a program gave. */
export interface FutureOutcome {
  /** The trace, projected to the exercise's fields. */
  events: TraceLike[];
  /** How `run()` ended: returned, threw, or never (tasks left waiting on Futures nobody completes). */
  end: FutureEnd;
  /** What `run()` threw, as a string, when it threw. */
  error?: string;
  /** Errors reported while it ran (a done callback that threw): none on the kernel. */
  reported: string[];
}

/** Thrown by the world when the kernel idles and nothing is left to complete. */
class Stuck extends Error {}

/** A selector for kernel/: each `select()` that would wait completes the next outside Future. */
class FutureWorld implements Selector {
  readonly size = 0;
  constructor(readonly outside: Outside[], readonly futures: Future<unknown>[]) {}
  select(timeout: number | null): never[] {
    if (timeout === 0) return [];
    if (!completeNext(this.outside, this.futures)) throw new Stuck("nothing left to complete");
    return [];
  }
  register(): void {}
  unregister(): void {}
  wakeup(): void {}
  close(): void {}
}

const project = (events: readonly TraceLike[]) =>
  projectTrace(normalizeTrace(events), { omit: ["time", "parent", "detail"] });

/** Run `body` with uncaught-error reports (a callback that threw) collected in `into`. */
async function collectingReports<T>(into: string[], body: () => Promise<T>): Promise<T> {
  const listener = (event: ErrorEvent) => {
    event.preventDefault();
    into.push(String(event.error));
  };
  globalThis.addEventListener("error", listener);
  try {
    return await body();
  } finally {
    globalThis.removeEventListener("error", listener);
  }
}

/** Run `program` on kernel/. */
export function referenceFutureRun(program: FutureProgram): Promise<FutureOutcome> {
  const reported: string[] = [];
  return collectingReports(reported, async () => ({
    ...await referenceOnly(program),
    reported,
  }));
}

async function referenceOnly(program: FutureProgram): Promise<Omit<FutureOutcome, "reported">> {
  const futures = Array.from({ length: program.futures }, () => new Future<unknown>());
  const events: TraceEvent[] = [];
  const main = futureProgramMain(program, kernelOps, futures);
  try {
    await run(main as () => KernelOp<unknown>, {
      clock: "virtual",
      selector: new FutureWorld([...program.outside], futures),
      trace: (event) => events.push(event),
      onUnjoinedError: () => {},
    });
    return { events: project(events), end: "returned" };
  } catch (error) {
    if (error instanceof Stuck) return { events: project(events), end: "stuck" };
    return { events: project(events), end: "threw", error: String(error) };
  }
}

/** One macrotask: every microtask queued before it has run. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A learner's kernel as the check drives it: `run(main, trace)` and the operations. */
export interface LearnerFutureKernel {
  /** The exercise's `run`. */
  run(
    main: () => Generator<unknown, unknown, unknown>,
    trace: (e: TraceLike) => void,
  ): Promise<unknown>;
  /** The exercise's operations. */
  ops: FutureOps;
}

/**
 * Run `program` on the learner's kernel: start it, then, one macrotask at
 * a time, complete the next outside Future while `run()` has not ended.
 */
export function learnerFutureRun(
  program: FutureProgram,
  kernel: LearnerFutureKernel,
): Promise<FutureOutcome> {
  const reported: string[] = [];
  return collectingReports(reported, async () => ({
    ...await learnerOnly(program, kernel),
    reported,
  }));
}

async function learnerOnly(
  program: FutureProgram,
  kernel: LearnerFutureKernel,
): Promise<Omit<FutureOutcome, "reported">> {
  const futures = Array.from({ length: program.futures }, () => new Future<unknown>());
  const events: TraceLike[] = [];
  const main = futureProgramMain(program, kernel.ops, futures);
  let ended: { end: FutureEnd; error?: string } | undefined;
  kernel.run(main, (event) => events.push({ ...event })).then(
    () => ended = { end: "returned" },
    (error) => {
      if (error instanceof Error && error.message === "not implemented yet") {
        ended = { end: "threw", error: "not implemented yet" };
      } else ended = { end: "threw", error: String(error) };
    },
  );
  const outside = [...program.outside];
  for (;;) {
    await macrotask();
    if (ended !== undefined) break;
    if (!completeNext(outside, futures)) {
      // Why a few more turns: a kernel that is still settling gets them; an idle one stays idle.
      for (let i = 0; i < 3 && ended === undefined; i++) await macrotask();
      break;
    }
  }
  if (ended?.error === "not implemented yet") throw new Error("not implemented yet");
  return { events: project(events), ...(ended ?? { end: "stuck" }) };
}
