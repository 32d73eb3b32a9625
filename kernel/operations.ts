/**
 * Operations: the only way user code talks to the kernel.
 *
 * Each operation is a tiny generator function that yields one trap and
 * returns the kernel's answer. Tasks call them with `yield*`:
 *
 * ```ts ignore
 * const child = yield* spawn(worker, 3); // Task<number>
 * const value = yield* join(child);      // number
 * ```
 *
 * Why `yield*` and not a bare `yield`: TypeScript gives a `yield`
 * expression one type for the whole generator (`unknown` here), so
 * `const v = yield { kind: "join", task }` would lose the result type. A
 * wrapper declares `KernelOp<T>`, and `yield*` returns its `T`: every call
 * site is typed, and the raw trap objects stay an implementation detail.
 *
 * Why not `await`: an `async` function is resumed by the JavaScript
 * microtask queue, not by us, so we could neither order nor trace the
 * switches. With generators, the kernel resumes every task itself.
 *
 * The four hottest operations (`checkpoint`, `sleep`, `readWait`,
 * `writeWait`) are written as a small iterator, {@linkcode TrapOp}, instead
 * of a generator function; they behave exactly the same under `yield*`.
 *
 * @module
 */

import { Future } from "./future.ts";
import type { Task } from "./task.ts";
import { CHECKPOINT } from "./traps.ts";
import type { CurrentTrap, KernelOp, NowTrap, TaskFunction, Trap } from "./types.ts";

/**
 * A one-trap operation as a hand-written iterator: it behaves as the
 * generator `function* () { return yield trap; }` does. `next()` yields the
 * trap once, then returns the kernel's answer; `throw(error)` rethrows, so a
 * cancellation surfaces at the `yield*`; `return()` ends it.
 *
 * Why not a generator function, like the other operations: `yield*` takes
 * any iterator, and these run on every switch and stay alive while their
 * task waits. A generator object costs ~150 bytes and a resume through V8's
 * generator machinery on both steps; this object is 40 bytes, and is its
 * own iterator result (`value`, `done`), so the two steps allocate nothing.
 *
 * @example What `yield*` sees
 * ```ts
 * import assert from "node:assert/strict";
 * import { TrapOp } from "./operations.ts";
 *
 * const op = new TrapOp<number>({ kind: "now" });
 * assert.deepEqual(op.next().value, { kind: "now" }); // the trap, for the kernel
 * assert.deepEqual({ ...op.next(7) }, { value: 7, done: true }); // the answer, for the task
 * ```
 */
export class TrapOp<T> implements KernelOp<T> {
  /** The trap until it is yielded, then the answer. */
  value: Trap | T | undefined;
  /** `undefined` before the first `next()`, `false` while the trap waits, `true` at the end. */
  done: boolean | undefined = undefined;

  /** An operation that will yield `trap`. */
  constructor(trap: Trap) {
    this.value = trap;
  }

  /** First call: yield the trap. Second: return `answer` (what the kernel sent). */
  next(answer?: unknown): IteratorResult<Trap | undefined, T> {
    if (this.done === undefined) this.done = false; // value is the trap
    else {
      this.value = this.done ? undefined : answer as T;
      this.done = true;
    }
    return this as IteratorResult<Trap | undefined, T>;
  }

  /** An error thrown into the waiting task: end, and let it propagate at the `yield*`. */
  throw(error: unknown): IteratorResult<Trap | undefined, T> {
    this.value = undefined;
    this.done = true;
    throw error;
  }

  /** The task is being closed with `gen.return(value)`: end with `value`. */
  return(value?: T): IteratorResult<Trap | undefined, T> {
    this.value = value;
    this.done = true;
    return this as IteratorResult<Trap | undefined, T>;
  }

  /** It is its own iterator, so `yield*` can take it. */
  [Symbol.iterator](): TrapOp<T> {
    return this;
  }
}

// Why not `class TrapOp extends Iterator`: its constructor would have to
// call `super()`, and calling the built-in `Iterator` constructor made every
// `yield* checkpoint()` ~15 ns slower (median of six runs: ~95 -> ~75 ns per
// switch). Linking the prototype by hand gives the same object, with the
// iterator helpers (`map`, `take`, ...), without the call; the interface
// below tells TypeScript so.
Object.setPrototypeOf(TrapOp.prototype, Iterator.prototype);
/** The iterator helpers `TrapOp` inherits from `Iterator.prototype`. */
export interface TrapOp<T> extends IteratorObject<Trap | undefined, T, unknown> {}

const CURRENT: CurrentTrap = Object.freeze({ kind: "current" });
const NOW: NowTrap = Object.freeze({ kind: "now" });

/**
 * Start `fn(...args)` as a new task (appended to the ready queue) and return
 * its handle at once; the caller keeps running.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { join, run, spawn } from "./mod.ts";
 *
 * function* square(x: number) {
 *   return x * x;
 * }
 * assert.equal(await run(function* main() {
 *   const task = yield* spawn(square, 4);
 *   return yield* join(task);
 * }), 16);
 * ```
 */
export function* spawn<A extends unknown[], T>(
  fn: TaskFunction<A, T>,
  ...args: A
): KernelOp<Task<T>> {
  return (yield { kind: "spawn", fn, args }) as Task<T>;
}

/**
 * Wait for `task` to finish and return its value; if it threw, rethrow its
 * error here. Joining a finished task answers at once.
 *
 * @example The error surfaces at the join
 * ```ts
 * import assert from "node:assert/strict";
 * import { join, run, spawn } from "./mod.ts";
 *
 * await run(function* main() {
 *   const task = yield* spawn(function* fails() {
 *     throw new Error("boom");
 *   });
 *   try {
 *     yield* join(task);
 *   } catch (error) {
 *     assert.equal((error as Error).message, "boom");
 *   }
 * });
 * ```
 */
export function* join<T>(task: Task<T>): KernelOp<T> {
  return (yield { kind: "join", task }) as T;
}

/**
 * Block for `seconds` (a timer). `sleep(0)` is a {@linkcode checkpoint}.
 *
 * @throws {RangeError} When `seconds` is negative or not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { now, run, sleep } from "./mod.ts";
 *
 * assert.equal(await run(function* main() {
 *   yield* sleep(1.5);
 *   return yield* now();
 * }, { clock: "virtual" }), 1.5);
 * ```
 */
export function sleep(seconds: number): KernelOp<void> {
  return new TrapOp({ kind: "sleep", seconds });
}

/**
 * The calling task's own handle.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { current, run } from "./mod.ts";
 *
 * assert.equal(await run(function* main() {
 *   return (yield* current()).id;
 * }), 1);
 * ```
 */
export function* current(): KernelOp<Task> {
  return (yield CURRENT) as Task;
}

/**
 * The kernel clock's time, in seconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { now, run } from "./mod.ts";
 *
 * assert.equal(await run(function* main() {
 *   return yield* now();
 * }, { clock: "virtual" }), 0);
 * ```
 */
export function* now(): KernelOp<number> {
  return (yield NOW) as number;
}

/** Options for {@linkcode cancel}. */
export interface CancelOptions {
  /**
   * Wait until the task has finished its cleanup (`finally` blocks) before
   * returning. Without waiting, `cancel` only delivers the cancellation.
   *
   * @default {true}
   */
  wait?: boolean;
}

/**
 * Cancel `task`: raise {@linkcode Cancelled} inside it at the trap where it
 * waits, then wait for it to finish. Returns `true` when this call delivered
 * the cancellation; `false` when the task had already finished (a no-op) or
 * was already cancelled (this call then just waits for the same cleanup).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cancel, run, sleep, spawn } from "./mod.ts";
 *
 * const log: string[] = [];
 * await run(function* main() {
 *   const task = yield* spawn(function* worker() {
 *     try {
 *       yield* sleep(60);
 *     } finally {
 *       log.push("cleaned up");
 *     }
 *   });
 *   yield* sleep(1);
 *   assert.equal(yield* cancel(task), true);
 *   assert.equal(yield* cancel(task), false); // already finished
 * }, { clock: "virtual" });
 * assert.deepEqual(log, ["cleaned up"]);
 * ```
 */
export function* cancel(task: Task, options: CancelOptions = {}): KernelOp<boolean> {
  return (yield { kind: "cancel", task, wait: options.wait ?? true }) as boolean;
}

/**
 * Give up the turn: go to the back of the ready queue. Same as a bare
 * `yield`, and a point where a pending cancellation is raised.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkpoint, run, spawn } from "./mod.ts";
 *
 * const log: string[] = [];
 * await run(function* main() {
 *   yield* spawn(function* other() {
 *     log.push("other");
 *   });
 *   yield* checkpoint();
 *   log.push("main");
 * });
 * assert.deepEqual(log, ["other", "main"]);
 * ```
 */
export function checkpoint(): KernelOp<void> {
  return new TrapOp(CHECKPOINT);
}

/**
 * Block until the selector reports `resource` readable.
 *
 * @example What a kernel socket's `recv` does
 * ```ts ignore
 * function* recv(sock: Conn, max: number): KernelOp<Uint8Array> {
 *   yield* readWait(sock); // park until select() says there are bytes
 *   return sock.tryRead(max);
 * }
 * ```
 */
export function readWait(resource: unknown): KernelOp<void> {
  return new TrapOp({ kind: "readWait", resource });
}

/**
 * Block until the selector reports `resource` writable.
 *
 * @example What a kernel socket's `send` does
 * ```ts ignore
 * function* send(sock: Conn, bytes: Uint8Array): KernelOp<number> {
 *   yield* writeWait(sock); // park until select() says there is room
 *   return sock.tryWrite(bytes);
 * }
 * ```
 */
export function writeWait(resource: unknown): KernelOp<void> {
  return new TrapOp({ kind: "writeWait", resource });
}

/**
 * Wait for a {@linkcode Future} or any Promise (thenable) and return its
 * value, or throw its error here. Other tasks run meanwhile.
 *
 * @example A Promise and a Future
 * ```ts
 * import assert from "node:assert/strict";
 * import { Future, run, wait } from "./mod.ts";
 *
 * const future = new Future<string>();
 * setTimeout(() => future.setResult("later"), 1);
 * assert.deepEqual(await run(function* main() {
 *   const a = yield* wait(Promise.resolve(1));
 *   const b = yield* wait(future);
 *   return [a, b];
 * }), [1, "later"]);
 * ```
 */
export function* wait<T>(awaitable: PromiseLike<T>): KernelOp<T> {
  if (awaitable instanceof Future) return (yield { kind: "future", future: awaitable }) as T;
  return (yield { kind: "promise", promise: awaitable }) as T;
}
