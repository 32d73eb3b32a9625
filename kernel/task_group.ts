/**
 * Task groups: structured concurrency, Trio's nurseries on the kernel.
 *
 * `taskGroup(body)` runs `body(group)` in the calling task, inside the
 * group's cancel scope; tasks spawned with `group.spawn` run inside that
 * scope too. The rules:
 *
 * 1. The group does not end until every one of its tasks has ended,
 *    cleanup included, whatever happens: `taskGroup` returns or throws only
 *    then. No task outlives the block that started it.
 * 2. When a task of the group fails, the group is cancelled: the body and
 *    every other task get {@linkcode Cancelled} at their blocking traps (at
 *    once if they wait), and so does a task spawned into the group later.
 *    When the body fails, or its task is cancelled, the same happens.
 * 3. Then `taskGroup` throws the **first real error** (the first that is not
 *    a `Cancelled`), in the order they happened. Errors after the first are
 *    in `group.errors` and reported through the run's `onUnjoinedError`, so
 *    none is lost. A `Cancelled` the group itself caused is never thrown:
 *    it only ended what the group cancelled. With no real error, a
 *    `Cancelled` from outside the group (a deadline around it, a `cancel()`
 *    of its task) goes on; `group.cancel()` alone ends the group quietly.
 *
 * Why the first error and not an `AggregateError` of all: the first failure
 * is the cause, and the rest are most often its consequences (a sibling's
 * cleanup failing as its connection is cut); a caller that catches it sees
 * the error its own code knows, not a wrapper. The others are kept, and
 * reported.
 *
 * @module
 */

import { Nursery } from "./cancel_scope.ts";
import type { Task } from "./task.ts";
import { CHECKPOINT } from "./trap_op.ts";
import type { KernelOp, TaskFunction } from "./types.ts";

/**
 * The tasks of one {@linkcode taskGroup} scope.
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
  /** @ignore The kernel's record of the group. */
  readonly nursery: Nursery = new Nursery();

  /** The group's tasks that have not finished yet, in spawn order (a copy). */
  get tasks(): readonly Task[] {
    return [...this.nursery.tasks] as Task[];
  }

  /**
   * The real errors of the group so far (not `Cancelled`), first first: the
   * first is the one `taskGroup` throws.
   */
  get errors(): readonly unknown[] {
    return this.nursery.failures;
  }

  /** Whether the group has been cancelled (a failure, `cancel()`, or its task's cancellation). */
  get cancelled(): boolean {
    return this.nursery.scope.cancelCalled;
  }

  /**
   * Spawn `fn(...args)` as a task of this group. In a group that is already
   * cancelled it starts cancelled: its first blocking trap raises.
   *
   * @throws {Error} When the group has ended.
   */
  *spawn<A extends unknown[], T>(fn: TaskFunction<A, T>, ...args: A): KernelOp<Task<T>> {
    const name = fn.name || "task";
    return (yield { kind: "spawn", fn, args, name, group: this.nursery }) as Task<T>;
  }

  /**
   * Cancel the group: its body and every task in it. `taskGroup` then ends
   * quietly once they have all finished (it returns `undefined` if the body
   * did not get to return).
   */
  cancel(): void {
    this.nursery.scope.cancel();
  }

  /**
   * Cancel the group (see {@linkcode TaskGroup.cancel}) from its body: the
   * body stops here, and the group ends once every task has finished.
   */
  *cancelAll(): KernelOp<void> {
    this.cancel();
    yield CHECKPOINT; // in the group's body (or one of its tasks) its Cancelled is raised here
  }
}

/**
 * Run `body` with a fresh {@linkcode TaskGroup}; return its value once every
 * task of the group has finished. If one fails, the body and the others are
 * cancelled, and once all have finished the first error is thrown here.
 *
 * @example One failure cancels the body and the siblings
 * ```ts
 * import assert from "node:assert/strict";
 * import { Cancelled, now, run, sleep, taskGroup } from "./mod.ts";
 *
 * const log: string[] = [];
 * await assert.rejects(run(function* main() {
 *   try {
 *     yield* taskGroup(function* (group) {
 *       yield* group.spawn(function* slow() {
 *         try {
 *           yield* sleep(60);
 *         } catch (error) {
 *           if (error instanceof Cancelled) log.push(`slow cancelled at ${yield* now()}`);
 *           throw error;
 *         }
 *       });
 *       yield* group.spawn(function* failing() {
 *         yield* sleep(1);
 *         throw new Error("boom");
 *       });
 *       yield* sleep(60); // the body is cancelled too
 *     });
 *   } finally {
 *     log.push(`group ended at ${yield* now()}`);
 *   }
 * }, { clock: "virtual" }), { message: "boom" });
 * assert.deepEqual(log, ["slow cancelled at 1", "group ended at 1"]);
 * ```
 */
export function* taskGroup<T>(body: (group: TaskGroup) => KernelOp<T>): KernelOp<T> {
  const group = new TaskGroup();
  const nursery = group.nursery;
  yield { kind: "enterScope", scope: nursery.scope };
  let value: T;
  try {
    value = yield* body(group);
  } catch (error) {
    yield { kind: "closeGroup", group: nursery, failed: true, error }; // waits, then throws
    return undefined as T; // the group's own cancellation ended the body
  }
  yield { kind: "closeGroup", group: nursery, failed: false, error: undefined };
  return value;
}
