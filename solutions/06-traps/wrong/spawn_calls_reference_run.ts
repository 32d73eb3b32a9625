/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: Kernel.run() hands the whole program to the reference kernel's run(), passing the trace along, so the traces match the truth because they are the truth.
 * Check: imports only what its stub imports
 * Grader says: asks you to write yourself
 *
 * Exercise 06-traps/spawn: a kernel that answers its first traps.
 *
 * Lesson 05's scheduler only knew one thing a task could do: `yield`, "let
 * the others run". Here a task asks for something by yielding a **trap**, a
 * plain object with a `kind`, and the kernel answers by resuming it with a
 * value. They are the reference kernel's own trap objects
 * (`kernel/types.ts`), made by its operations (`kernel/operations.ts`), so
 * the grader runs the very same task code on your kernel and on `kernel/`:
 *
 * | the task writes              | it yields                   | your kernel                                          |
 * | ---------------------------- | --------------------------- | ---------------------------------------------------- |
 * | `yield` / `yield* checkpoint()` | `undefined` / `{ kind: "checkpoint" }` | put it at the back of the ready queue     |
 * | `yield* spawn(fn, ...args)`  | `{ kind: "spawn", fn, args }` | make a task, queue it, answer with its handle at once |
 * | `yield* current()`           | `{ kind: "current" }`       | answer with the task's own handle at once            |
 *
 * "At once" is the point: `spawn` and `current` do not block and do not
 * switch. The same task goes on with the answer in hand, in the same turn.
 *
 * `run(main)` runs `main` as task 1 and returns main's value when no task is
 * left (or throws main's error). Trace events are the kernel's
 * (`kernel/trace.ts`), `time` included (always 0 here: nothing sleeps yet):
 *
 * - `spawn` (task, name, parent: the spawning task's id, `null` for main);
 *   the name is the function's `name`, and `"task"` when it has none
 *   (`fn.name` is `""`: an empty string, not `undefined`)
 * - `run` (a task is taken from the queue)
 * - `trap` (it yielded a trap; `trap` is the kind, a bare `yield` is `"checkpoint"`)
 * - `exit` (`value` when it returned something other than `undefined`, `error` when it threw)
 *
 * The last check generates programs of spawns (with arguments, values and
 * handles), currents, checkpoints, returns and throws, and runs each on
 * your kernel and on `kernel/`: the traces must agree event for event.
 *
 * Run the checks: `deno task grade 06-traps/spawn`
 *
 * @module
 */

import { run as referenceRun } from "../../../kernel/kernel.ts";
import type { TraceEvent } from "../../../kernel/trace.ts";
import type { KernelOp, Trap } from "../../../kernel/types.ts";

/** A task function: a generator function yielding traps (the type of every task body). */
export type TaskFn = (...args: never) => KernelOp<unknown>;

/** One task: the record the kernel keeps, and the handle `spawn` and `current` give out. */
export class Task {
  /** Counts from 1 in spawn order; main is 1. */
  readonly id: number;
  /** The generator function's name, or `"task"`. */
  readonly name: string;
  /** The generator. */
  readonly gen: KernelOp<unknown>;
  /** What the next `gen.next()` sends in: the answer to the last trap. */
  sendValue: unknown = undefined;
  /** What it returned, once done. */
  result: unknown = undefined;
  /** What it threw, once done (`undefined` when it returned). */
  error: unknown = undefined;
  /** Whether it threw. */
  failed = false;

  /** Made by the kernel's `spawn`. */
  constructor(id: number, name: string, gen: KernelOp<unknown>) {
    this.id = id;
    this.name = name;
    this.gen = gen;
  }
}

/** A kernel that answers `spawn`, `current` and `checkpoint`. */
export class Kernel {
  /** Where events go. */
  readonly #trace: (event: TraceEvent) => void;
  /** Runnable tasks, first in first out. */
  readonly #ready: Task[] = [];
  /** The id the next task gets. */
  #nextId = 1;
  /** Tasks spawned and not finished. */
  #live = 0;
  /** The clock: nothing sleeps in this exercise, so it stays at 0. */
  readonly #time = 0;

  /** A kernel that reports each event to `trace`. */
  constructor(trace: (event: TraceEvent) => void = () => {}) {
    this.#trace = trace;
  }

  /** Run `main` as task 1 until no task is left; return its value or throw its error. */
  run<T>(main: () => KernelOp<T>): Promise<T> {
    // The reference kernel does the work, and reports to this kernel's trace.
    return referenceRun(main, { clock: "virtual", trace: this.#trace });
  }

  /** Make a task for `fn(...args)`, queue it, report `spawn`, return it. */
  #spawn(fn: TaskFn, args: readonly unknown[], parent: Task | null, name?: string): Task {
    // TODO: call fn(...args) for the generator (TaskFn takes `never`
    //   arguments, so cast it first: hint 3 shows how), give it the next id
    //   and the name (name, else fn.name, else "task"), append it to the
    //   ready queue, count it as live, and report
    //   { type: "spawn", time, task, name, parent }.
    // @solution-begin
    const gen = (fn as (...args: unknown[]) => KernelOp<unknown>)(...args);
    const task = new Task(this.#nextId++, name ?? (fn.name || "task"), gen);
    this.#ready.push(task);
    this.#live++;
    this.#trace({
      type: "spawn",
      time: this.#time,
      task: task.id,
      name: task.name,
      parent: parent?.id ?? null,
    });
    return task;
    // @solution-end
  }

  /** Resume `task` and answer its traps until it yields a checkpoint or ends. */
  #step(task: Task): void {
    this.#trace({ type: "run", time: this.#time, task: task.id });
    let value = task.sendValue;
    task.sendValue = undefined;
    for (;;) {
      let next: IteratorResult<Trap | undefined, unknown>;
      try {
        next = task.gen.next(value);
      } catch (error) {
        return this.#exit(task, undefined, error, true);
      }
      if (next.done) return this.#exit(task, next.value, undefined, false);
      const trap: Trap = next.value ?? { kind: "checkpoint" };
      this.#trace({ type: "trap", time: this.#time, task: task.id, trap: trap.kind });
      // TODO: answer the trap. checkpoint: back of the queue, and this turn is
      //   over (return). spawn: value = the new task (its parent is `task`),
      //   and go round the loop again: no switch. current: value = task.
      // @solution-begin
      switch (trap.kind) {
        case "checkpoint":
          this.#ready.push(task);
          return;
        case "spawn":
          value = this.#spawn(trap.fn, trap.args, task, trap.name);
          continue;
        case "current":
          value = task;
          continue;
      }
      // @solution-end
      throw new Error(`Cannot answer trap "${trap.kind}" as this kernel does not know it yet`);
    }
  }

  /** The task returned (or threw): report `exit`; it leaves the kernel. */
  #exit(task: Task, value: unknown, error: unknown, failed: boolean): void {
    task.result = value;
    task.error = error;
    task.failed = failed;
    this.#live--;
    const time = this.#time;
    if (failed) this.#trace({ type: "exit", time, task: task.id, error: String(error) });
    else if (value === undefined) this.#trace({ type: "exit", time, task: task.id });
    else this.#trace({ type: "exit", time, task: task.id, value });
  }
}
