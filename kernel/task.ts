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

import type { Kernel } from "./kernel.ts";
import type { KernelOp } from "./types.ts";

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
 * Undoes a wait: removes the task from the timer heap, the selector, a
 * waiter list. Called at most once, only when the wait ends early
 * (cancellation or timeout).
 */
export type Teardown = (kernel: Kernel, task: Task) => void;

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

  /** @ignore Kernel: the generator; `null` once done, so it can be collected. */
  gen: KernelOp<T> | null;
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
  /** @ignore Kernel: undoes the current wait; `null` when not blocked or nothing to undo. */
  teardown: Teardown | null = null;
  /** @ignore Timer heap: position, `-1` when not sleeping (the deadline is kept in the heap). */
  index = -1;
  // Why a side object: most tasks are never cancelled, joined early or
  // failed, and every field here costs 8 bytes on each of maybe a million
  // sleeping tasks. The rarely set fields below live in `#rare`, made on
  // their first write of a non-default value; reads of an unmade one give
  // the default.
  #rare: RareFields<T> | null = null;

  /** Created by the kernel's `spawn`; user code never calls this. */
  constructor(id: number, name: string, parent: number | null, gen: KernelOp<T>) {
    this.id = id;
    this.name = name;
    this.parent = parent;
    this.gen = gen;
  }

  /** @ignore Kernel: an error to raise at the next blocking trap (cancel or timeout that found it not waiting). */
  get pendingError(): unknown {
    return this.#rare === null ? NONE : this.#rare.pendingError;
  }
  /** @ignore Kernel: sets the field above. */
  set pendingError(error: unknown) {
    if (error !== NONE || this.#rare !== null) this.#fields().pendingError = error;
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
  /** @ignore Kernel: whether someone received the outcome (so a failure is not reported as unjoined). */
  get joined(): boolean {
    return this.#rare === null ? false : this.#rare.joined;
  }
  /** @ignore Kernel: sets the field above. */
  set joined(joined: boolean) {
    if (joined || this.#rare !== null) this.#fields().joined = joined;
  }
  /** @ignore Kernel: cancellation was delivered to this task. */
  get cancelRequested(): boolean {
    return this.#rare === null ? false : this.#rare.cancelRequested;
  }
  /** @ignore Kernel: sets the field above. */
  set cancelRequested(requested: boolean) {
    if (requested || this.#rare !== null) this.#fields().cancelRequested = requested;
  }

  #fields(): RareFields<T> {
    return this.#rare ??= new RareFields<T>();
  }

  /** Whether the task has returned or thrown. */
  get done(): boolean {
    return this.state === "done";
  }

  /** Whether the task has been cancelled (it may still be cleaning up). */
  get cancelled(): boolean {
    return this.cancelRequested;
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
  pendingError: unknown = NONE;
  cancelledBy: Task | null = null;
  waiters: Task[] | null = null;
  result: T | undefined = undefined;
  error: unknown = NONE;
  joined = false;
  cancelRequested = false;
}
