/**
 * Grader for 05-tasks/round_robin. Run it: `deno task grade 05-tasks/round_robin`.
 *
 * Side by side with the reference kernel: each check describes a few tasks
 * (how many steps each takes, which one throws, what each returns), runs
 * them on your `Scheduler` and on `kernel/`'s `run(main, { clock:
 * "virtual", trace })`, and compares the two traces event by event.
 *
 * In the kernel a `main` task (task 1) spawns the tasks, so the kernel's
 * trace is cut down to what your scheduler can know: main's own events go,
 * the other tasks' ids are moved down by one (the kernel's task 2 is your
 * task 1), and only `spawn`, `run`, `trap "checkpoint"` and `exit` are
 * kept, without `time` and `parent`. Where the traces part, you see the
 * event number, both events, and the events before it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { type KernelOp, run, spawn, type TraceEvent } from "../../kernel/mod.ts";
import { defineGrader } from "../../runner/grading/grader.ts";
import { differ, explore, fc } from "../../runner/grading/explore.ts";
import {
  compact,
  literal,
  someThrown,
  sometimes,
  someValue,
} from "../../runner/grading/iterator_scripts.ts";
import {
  kernelTrace as kernelOutcome,
  learnerEvents,
  type SchedulerClass,
  schedulerTrace,
  type TaskProgram,
} from "../../runner/grading/truths/round_robin.ts";
import {
  assertSameTrace,
  type Divergence,
  projectTrace,
  type TraceLike,
} from "../../runner/grading/trace_diff.ts";
import type * as Exercise from "./round_robin.ts";

/** A task, as data: both sides build the same generator function from it. */
interface TaskSpec {
  /** The generator function's name. */
  name: string;
  /** How many times it yields, if nothing stops it first. */
  steps: number;
  /** Throw `Error("<name> failed at step <n>")` at step n, before that step's yield. */
  failsAt?: number;
  /** What it returns at the end. */
  returns?: unknown;
  /** Spawn this task at step n, before that step's yield. */
  spawns?: { at: number; task: TaskSpec };
}

/** How a task spawns a child on one side: the kernel's `yield* spawn`, or your `spawn()`. */
type SpawnChild = (
  fn: () => Generator<unknown, unknown, undefined>,
) => Generator<unknown, void, undefined>;

function taskFunction(spec: TaskSpec, spawnChild: SpawnChild) {
  const fn = function* (): Generator<unknown, unknown, undefined> {
    for (let step = 1; step <= spec.steps; step++) {
      if (spec.spawns?.at === step) yield* spawnChild(taskFunction(spec.spawns.task, spawnChild));
      if (spec.failsAt === step) throw new Error(`${spec.name} failed at step ${step}`);
      yield;
    }
    return spec.returns;
  };
  Object.defineProperty(fn, "name", { value: spec.name });
  return fn;
}

const SUBSET = ["spawn", "run", "trap", "exit"];

/** The kernel's trace for `specs`, cut down to what the exercise reports. */
async function kernelTrace(specs: TaskSpec[]): Promise<TraceLike[]> {
  const events: TraceEvent[] = [];
  const spawnChild: SpawnChild = function* (fn) {
    yield* spawn(fn as () => KernelOp<unknown>);
  };
  await run(function* main() {
    for (const spec of specs) {
      yield* spawn(taskFunction(spec, spawnChild) as () => KernelOp<unknown>);
    }
  }, { clock: "virtual", trace: (event) => events.push(event), onUnjoinedError: () => {} });
  return projectTrace(events, {
    types: SUBSET,
    omit: ["time", "parent"],
    where: (e) => e.task !== 1 && (e.type !== "trap" || e.trap === "checkpoint"),
  }).map((e) => ({ ...e, task: (e.task as number) - 1 }));
}

/** Your scheduler's trace for `specs`, the ids `spawn` returned, and what `run()` threw. */
function learnerTrace({ Scheduler }: typeof Exercise, specs: TaskSpec[]) {
  const events: TraceLike[] = [];
  const scheduler = new Scheduler((event) => events.push(event));
  // deno-lint-ignore require-yield -- your spawn() is a plain call, not a trap to yield
  const spawnChild: SpawnChild = function* (fn) {
    scheduler.spawn(fn);
  };
  const ids = specs.map((spec) => scheduler.spawn(taskFunction(spec, spawnChild)));
  let threw: unknown = undefined;
  try {
    scheduler.run();
  } catch (error) {
    if (error instanceof Error && error.message === "not implemented yet") throw error;
    threw = error;
  }
  return { events: learnerEvents(events), ids, threw };
}

/** A sentence on the likely mistake at the point where the traces part. */
function explain(threw: unknown) {
  return (d: Divergence): string | undefined => {
    const expected = d.expected as (TraceLike & { task?: number }) | undefined;
    const actual = d.actual as (TraceLike & { task?: number }) | undefined;
    const previous = d.before.at(-1) as (TraceLike & { task?: number }) | undefined;
    if (actual === undefined && threw !== undefined) {
      return `your run() threw ${
        String(threw)
      }: a task that throws is finished (report exit with its error), and the other tasks run on`;
    }
    if (actual === undefined) {
      return "your trace stops early: run() must go on until the ready queue is empty";
    }
    if (expected?.type === "spawn" && actual.type === "spawn") {
      const e = expected as TraceLike & { task?: number; name?: string };
      const a = actual as TraceLike & { task?: number; name?: string };
      if (e.task !== a.task) {
        return `task ids count from 1 in each new Scheduler, in spawn order, and a spawn() that threw uses none up: this is task ${e.task}`;
      }
      if (e.name !== a.name) {
        return `a task is named fn.name, or "task" when that is empty (an anonymous function's name is "", not undefined)`;
      }
    }
    if (expected?.type === "exit" && actual.type === "exit" && expected.task === actual.task) {
      if ("value" in actual && !("value" in expected) && actual.value === "undefined") {
        return "a task that returned undefined exits with no value field at all: leave it out, do not write value: undefined";
      }
      if ("value" in expected !== "value" in actual) {
        return 'exit carries value whenever the task returned anything but undefined: null, 0, "" and false too';
      }
    }
    if (actual.type === "spawn" && expected?.type !== "spawn") {
      return "your trace reports a spawn the kernel does not: when fn(...args) throws, spawn() throws that error and reports nothing (call fn first, then count, queue and report)";
    }
    if (expected?.type === "run" && actual.type === "run") {
      return `task ${actual.task} ran instead of task ${expected.task}: the ready queue is first in, first out (take from the front, put a task that yielded at the back)`;
    }
    if (
      expected?.type === "run" && previous?.type === "trap" && actual.task === previous.task
    ) {
      return `task ${actual.task} went on after its yield: a yield ends the task's turn, so put it at the back of the queue and run the next one`;
    }
    return undefined;
  };
}

/** Run `specs` on both sides and compare the traces. */
async function sideBySide(module: typeof Exercise, what: string, specs: TaskSpec[]) {
  const expected = await kernelTrace(specs);
  const { events, threw } = learnerTrace(module, specs);
  assertSameTrace(events, expected, what, { reference: "the kernel", explain: explain(threw) });
  if (threw !== undefined) throw threw;
}

const steps = (name: string, n: number, more: Partial<TaskSpec> = {}): TaskSpec => ({
  name,
  steps: n,
  ...more,
});

/** A task as data: names (anonymous too), steps, yields, errors, falsy results, arguments. */
const someLeafProgram: fc.Arbitrary<TaskProgram> = fc.record({
  name: fc.constantFrom("a", "b", "worker", ""),
  steps: fc.nat(3),
  yields: sometimes(someValue, 0.3),
  failsAt: sometimes(fc.integer({ min: 1, max: 3 }), 0.25),
  throws: sometimes(someThrown, 0.5),
  returns: sometimes(someValue, 0.6),
  args: sometimes(fc.array(someValue, { maxLength: 3 }), 0.25),
}).map((program) => compact(program) as TaskProgram);

/** A child: sometimes one whose function throws when called, so spawning it fails. */
const someChild: fc.Arbitrary<TaskProgram> = fc.oneof(
  { weight: 3, arbitrary: someLeafProgram },
  {
    weight: 1,
    arbitrary: someLeafProgram.map(({ args: _args, ...program }) => ({
      ...program,
      badParameter: true,
    })),
  },
);

/** A task that may spawn a child or two on its way. */
const someProgram: fc.Arbitrary<TaskProgram> = fc.record({
  program: someLeafProgram,
  spawns: sometimes(
    fc.array(fc.record({ at: fc.integer({ min: 1, max: 3 }), task: someChild }), {
      minLength: 1,
      maxLength: 2,
    }),
    0.3,
  ),
}).map(({ program, spawns }) => (spawns ? { ...program, spawns } : program));

export default defineGrader<typeof Exercise>({
  "a task that never yields runs once and exits with its value": async (module) => {
    await sideBySide(module, "one task that returns 42 at once", [
      steps("answer", 0, { returns: 42 }),
    ]);
  },
  "run() with no tasks returns at once, with nothing to report": ({ Scheduler }) => {
    const events: unknown[] = [];
    new Scheduler((event) => events.push(event)).run();
    assert.deepEqual(events, [], "the trace of run() with no task spawned");
  },
  "three tasks of two steps take turns: 1, 2, 3, 1, 2, 3": async (module) => {
    await sideBySide(module, "three tasks of two steps each", [
      steps("task1", 2),
      steps("task2", 2),
      steps("task3", 2),
    ]);
  },
  "spawn() returns ids 1, 2, 3, ... in spawn order": (module) => {
    const { ids } = learnerTrace(module, [steps("a", 1), steps("b", 1), steps("c", 1)]);
    assert.deepEqual(ids, [1, 2, 3], "the ids spawn() returned for three tasks");
  },
  "tasks of different lengths: each leaves the queue when it ends": async (module) => {
    await sideBySide(module, "tasks of 1, 4, 0 and 2 steps", [
      steps("short", 1, { returns: "s" }),
      steps("long", 4, { returns: { steps: 4 } }),
      steps("none", 0),
      steps("medium", 2, { returns: [1, 2] }),
    ]);
  },
  "a task that throws exits with its error, and the others finish": async (module) => {
    await sideBySide(module, "three tasks, the second throws at its second step", [
      steps("a", 3, { returns: "a done" }),
      steps("b", 3, { failsAt: 2 }),
      steps("c", 3, { returns: "c done" }),
    ]);
  },
  "a task may throw before its first yield": async (module) => {
    await sideBySide(module, "two tasks, the first throws at once", [
      steps("early", 2, { failsAt: 1 }),
      steps("fine", 2),
    ]);
  },
  "a task spawned while another runs joins the back of the queue": async (module) => {
    await sideBySide(module, "a parent that spawns a child at its second step", [
      steps("parent", 3, { spawns: { at: 2, task: steps("child", 2, { returns: "c" }) } }),
      steps("sibling", 3),
    ]);
  },
  "many tasks: ten tasks of 0 to 9 steps": async (module) => {
    await sideBySide(
      module,
      "ten tasks of 0 to 9 steps",
      Array.from({ length: 10 }, (_, i) => steps(`t${i}`, i, { returns: i })),
    );
  },
  "generated tasks (errors, falsy results, anonymous, with arguments, spawning more) run as on the kernel":
    ({ Scheduler }) =>
      explore({
        truth: "the kernel",
        arbitrary: fc.array(someProgram, { minLength: 1, maxLength: 4 }),
        compare: async (programs) => {
          const kernel = await kernelOutcome(programs);
          const yours = schedulerTrace(Scheduler as unknown as SchedulerClass, programs);
          const threw = yours.threw === undefined ? undefined : { toString: () => yours.threw };
          assertSameTrace(yours.events, kernel.events, "the generated tasks", {
            reference: "the kernel",
            explain: explain(threw),
          });
          return differ(yours.ids, kernel.ids, "the ids spawn() returned") ??
            differ(yours.spawnErrors, kernel.spawnErrors, "what the spawns that failed threw") ??
            differ(yours.threw, kernel.threw, "what run() threw");
        },
        snippet: (programs, from) => [
          `import { Scheduler } from "${from}";`,
          `import { kernelTrace, type SchedulerClass, schedulerTrace, type TaskProgram } from "./runner/grading/truths/round_robin.ts";`,
          `import { formatEvent } from "./runner/grading/trace_diff.ts";`,
          `const programs: TaskProgram[] = ${literal(programs)};`,
          `const kernel = await kernelTrace(programs);`,
          `const yours = schedulerTrace(Scheduler as unknown as SchedulerClass, programs);`,
          `console.log("the kernel:", kernel.ids, kernel.events.map(formatEvent));`,
          `console.log("yours:     ", yours.ids, yours.events.map(formatEvent), yours.threw ?? "");`,
        ],
      }),
});
