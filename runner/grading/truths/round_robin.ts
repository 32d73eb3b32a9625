/**
 * The truth for 05-tasks/round_robin: the reference kernel (`kernel/`), run
 * with the same task bodies, and its trace cut down to what a round-robin
 * scheduler can know, exactly as the exercise's grader does for its
 * examples. A task is a {@linkcode TaskProgram}: plain data, so a generated
 * case prints as a program a learner can run.
 *
 * On the kernel a `main` task (task 1) spawns the programs, so main's events
 * are dropped and the other ids move down by one; only `spawn`, `run`,
 * `trap "checkpoint"` and `exit` are kept, without `time` and `parent`.
 * What a task yields is no trap on the kernel, so there every program yields
 * nothing; on your scheduler it yields its `yields` value, which must not
 * matter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kernelTrace } from "./round_robin.ts";
 *
 * const trace = await kernelTrace([{ name: "", steps: 1, returns: 0 }]);
 * assert.deepEqual(trace.events.map((e) => e.type), ["spawn", "run", "trap", "run", "exit"]);
 * assert.deepEqual(trace.events[0], { type: "spawn", task: 1, name: "task" });
 * ```
 *
 * @module
 */

import { run } from "../../../kernel/kernel.ts";
import { spawn } from "../../../kernel/operations.ts";
import { type TraceEvent, traceValue } from "../../../kernel/trace.ts";
import type { KernelOp } from "../../../kernel/types.ts";
import { rethrowStub, type Thrown, thrownValue } from "../iterator_scripts.ts";
import { projectTrace, type TraceLike } from "../trace_diff.ts";

/** A task, as data. Steps count from 1; each step may spawn, may fail, then yields. */
export interface TaskProgram {
  /** The generator function's name; `""` makes it anonymous. */
  name: string;
  /** How many times it yields, if nothing stops it first. */
  steps: number;
  /** What it yields at each step (on your scheduler; on the kernel it yields nothing). */
  yields?: unknown;
  /** The step at which it throws, before that step's yield. */
  failsAt?: number;
  /** What it throws: `Boom(label)`, or a raw value. @default "failed" */
  throws?: Thrown;
  /** What it returns at the end (with `args`, it returns its arguments instead). */
  returns?: unknown;
  /** Spawned with these arguments; it then returns what it was given. */
  args?: unknown[];
  /**
   * The children it spawns, each at a step, before that step's yield. A
   * spawn that throws is caught by the parent, which writes the error down
   * and goes on.
   */
  spawns?: { at: number; task: TaskProgram }[];
  /**
   * Its function takes its first parameter apart, `function* ({ id })`, so
   * calling it with no arguments throws a TypeError: spawning it fails.
   */
  badParameter?: boolean;
}

/** How a task spawns a child: the kernel's `yield* spawn(...)`, or your `scheduler.spawn(...)`. */
type SpawnChild = (
  fn: (...args: unknown[]) => Generator<unknown, unknown, undefined>,
  args: unknown[],
) => Generator<unknown, void, undefined>;

/** What a task's body reaches on one side. */
interface Side {
  /** How it spawns a child. */
  spawnChild: SpawnChild;
  /** Whether it yields its `yields` value (your scheduler) or nothing (the kernel). */
  yields: boolean;
  /** Where a parent writes what a failed spawn threw. */
  spawnErrors: string[];
}

/** The generator function `program` describes. */
export function taskFunction(
  program: TaskProgram,
  side: Side,
): (...args: unknown[]) => Generator<unknown, unknown, undefined> {
  if (program.badParameter) {
    // Why a parameter taken apart: calling the function throws, before any
    // generator exists, as a learner's `function* worker({ id })` would.
    const bad = function* ({ id }: { id: unknown }): Generator<unknown, unknown, undefined> {
      yield;
      return id;
    };
    Object.defineProperty(bad, "name", { value: program.name });
    return bad as unknown as (...args: unknown[]) => Generator<unknown, unknown, undefined>;
  }
  const fn = function* (...args: unknown[]): Generator<unknown, unknown, undefined> {
    for (let step = 1; step <= program.steps; step++) {
      for (const child of program.spawns ?? []) {
        if (child.at === step) {
          try {
            yield* side.spawnChild(taskFunction(child.task, side), child.task.args ?? []);
          } catch (error) {
            rethrowStub(error);
            side.spawnErrors.push(String(error));
          }
        }
      }
      if (program.failsAt === step) throw thrownValue(program.throws ?? "failed");
      yield side.yields ? program.yields : undefined;
    }
    return program.args ? args : program.returns;
  };
  Object.defineProperty(fn, "name", { value: program.name });
  return fn;
}

/** What one side did: the trace, the ids `spawn` returned for the programs, what run threw. */
export interface RoundRobinOutcome {
  /** The trace, cut down and with exit values as the kernel writes them. */
  events: TraceLike[];
  /** The ids the programs were given, in spawn order. */
  ids: number[];
  /** What each spawn that failed threw, in order (as text). */
  spawnErrors: string[];
  /** What running threw, if anything (as text). */
  threw?: string;
}

/** The programs on the reference kernel. */
export async function kernelTrace(programs: readonly TaskProgram[]): Promise<RoundRobinOutcome> {
  const events: TraceEvent[] = [];
  const side: Side = {
    yields: false,
    spawnErrors: [],
    spawnChild: function* (
      fn: (...args: unknown[]) => Generator<unknown, unknown, undefined>,
      args: unknown[],
    ) {
      yield* spawn(fn as (...args: unknown[]) => KernelOp<unknown>, ...args);
    },
  };
  const ids: number[] = [];
  await run(function* main() {
    for (const program of programs) {
      const task = yield* spawn(
        taskFunction(program, side) as (...args: unknown[]) => KernelOp<unknown>,
        ...(program.args ?? []),
      );
      ids.push(task.id - 1);
    }
  }, { clock: "virtual", trace: (event) => events.push(event), onUnjoinedError: () => {} });
  const projected = projectTrace(events, {
    types: ["spawn", "run", "trap", "exit"],
    omit: ["time", "parent"],
    where: (e) => e.task !== 1 && (e.type !== "trap" || e.trap === "checkpoint"),
  }).map((e) => ({ ...e, task: (e.task as number) - 1 }));
  return { events: projected, ids, spawnErrors: side.spawnErrors };
}

/** A scheduler class, as the exercise's `Scheduler`. */
export interface SchedulerClass {
  new (trace: (event: TraceLike) => void): {
    spawn(
      fn: (...args: never[]) => Iterator<unknown, unknown, undefined>,
      ...args: unknown[]
    ): number;
    run(): void;
  };
}

/** The programs on your scheduler. */
export function schedulerTrace(
  Scheduler: SchedulerClass,
  programs: readonly TaskProgram[],
): RoundRobinOutcome {
  const events: TraceLike[] = [];
  const scheduler = new Scheduler((event) => events.push({ ...event }));
  const side: Side = {
    yields: true,
    spawnErrors: [],
    // deno-lint-ignore require-yield -- your spawn() is a plain call, not a trap to yield
    spawnChild: function* (
      fn: (...args: unknown[]) => Generator<unknown, unknown, undefined>,
      args: unknown[],
    ) {
      scheduler.spawn(fn, ...args);
    },
  };
  const ids = programs.map((program) =>
    scheduler.spawn(taskFunction(program, side), ...(program.args ?? []))
  );
  let threw: string | undefined;
  try {
    scheduler.run();
  } catch (error) {
    rethrowStub(error);
    threw = String(error);
  }
  const outcome = { events: learnerEvents(events), ids, spawnErrors: side.spawnErrors };
  return threw === undefined ? outcome : { ...outcome, threw };
}

/**
 * Your scheduler's events as the kernel writes them: an exit's value through
 * `traceValue`, and a `value` field that is there but `undefined` kept, as
 * `"undefined"` (the kernel leaves the field out; a trace reader sees the
 * difference with `"value" in event`).
 */
export function learnerEvents(events: readonly TraceLike[]): TraceLike[] {
  return projectTrace(
    events.map((e) => e.type === "exit" && "value" in e ? { ...e, value: traceValue(e.value) } : e),
  );
}
