/**
 * Task groups: structured concurrency on top of spawn, join and cancel.
 *
 * `taskGroup(body)` runs `body(group)` in the calling task; children spawned
 * with `group.spawn` belong to the scope, and the scope does not end until
 * every child has finished. When a child fails, the group cancels the other
 * children at once (a non-blocking cancel from the failing child), waits for
 * their cleanup, and rethrows the first error from `taskGroup`. When the
 * body itself throws or is cancelled, the children are cancelled too. No
 * task outlives the scope that started it.
 *
 * @module
 */

import { Cancelled } from "./errors.ts";
import { cancel, current, join } from "./operations.ts";
import type { Task } from "./task.ts";
import type { KernelOp, TaskFunction } from "./types.ts";

/**
 * The children of one {@linkcode taskGroup} scope.
 *
 * @example Fan out, gather
 * ```ts
 * import assert from "node:assert/strict";
 * import { join, run, sleep, taskGroup } from "./mod.ts";
 *
 * function* fetchItem(id: number) {
 *   yield* sleep(id);
 *   return id * 10;
 * }
 * const totals = await run(function* main() {
 *   return yield* taskGroup(function* (group) {
 *     const tasks = [];
 *     for (const id of [1, 2, 3]) tasks.push(yield* group.spawn(fetchItem, id));
 *     const values = [];
 *     for (const task of tasks) values.push(yield* join(task));
 *     return values;
 *   });
 * }, { clock: "virtual" });
 * assert.deepEqual(totals, [10, 20, 30]);
 * ```
 */
export class TaskGroup {
  #tasks: Task[] = [];
  #errors: unknown[] = [];
  #closed = false;

  /** The children spawned so far, in spawn order. */
  get tasks(): readonly Task[] {
    return this.#tasks;
  }

  /** Errors of failed children (not counting their cancellation), first first. */
  get errors(): readonly unknown[] {
    return this.#errors;
  }

  /**
   * Spawn `fn(...args)` as a child of this group.
   *
   * @throws {Error} When the scope has already ended.
   */
  *spawn<A extends unknown[], T>(fn: TaskFunction<A, T>, ...args: A): KernelOp<Task<T>> {
    if (this.#closed) {
      throw new Error(
        `Cannot spawn "${
          fn.name || "task"
        }" in a task group whose scope has ended: spawn inside the taskGroup() body`,
      );
    }
    const fail = (self: Task, error: unknown) => this.#fail(self, error);
    function* child(): KernelOp<T> {
      const self = yield* current();
      try {
        return yield* fn(...args);
      } catch (error) {
        // Why: a child dying of the group's own cancellation is not a failure.
        if (!(error instanceof Cancelled && self.cancelled)) yield* fail(self, error);
        throw error;
      }
    }
    const task = (yield { kind: "spawn", fn: child, args: [], name: fn.name || "task" }) as Task<T>;
    this.#tasks.push(task);
    return task;
  }

  /** Record a child's failure; the first one cancels the others. */
  *#fail(failed: Task, error: unknown): KernelOp<void> {
    this.#errors.push(error);
    if (this.#errors.length > 1) return;
    for (const task of this.#tasks) {
      if (task !== failed) yield* cancel(task, { wait: false });
    }
  }

  /** Cancel every child that is still running and wait for all of them. */
  *cancelAll(): KernelOp<void> {
    for (const task of this.#tasks) yield* cancel(task, { wait: false });
    yield* this.#joinAll();
  }

  /** Wait for every child (including ones spawned meanwhile), then close. */
  *#joinAll(): KernelOp<void> {
    for (let i = 0; i < this.#tasks.length; i++) {
      const task = this.#tasks[i];
      try {
        yield* join(task);
      } catch (error) {
        // Why: a child's failure was recorded in `errors` by the child
        // itself; but an error raised in the joining task while it waited
        // (its own TimeoutError or Cancelled) is not the child's, and must
        // go on, or a timeoutAfter() around a task group would never fire.
        if (task.state !== "done") throw error;
      }
    }
    this.#closed = true;
  }

  /**
   * Wait for every child, then throw the first failure, if any. The scope
   * of {@linkcode taskGroup} ends with this.
   */
  *join(): KernelOp<void> {
    yield* this.#joinAll();
    if (this.#errors.length > 0) throw this.#errors[0];
  }
}

/**
 * Run `body` with a fresh {@linkcode TaskGroup}; return its value once every
 * child has finished. If a child fails, the others are cancelled and the
 * first error is thrown here (later ones are in `group.errors`).
 *
 * @example One failure cancels the siblings
 * ```ts
 * import assert from "node:assert/strict";
 * import { Cancelled, run, sleep, taskGroup } from "./mod.ts";
 *
 * const log: string[] = [];
 * await assert.rejects(run(function* main() {
 *   yield* taskGroup(function* (group) {
 *     yield* group.spawn(function* slow() {
 *       try {
 *         yield* sleep(60);
 *       } catch (error) {
 *         if (error instanceof Cancelled) log.push("slow cancelled");
 *         throw error;
 *       }
 *     });
 *     yield* group.spawn(function* failing() {
 *       yield* sleep(1);
 *       throw new Error("boom");
 *     });
 *   });
 * }, { clock: "virtual" }), { message: "boom" });
 * assert.deepEqual(log, ["slow cancelled"]);
 * ```
 */
export function* taskGroup<T>(body: (group: TaskGroup) => KernelOp<T>): KernelOp<T> {
  const group = new TaskGroup();
  try {
    const value = yield* body(group);
    yield* group.join();
    return value;
  } catch (error) {
    yield* group.cancelAll(); // the body failed or was cancelled: no child outlives the scope
    throw error;
  }
}
