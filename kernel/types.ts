/**
 * The vocabulary between tasks and the kernel: traps and operations.
 *
 * A task is a generator. It asks the kernel for something by yielding a
 * **trap**, a plain object with a `kind`; the kernel answers by resuming the
 * generator with a value (or throwing an error into it). The union below is
 * the complete list; `traps.ts` has one handler per kind.
 *
 * User code never yields traps directly. It calls **operations**, small
 * generator functions that yield one trap and return the typed answer, with
 * `yield*`: `const value = yield* join(task)`. See `operations.ts` for why.
 *
 * @module
 */

import type { CancelScope, Nursery } from "./cancel_scope.ts";
import type { Future } from "./future.ts";
import type { Task } from "./task.ts";

/**
 * A generator that talks to the kernel: the type of every task body and
 * every operation. It yields traps (or `undefined`, a bare `yield`, which is
 * a checkpoint) and returns `T`.
 *
 * @example A typed task body
 * ```ts
 * import type { KernelOp } from "./mod.ts";
 * import { sleep } from "./mod.ts";
 *
 * function* slowDouble(x: number): KernelOp<number> {
 *   yield* sleep(1);
 *   return 2 * x;
 * }
 * ```
 */
export type KernelOp<T> = Generator<Trap | undefined, T, unknown>;

/**
 * A generator function the kernel can run as a task.
 *
 * @example
 * ```ts
 * import type { TaskFunction } from "./mod.ts";
 *
 * const worker: TaskFunction<[number], string> = function* worker(n) {
 *   yield;
 *   return `done ${n}`;
 * };
 * ```
 */
export type TaskFunction<A extends unknown[] = [], T = unknown> = (...args: A) => KernelOp<T>;

/** `spawn`: start a new task; answered at once with its {@linkcode Task}. */
export interface SpawnTrap {
  /** Trap kind. */
  readonly kind: "spawn";
  /** The generator function to run. */
  readonly fn: (...args: never) => KernelOp<unknown>;
  /** Arguments for `fn`. */
  readonly args: readonly unknown[];
  /** Task name for traces; defaults to `fn.name` or `"task"`. */
  readonly name?: string;
  /** The task group to spawn it into (`TaskGroup.spawn`): it then runs inside the group's scope. */
  readonly group?: Nursery;
}

/** `current`: answered at once with the calling task's handle. */
export interface CurrentTrap {
  /** Trap kind. */
  readonly kind: "current";
}

/** `now`: answered at once with the kernel clock's time in seconds. */
export interface NowTrap {
  /** Trap kind. */
  readonly kind: "now";
}

/** `checkpoint` (also a bare `yield`): go to the back of the ready queue. */
export interface CheckpointTrap {
  /** Trap kind. */
  readonly kind: "checkpoint";
}

/** `sleep`: block until the clock reaches now + `seconds`. */
export interface SleepTrap {
  /** Trap kind. */
  readonly kind: "sleep";
  /** How long, in seconds; `0` is a checkpoint. */
  readonly seconds: number;
}

/** `join`: block until `task` finishes; answered with its value, or its error thrown. */
export interface JoinTrap {
  /** Trap kind. */
  readonly kind: "join";
  /** The task to wait for. */
  readonly task: Task;
}

/** `cancel`: raise `Cancelled` in `task`, and (by default) block until it finishes. */
export interface CancelTrap {
  /** Trap kind. */
  readonly kind: "cancel";
  /** The task to cancel. */
  readonly task: Task;
  /** Whether to wait for the task to finish its cleanup. */
  readonly wait: boolean;
}

/** `readWait`: block until the selector reports `resource` readable. */
export interface ReadWaitTrap {
  /** Trap kind. */
  readonly kind: "readWait";
  /** The resource (socket, pipe) as the selector knows it. */
  readonly resource: unknown;
}

/** `writeWait`: block until the selector reports `resource` writable. */
export interface WriteWaitTrap {
  /** Trap kind. */
  readonly kind: "writeWait";
  /** The resource (socket, pipe) as the selector knows it. */
  readonly resource: unknown;
}

/** `future`: block until `future` is done; answered with its result, or its error thrown. */
export interface FutureTrap {
  /** Trap kind. */
  readonly kind: "future";
  /** The Future to wait for. */
  readonly future: Future<unknown>;
}

/** `promise`: block until a Promise (any thenable) settles. */
export interface PromiseTrap {
  /** Trap kind. */
  readonly kind: "promise";
  /** The thenable to wait for. */
  readonly promise: PromiseLike<unknown>;
}

/** `enterScope`: enter a cancel scope (arming its deadline, if any); answered at once. */
export interface EnterScopeTrap {
  /** Trap kind. */
  readonly kind: "enterScope";
  /** The scope, new: a scope is entered once. */
  readonly scope: CancelScope;
}

/**
 * `exitScope`: leave the innermost cancel scope, answered at once. `failed`
 * and `error` say how the scope's body ended; the answer is `true` when the
 * scope caught its own `Cancelled` (the body was cut short by it), `false`
 * when it caught nothing, and any other error is thrown on.
 */
export interface ExitScopeTrap {
  /** Trap kind. */
  readonly kind: "exitScope";
  /** The scope being left: the task's innermost one. */
  readonly scope: CancelScope;
  /** Whether the body threw. */
  readonly failed: boolean;
  /** What it threw (when `failed`). */
  readonly error: unknown;
}

/**
 * `closeGroup`: the body of a task group ended (`failed`, `error` as for
 * `exitScope`); block until every task of the group has finished, then
 * leave the group's scope. Answered with nothing, or the group's error
 * thrown. Not interrupted by cancellation: that only cancels the group.
 */
export interface CloseGroupTrap {
  /** Trap kind. */
  readonly kind: "closeGroup";
  /** The group. */
  readonly group: Nursery;
  /** Whether the body threw. */
  readonly failed: boolean;
  /** What it threw (when `failed`). */
  readonly error: unknown;
}

/**
 * Every request a task can make of the kernel. The kernel answers the
 * non-blocking ones (`spawn`, `current`, `now`, `enterScope`, `exitScope`,
 * `cancel` of a finished task, `join` of a finished task) inline: the same
 * task continues at once.
 *
 * @example The trap behind `sleep`
 * ```ts
 * import assert from "node:assert/strict";
 * import { sleep, type Trap } from "./mod.ts";
 *
 * const trap = sleep(2).next().value as Trap;
 * assert.deepEqual(trap, { kind: "sleep", seconds: 2 });
 * ```
 */
export type Trap =
  | SpawnTrap
  | CurrentTrap
  | NowTrap
  | CheckpointTrap
  | SleepTrap
  | JoinTrap
  | CancelTrap
  | ReadWaitTrap
  | WriteWaitTrap
  | FutureTrap
  | PromiseTrap
  | EnterScopeTrap
  | ExitScopeTrap
  | CloseGroupTrap;
