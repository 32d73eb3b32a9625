/**
 * Generated task programs: the kernel track's explored input.
 *
 * A program is plain data (so fast-check can generate and shrink it): a few
 * task definitions, each a list of steps (`yield`, `checkpoint()`,
 * `sleep(s)`, `spawn(t, ...args)`, `join(handle)` with or without a
 * `try/catch`, `now()`, `current()`) and an ending (return a value, return
 * what it saw, or throw). {@linkcode programMain} turns one into real task
 * code written with `kernel/operations.ts`, which runs on the reference
 * kernel and on a learner's kernel alike; `renderProgram`
 * (`task_program_source.ts`) prints the same program as the TypeScript a
 * person would write, for the counterexample a learner pastes and runs.
 *
 * What a task observes goes into its `seen` list (the values it was
 * spawned with, what `join`, `now` and `current` answered, the errors it
 * caught), and a task may return that list, so the trace's `exit` events
 * carry everything the kernel told each task.
 *
 * Programs never join a task from itself (06-traps/join checks that rule
 * in a check of its own, whose message is clearer than a generated trace)
 * and never sleep a negative time (the kernel refuses it with an error the
 * exercises do not ask for).
 * Joins in a cycle are allowed: both kernels must then stop with an error.
 *
 * @example A generated program, run on the kernel
 * ```ts ignore
 * const main = programMain(normalizeProgram(raw, { join: true }));
 * const outcome = await referenceRun(main);
 * ```
 *
 * @module
 */

import { checkpoint, current, join, now, sleep, spawn } from "../../kernel/operations.ts";
import type { Task } from "../../kernel/task.ts";
import type { KernelOp } from "../../kernel/types.ts";
import { fc } from "./explore.ts";

/** The values tasks are spawned with and return: falsy ones first, so shrinking finds them. */
export const LITERALS: readonly { value: unknown; source: string }[] = [
  { value: undefined, source: "undefined" },
  { value: 0, source: "0" },
  { value: "", source: '""' },
  { value: false, source: "false" },
  { value: null, source: "null" },
  { value: 1, source: "1" },
  { value: "ok", source: '"ok"' },
  { value: true, source: "true" },
  { value: [1, 2], source: "[1, 2]" },
  { value: { n: 1 }, source: "{ n: 1 }" },
  { value: NaN, source: "NaN" },
];

/** How many of {@linkcode LITERALS} come first and are falsy. */
const FALSY = 5;

/**
 * How tasks fail: an Error, another class, a plain string, `null`. Not `throw
 * undefined`: kernel/ wakes a task joined while it runs with the value
 * `undefined` when it throws `undefined` (`Kernel.resume`'s default
 * parameter takes the explicit `undefined` for "no error"), but throws it
 * into a later join; reported to the kernel's owner rather than graded.
 */
export const ERRORS: readonly {
  make: (label: string) => unknown;
  source: (label: string) => string;
}[] = [
  { make: (l) => new Error(`${l} failed`), source: (l) => `new Error("${l} failed")` },
  { make: (l) => new TypeError(`${l} broke`), source: (l) => `new TypeError("${l} broke")` },
  { make: (l) => `${l} gave up`, source: (l) => `"${l} gave up"` },
  { make: () => null, source: () => "null" },
];

/**
 * The names a spawn trap may carry of its own (`{ kind: "spawn", fn, args,
 * name }`, as a task group yields it): the kernel uses one as given, the
 * empty string too, and falls back on `fn.name || "task"` only without one.
 */
export const TRAP_NAMES: readonly string[] = ["", "custom"];

/** The index of `null` in {@linkcode ERRORS}: what a falsy pick throws. */
const NULL_ERROR = 3;

/** Sleep lengths: sums of these meet often, so equal deadlines are common. */
export const SLEEPS: readonly number[] = [1, 0.5, 2, 1.5, 3];

/** What a task may hold a handle to: a handle it was given (`h`), or a child it spawned (`c`). */
export type Ref = { h: number } | { c: number };

/** An argument a task is spawned with: a handle, the spawner's own handle, or a literal. */
export type Arg = Ref | { me: true } | { v: number };

/** One step of a task. */
export type Step =
  | { k: "yield" }
  | { k: "checkpoint" }
  | { k: "sleep0" }
  | { k: "spawn"; task: number; args: Arg[]; name?: string }
  | { k: "join"; target: Ref; catch: boolean }
  | { k: "sleep"; seconds: number }
  | { k: "now" }
  | { k: "current" };

/** How a task ends. */
export type End = { k: "return"; v: number } | { k: "seen" } | { k: "throw"; e: number };

/** One task definition; definition 0 is `main`. */
export interface TaskDef {
  /** The identifier in rendered code: `main`, `t1`, `t2`, ... */
  label: string;
  /** The generator function's `name`: the label, or `""` for a nameless one. */
  name: string;
  /** How many handle parameters come first. */
  handles: number;
  /** How many value parameters follow them. */
  values: number;
  /** What it does, in order. */
  steps: Step[];
  /** How it ends. */
  end: End;
}

/** A whole program: `tasks[0]` is main. */
export interface Program {
  /** The task definitions. */
  tasks: TaskDef[];
}

/** Which steps a program may use (the traps the exercise's kernel knows). */
export interface ProgramFeatures {
  /** `join`. */
  join?: boolean;
  /** `sleep(s)`, `sleep(0)` and `now()`. */
  sleep?: boolean;
}

/** A step as generated: raw numbers, resolved by {@linkcode normalizeProgram}. */
export type RawStep =
  | { k: "yield" | "checkpoint" | "sleep0" | "now" | "current" }
  | { k: "spawn"; task: number; args: number[]; name: number }
  | { k: "join"; target: number; catch: boolean }
  | { k: "sleep"; seconds: number };

/** A task definition as generated. */
export interface RawTask {
  /** Nameless (`fn.name === ""`). */
  nameless: boolean;
  /** Handle parameters. */
  handles: number;
  /** Value parameters. */
  values: number;
  /** Raw steps. */
  steps: RawStep[];
  /** Raw ending: `[kind, n]`: 0 return literal n, 1 return seen, 2 throw error n. */
  end: [number, number];
}

/** The arbitrary of raw programs using `features`. */
export function rawProgramArbitrary(
  features: ProgramFeatures,
  sizes: { tasks?: number; steps?: number } = {},
): fc.Arbitrary<RawTask[]> {
  const simple: RawStep["k"][] = ["yield", "checkpoint", "current"];
  if (features.sleep) simple.push("sleep0", "now");
  const steps: { weight: number; arbitrary: fc.Arbitrary<RawStep> }[] = [
    { weight: 3, arbitrary: fc.constantFrom(...simple).map((k) => ({ k }) as RawStep) },
    {
      weight: 4,
      arbitrary: fc.record({
        k: fc.constant("spawn" as const),
        task: fc.nat(3),
        args: fc.array(fc.nat(30), { maxLength: 3 }),
        // Why mostly 0: most spawns are `yield* spawn(fn)`; 1 and 2 yield the
        // trap by hand with a name of its own (TRAP_NAMES), "" included.
        name: fc.oneof(
          { weight: 4, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: TRAP_NAMES.length }) },
        ),
      }),
    },
  ];
  if (features.join) {
    steps.push({
      weight: 3,
      arbitrary: fc.record({
        k: fc.constant("join" as const),
        target: fc.nat(5),
        catch: fc.boolean(),
      }),
    });
  }
  if (features.sleep) {
    steps.push({
      weight: 3,
      arbitrary: fc.record({
        k: fc.constant("sleep" as const),
        seconds: fc.nat(SLEEPS.length - 1),
      }),
    });
  }
  const task = (minSteps: number) =>
    fc.record({
      nameless: fc.oneof(
        { weight: 6, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      handles: features.join ? fc.nat(2) : fc.constant(0),
      values: fc.nat(2),
      steps: fc.array(fc.oneof(...steps), { minLength: minSteps, maxLength: sizes.steps ?? 5 }),
      // Why these weights: often return what was seen (the trace then shows
      // every answer), as often a literal or an error; and the literal or
      // error is a falsy one (undefined, 0, "", false, null) two times in
      // three, undefined (or null) most often, since "done" and "failed"
      // told by the value is the mistake to find.
      end: fc.tuple(
        fc.oneof(
          { weight: 3, arbitrary: fc.constant(0) },
          { weight: 2, arbitrary: fc.constant(1) },
          { weight: 2, arbitrary: fc.constant(2) },
        ),
        fc.oneof(
          { weight: 1, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.nat(FALSY - 1) },
          { weight: 1, arbitrary: fc.nat(LITERALS.length - 1) },
        ),
      ),
    });
  return fc.tuple(task(1), fc.array(task(0), { minLength: 1, maxLength: (sizes.tasks ?? 4) - 1 }))
    .map(([main, others]) => [main, ...others]);
}

/**
 * Resolve a raw program: every spawn names a later definition (so programs
 * end), every join a handle the task holds at that point (never itself),
 * and arguments match the spawned definition's parameters. Steps that
 * cannot be resolved are dropped.
 */
export function normalizeProgram(raw: RawTask[]): Program {
  const tasks: TaskDef[] = raw.map((t, index) => ({
    label: index === 0 ? "main" : `t${index}`,
    name: index === 0 ? "main" : t.nameless ? "" : `t${index}`,
    handles: index === 0 ? 0 : t.handles,
    values: index === 0 ? 0 : t.values,
    steps: [],
    end: t.end[0] === 0
      ? { k: "return", v: t.end[1] % LITERALS.length }
      : t.end[0] === 1
      ? { k: "seen" }
      : { k: "throw", e: t.end[1] < FALSY ? NULL_ERROR : t.end[1] % ERRORS.length },
  }));
  raw.forEach((t, index) => {
    const def = tasks[index];
    let children = 0;
    for (const step of t.steps) {
      const refs: Ref[] = [
        ...Array.from({ length: def.handles }, (_, h) => ({ h })),
        ...Array.from({ length: children }, (_, c) => ({ c })),
      ];
      if (step.k === "spawn") {
        const later = tasks.length - index - 1;
        if (later === 0) continue;
        const target = tasks[index + 1 + (step.task % later)];
        const pool: Arg[] = [...refs, { me: true }];
        const args: Arg[] = [];
        for (let i = 0; i < target.handles + target.values; i++) {
          const n = step.args[i] ?? i;
          args.push(i < target.handles ? pool[n % pool.length] : { v: n % LITERALS.length });
        }
        const name = step.name === 0 ? undefined : TRAP_NAMES[(step.name - 1) % TRAP_NAMES.length];
        def.steps.push({
          k: "spawn",
          task: index + 1 + (step.task % later),
          args,
          ...(name === undefined ? {} : { name }),
        });
        children++;
      } else if (step.k === "join") {
        if (refs.length === 0) continue;
        def.steps.push({ k: "join", target: refs[step.target % refs.length], catch: step.catch });
      } else if (step.k === "sleep") {
        def.steps.push({ k: "sleep", seconds: SLEEPS[step.seconds % SLEEPS.length] });
      } else {
        def.steps.push({ k: step.k });
      }
    }
  });
  return { tasks };
}

/** The arbitrary of resolved programs. */
export function programArbitrary(
  features: ProgramFeatures,
  sizes?: { tasks?: number; steps?: number },
): fc.Arbitrary<Program> {
  return rawProgramArbitrary(features, sizes).map(normalizeProgram);
}

type TaskFn = (...args: unknown[]) => KernelOp<unknown>;

/** The program as task code on `kernel/operations.ts`: returns main. */
export function programMain(program: Program): () => KernelOp<unknown> {
  const fns: TaskFn[] = [];
  for (const def of program.tasks) {
    const body = function* (...args: unknown[]): KernelOp<unknown> {
      const handles = args.slice(0, def.handles) as Task[];
      const seen: unknown[] = args.slice(def.handles, def.handles + def.values);
      const children: Task[] = [];
      const resolve = (ref: Ref) => "h" in ref ? handles[ref.h] : children[ref.c];
      for (const step of def.steps) {
        switch (step.k) {
          case "yield":
            yield;
            break;
          case "checkpoint":
            yield* checkpoint();
            break;
          case "sleep0":
            yield* sleep(0);
            break;
          case "sleep":
            yield* sleep(step.seconds);
            break;
          case "now":
            seen.push(yield* now());
            break;
          case "current": {
            const me = yield* current();
            seen.push(`${me.id} ${me.name}`);
            break;
          }
          case "spawn": {
            const values: unknown[] = [];
            for (const arg of step.args) {
              values.push(
                "me" in arg ? yield* current() : "v" in arg ? LITERALS[arg.v].value : resolve(arg),
              );
            }
            if (step.name === undefined) children.push(yield* spawn(fns[step.task], ...values));
            else {
              const trap = {
                kind: "spawn" as const,
                fn: fns[step.task],
                args: values,
                name: step.name,
              };
              children.push((yield trap) as Task);
            }
            break;
          }
          case "join":
            if (step.catch) {
              try {
                seen.push(yield* join(resolve(step.target)));
              } catch (error) {
                seen.push(`caught ${error}`);
              }
            } else {
              seen.push(yield* join(resolve(step.target)));
            }
            break;
        }
      }
      if (def.end.k === "seen") return seen;
      if (def.end.k === "return") return LITERALS[def.end.v].value;
      throw ERRORS[def.end.e].make(def.label);
    };
    Object.defineProperty(body, "name", { value: def.name });
    fns.push(body);
  }
  return fns[0] as () => KernelOp<unknown>;
}

/** How many tasks a program spawns in all (main included): to keep generated cases small. */
export function taskCount(program: Program): number {
  const counts: number[] = new Array(program.tasks.length).fill(1);
  for (let i = program.tasks.length - 1; i >= 0; i--) {
    for (const step of program.tasks[i].steps) {
      if (step.k === "spawn") counts[i] += counts[step.task];
    }
  }
  return counts[0];
}
