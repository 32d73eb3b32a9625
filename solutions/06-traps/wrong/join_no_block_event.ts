/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: a join that waits parks the task but never reports the block event.
 * Check: join blocks until the task exits, then answers with its value
 * Grader says: should have blocked here (join)
 *
 * Exercise 06-traps/join: a trap that waits for another task.
 *
 * The kernel of the `spawn` exercise is written out below; add `join`:
 *
 * | the task writes          | it yields                  | your kernel                                     |
 * | ------------------------ | -------------------------- | ----------------------------------------------- |
 * | `yield* join(task)`      | `{ kind: "join", task }`   | if `task` is done: answer at once with its value, or throw its error into the joiner. Otherwise block the joiner until `task` exits. |
 *
 * A blocked task is in no queue at all: it sits in the target's list of
 * waiters, and the kernel forgets about it until the target exits. Then
 * every waiter is woken, in the order they started waiting, and each is
 * resumed with the target's value, or with its error **thrown in** at the
 * `yield*`, where the joiner's `try/catch` can take it. An error must never
 * be lost on the way.
 *
 * "Done" means it returned or threw, whatever it returned: a task that
 * returned `undefined` (or nothing) is done, and so is one that threw
 * `null` (it failed). Ask `target.done` and `target.failed`, never whether
 * its result or its error looks set. Joins may also form a cycle (two tasks
 * joining each other): then nothing can ever wake them, and `run()` throws.
 *
 * Two more trace events (`kernel/trace.ts`):
 *
 * - `block` (task, trap: `"join"`, detail: `"task <id>"`), when a join waits;
 * - `wake` (task, trap: `"join"`), when a waiter goes back on the ready queue,
 *   right after the target's `exit` event.
 *
 * The last check generates programs (joins of finished, waiting and failed
 * tasks, several joiners, joins with and without `try/catch`) and runs each
 * on your kernel and on `kernel/`, trace for trace.
 *
 * Run the checks: `deno task grade 06-traps/join`
 *
 * @module
 */

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
  /** Whether the next resume throws `sendError` in instead. */
  sendThrows = false;
  /** The error the next resume throws in, when `sendThrows`. */
  sendError: unknown = undefined;
  /** Whether it has returned or thrown. */
  done = false;
  /** What it returned, once done. */
  result: unknown = undefined;
  /** What it threw, once done (`undefined` when it returned). */
  error: unknown = undefined;
  /** Whether it threw. */
  failed = false;
  /** Tasks blocked in `join` on this one, in the order they came. */
  waiters: Task[] = [];

  /** Made by the kernel's `spawn`. */
  constructor(id: number, name: string, gen: KernelOp<unknown>) {
    this.id = id;
    this.name = name;
    this.gen = gen;
  }
}

/** A kernel that answers `spawn`, `current`, `checkpoint` and `join`. */
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
  run<T>(main: () => KernelOp<T>): T {
    const task = this.#spawn(main, [], null);
    while (this.#live > 0) {
      if (this.#ready.length === 0) {
        throw new Error(
          `Cannot continue as ${this.#live} task(s) wait and nothing can wake them: a cycle of joins?`,
        );
      }
      // Each pass runs the tasks that were ready when it started.
      for (let n = this.#ready.length; n > 0; n--) this.#step(this.#ready.shift()!);
    }
    if (task.failed) throw task.error;
    return task.result as T;
  }

  /** Make a task for `fn(...args)`, queue it, report `spawn`, return it. */
  #spawn(fn: TaskFn, args: readonly unknown[], parent: Task | null, name?: string): Task {
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
  }

  /** Resume `task` and answer its traps until it blocks, yields a checkpoint or ends. */
  #step(task: Task): void {
    this.#trace({ type: "run", time: this.#time, task: task.id });
    let value = task.sendValue;
    let throws = task.sendThrows;
    let error = task.sendError;
    task.sendValue = task.sendError = undefined;
    task.sendThrows = false;
    for (;;) {
      let next: IteratorResult<Trap | undefined, unknown>;
      try {
        next = throws ? task.gen.throw(error) : task.gen.next(value);
      } catch (thrown) {
        return this.#exit(task, undefined, thrown, true);
      }
      if (next.done) return this.#exit(task, next.value, undefined, false);
      throws = false;
      const trap: Trap = next.value ?? { kind: "checkpoint" };
      this.#trace({ type: "trap", time: this.#time, task: task.id, trap: trap.kind });
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
        case "join": {
          const target = trap.task as unknown as Task;
          // TODO: a finished target answers at once: value = its result, or
          //   (throws = true, error = its error) when it failed; continue.
          //   Otherwise add task to target.waiters, report block (trap "join",
          //   detail `task ${target.id}`), and return: this task's turn is over.
          if (target === task) {
            // Why an error, not a block: nothing could ever wake a task that
            // waits for itself. The kernel (and curio) refuse it at once.
            [throws, error] = [
              true,
              new Error(
                `Cannot join task ${task.id} ("${task.name}") from itself: it would wait forever`,
              ),
            ];
            continue;
          }
          if (target.done) {
            if (target.failed) [throws, error] = [true, target.error];
            else value = target.result;
            continue;
          }
          target.waiters.push(task);
          return;
        }
      }
      throw new Error(`Cannot answer trap "${trap.kind}" as this kernel does not know it yet`);
    }
  }

  /** The task returned (or threw): report `exit`, then wake whoever joined it. */
  #exit(task: Task, value: unknown, error: unknown, failed: boolean): void {
    task.done = true;
    task.result = value;
    task.error = error;
    task.failed = failed;
    this.#live--;
    const time = this.#time;
    if (failed) this.#trace({ type: "exit", time, task: task.id, error: String(error) });
    else if (value === undefined) this.#trace({ type: "exit", time, task: task.id });
    else this.#trace({ type: "exit", time, task: task.id, value });
    // TODO: wake every waiter, in order: give it the value (or the error to
    //   throw in: sendThrows, sendError), report wake (trap "join"), and
    //   append it to the ready queue.
    for (const waiter of task.waiters) {
      if (failed) [waiter.sendThrows, waiter.sendError] = [true, error];
      else waiter.sendValue = value;
      this.#trace({ type: "wake", time, task: waiter.id, trap: "join" });
      this.#ready.push(waiter);
    }
    task.waiters = [];
  }
}
