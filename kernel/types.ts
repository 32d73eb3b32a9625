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

import type { Future } from "./future.ts";
import type { Task } from "./task.ts";
import type { Deadline } from "./timeout.ts";

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

/** `setDeadline`: arm a timeout for the calling task; answered at once with its handle. */
export interface SetDeadlineTrap {
  /** Trap kind. */
  readonly kind: "setDeadline";
  /** Seconds from now. */
  readonly seconds: number;
}

/** `clearDeadline`: disarm a timeout set by `setDeadline`; answered at once. */
export interface ClearDeadlineTrap {
  /** Trap kind. */
  readonly kind: "clearDeadline";
  /** The handle `setDeadline` returned. */
  readonly deadline: Deadline;
}

/**
 * Every request a task can make of the kernel. The kernel answers the
 * non-blocking ones (`spawn`, `current`, `now`, `setDeadline`,
 * `clearDeadline`, `cancel` of a finished task, `join` of a finished task)
 * inline: the same task continues at once.
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
  | SetDeadlineTrap
  | ClearDeadlineTrap;
