/**
 * The task record: one per spawned generator, and the handle user code holds.
 *
 * Curio keeps the same record: what the task runs, what it will be resumed
 * with, what it waits on and how to undo that wait. The handle returned by
 * `spawn` is the record itself (no wrapper object per task), so a sleeping
 * task costs one generator plus this object. Fields marked "kernel" are
 * written only by `kernel.ts` and `traps.ts`.
 *
 * @module
 */

import type { CancelScope, Nursery } from "./cancel_scope.ts";
import type { Cancelled } from "./errors.ts";

/**
 * "No value here": distinguishes "no error to throw" from a task that threw
 * `undefined` (JavaScript can throw anything).
 */
export const NONE: unique symbol = Symbol("none");

/** An error to throw into a task at its next resume (see `Task.send`). */
export class Thrown {
  /** Wrap `error`, which may be any value, even `undefined`. */
  constructor(readonly error: unknown) {}
}

/** What a task is doing: queued, executing, waiting in a trap, or finished. */
export type TaskState = "ready" | "running" | "blocked" | "done";

/**
 * A spawned task. Returned by `spawn`; pass it to `join` or `cancel`.
 *
 * @example Reading a handle
 * ```ts
 * import assert from "node:assert/strict";
 * import { join, run, spawn } from "./mod.ts";
 *
 * await run(function* main() {
 *   const task = yield* spawn(function* worker() {
 *     return 7;
 *   });
 *   assert.equal(task.id, 2); // main is task 1
 *   assert.equal(task.name, "worker");
 *   assert.equal(yield* join(task), 7);
 *   assert.equal(task.done, true);
 * });
 * ```
 */
export class Task<T = unknown> {
  /** Counts from 1 in spawn order; main is task 1. */
  readonly id: number;
  /** The generator function's name, or `"task"`. */
  readonly name: string;
  /** The id of the task that spawned this one; `null` for main. */
  readonly parent: number | null;
  /** Where the task is: `"ready"`, `"running"`, `"blocked"` or `"done"`. Only the kernel changes it. */
  state: TaskState = "ready";

  /**
   * @ignore Kernel: the generator (a `KernelOp<T>`, see `types.ts`); `null`
   * once done, so it can be collected.
   */
  gen: Generator<unknown, T, unknown> | null;
  /**
   * @ignore Kernel: what the next resume sends in: a value for `gen.next()`,
   * or a {@linkcode Thrown} whose error `gen.throw()` raises instead. Why one
   * field and not two: errors are rare, and a field is 8 bytes on each of
   * maybe a million sleeping tasks.
   */
  send: unknown = undefined;
  /** @ignore Kernel: the kind of the last trap; while blocked, what it waits on. */
  trap = "";
  /** @ignore Kernel: the object of the wait (target task, resource, Future, seconds). */
  waitObject: unknown = undefined;
  /**
   * @ignore Kernel: undoes the current wait (a `Teardown`, see `traps.ts`);
   * `null` when not blocked or nothing to undo.
   */
  teardown: ((...args: never[]) => unknown) | null = null;
  /** @ignore Timer heap: position, `-1` when not sleeping (the deadline is kept in the heap). */
  index = -1;
  // Why a side object: most tasks are never cancelled, joined early or
  // failed, and every field here costs 8 bytes on each of maybe a million
  // sleeping tasks. The rarely set fields below live in `#rare`, made on
  // their first write of a non-default value; reads of an unmade one give
  // the default.
  #rare: RareFields<T> | null = null;

  /** Created by the kernel's `spawn`; user code never calls this. */
  constructor(
    id: number,
    name: string,
    parent: number | null,
    gen: Generator<unknown, T, unknown>,
  ) {
    this.id = id;
    this.name = name;
    this.parent = parent;
    this.gen = gen;
  }

  /**
   * @ignore Kernel: nothing can be raised at its next blocking trap: it is in
   * no cancel scope and no `cancel()` waits to be raised. The loop's fast
   * path reads this on every checkpoint, so for a task without rare fields
   * it is one comparison.
   */
  get calm(): boolean {
    const rare = this.#rare;
    return rare === null || (rare.scope === null && !rare.cancelPending);
  }
  /** @ignore Kernel: the innermost cancel scope the task is in (`null`: none). */
  get scope(): CancelScope | null {
    return this.#rare === null ? null : this.#rare.scope;
  }
  /** @ignore Kernel: sets the field above. */
  set scope(scope: CancelScope | null) {
    if (scope !== null || this.#rare !== null) this.#fields().scope = scope;
  }
  /** @ignore Kernel: the task group it was spawned into (`null`: none). */
  get nursery(): Nursery | null {
    return this.#rare === null ? null : this.#rare.nursery;
  }
  /** @ignore Kernel: sets the field above. */
  set nursery(nursery: Nursery | null) {
    if (nursery !== null || this.#rare !== null) this.#fields().nursery = nursery;
  }
  /** @ignore Kernel: the `Cancelled` of its first `cancel()`; `null` while never cancelled. */
  get cancelError(): Cancelled | null {
    return this.#rare === null ? null : this.#rare.cancelError;
  }
  /** @ignore Kernel: sets the field above. */
  set cancelError(error: Cancelled | null) {
    if (error !== null || this.#rare !== null) this.#fields().cancelError = error;
  }
  /** @ignore Kernel: that `Cancelled` still waits to be raised (at the next blocking trap). */
  get cancelPending(): boolean {
    return this.#rare === null ? false : this.#rare.cancelPending;
  }
  /** @ignore Kernel: sets the field above. */
  set cancelPending(pending: boolean) {
    if (pending || this.#rare !== null) this.#fields().cancelPending = pending;
  }
  /** @ignore Kernel: that `Cancelled` was thrown into the task (what `cancel()` returns). */
  get cancelRaised(): boolean {
    return this.#rare === null ? false : this.#rare.cancelRaised;
  }
  /** @ignore Kernel: sets the field above. */
  set cancelRaised(raised: boolean) {
    if (raised || this.#rare !== null) this.#fields().cancelRaised = raised;
  }
  /** @ignore Kernel: the task that cancelled this one (the first one; a second cancel does not redeliver). */
  get cancelledBy(): Task | null {
    return this.#rare === null ? null : this.#rare.cancelledBy;
  }
  /** @ignore Kernel: sets the field above. */
  set cancelledBy(task: Task | null) {
    if (task !== null || this.#rare !== null) this.#fields().cancelledBy = task;
  }
  /** @ignore Kernel: tasks blocked in `join` or `cancel` on this task. */
  get waiters(): Task[] | null {
    return this.#rare === null ? null : this.#rare.waiters;
  }
  /** @ignore Kernel: sets the field above. */
  set waiters(waiters: Task[] | null) {
    if (waiters !== null || this.#rare !== null) this.#fields().waiters = waiters;
  }
  /** @ignore Kernel: the return value, once done. */
  get result(): T | undefined {
    return this.#rare === null ? undefined : this.#rare.result;
  }
  /** @ignore Kernel: sets the field above. */
  set result(value: T | undefined) {
    if (value !== undefined || this.#rare !== null) this.#fields().result = value;
  }
  /** @ignore Kernel: the error it ended with (`NONE`: returned normally). */
  get error(): unknown {
    return this.#rare === null ? NONE : this.#rare.error;
  }
  /** @ignore Kernel: sets the field above. */
  set error(error: unknown) {
    if (error !== NONE || this.#rare !== null) this.#fields().error = error;
  }
  /** @ignore Kernel: whether someone received the outcome (so a failure is not reported as a crash). */
  get joined(): boolean {
    return this.#rare === null ? false : this.#rare.joined;
  }
  /** @ignore Kernel: sets the field above. */
  set joined(joined: boolean) {
    if (joined || this.#rare !== null) this.#fields().joined = joined;
  }

  #fields(): RareFields<T> {
    return this.#rare ??= new RareFields<T>();
  }

  /** Whether the task has returned or thrown. */
  get done(): boolean {
    return this.state === "done";
  }

  /** Whether `cancel()` has been called on the task (it may still be cleaning up). */
  get cancelled(): boolean {
    return this.cancelError !== null;
  }

  /** `task 2 ("worker")`, as used in error messages. */
  toString(): string {
    return `task ${this.id} ("${this.name}")`;
  }

  /** A task as JSON: `{ id, name }`. */
  toJSON(): { id: number; name: string } {
    return { id: this.id, name: this.name };
  }
}

/** The fields of a {@linkcode Task} that most tasks never set, with their defaults. */
class RareFields<T> {
  scope: CancelScope | null = null;
  nursery: Nursery | null = null;
  cancelError: Cancelled | null = null;
  cancelPending = false;
  cancelRaised = false;
  cancelledBy: Task | null = null;
  waiters: Task[] | null = null;
  result: T | undefined = undefined;
  error: unknown = NONE;
  joined = false;
}
