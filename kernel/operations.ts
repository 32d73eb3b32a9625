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

import { CancelScope, type CancelScopeOptions } from "./cancel_scope.ts";
import { Future } from "./future.ts";
import type { Task } from "./task.ts";
import { CHECKPOINT, TrapOp } from "./trap_op.ts";
import type { CurrentTrap, KernelOp, NowTrap, TaskFunction, Trap } from "./types.ts";

export { type TrapLike, TrapOp } from "./trap_op.ts";

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
 * A task that joins itself would wait forever, so the join throws an
 * `Error` into it at once instead of blocking (curio refuses it the same
 * way; Trio has no join to misuse). Longer cycles of joins cannot be seen
 * at the join: they end the run with a `DeadlockError`.
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
 *
 * @example A task joining itself gets an error at once, never a hang
 * ```ts
 * import assert from "node:assert/strict";
 * import { current, join, run } from "./mod.ts";
 *
 * const message = await run(function* main() {
 *   try {
 *     yield* join(yield* current());
 *     return "joined";
 *   } catch (error) {
 *     return (error as Error).message;
 *   }
 * });
 * assert.equal(message, 'Cannot join task 1 ("main") from itself: it would wait forever');
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
  return new TrapOp<void, Trap>({ kind: "sleep", seconds });
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
 * waits (or, if it is not waiting, at its next blocking trap), then wait for
 * it to finish. Returns `true` when this call's `Cancelled` was raised in the
 * task; `false` when the task had already finished (a no-op), was already
 * cancelled (this call then just waits for the same cleanup), or finished
 * without meeting it (it never waited again). With `wait: false` it returns
 * at once: `true` when the task was waiting and was woken with it.
 *
 * The `Cancelled` is raised once: the task's `finally` blocks may wait
 * undisturbed, and a second `cancel` does not cut them short. A shielded
 * cancel scope in the task keeps it out until the task leaves it.
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
  return new TrapOp<void, Trap>(CHECKPOINT);
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
  return new TrapOp<void, Trap>({ kind: "readWait", resource });
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
  return new TrapOp<void, Trap>({ kind: "writeWait", resource });
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

/**
 * Run `body` inside a new {@linkcode CancelScope} and return its value. When
 * the scope is cancelled (by `scope.cancel()`, from any task, or its
 * `timeout`), every blocking trap in the body raises {@linkcode Cancelled}
 * until the body ends; the scope then catches its own `Cancelled` and this
 * returns `undefined` (check `scope.cancelledCaught`). A `Cancelled` from a
 * scope around this one goes on. With `shield: true` the cancellation of the
 * scopes around it stays out: the way for cleanup to wait.
 *
 * @throws {RangeError} When `timeout` is negative or not a number.
 *
 * @example Cleanup that must finish, in a cancelled task
 * ```ts
 * import assert from "node:assert/strict";
 * import { cancelScope, run, sleep, timeoutAfter, TimeoutError } from "./mod.ts";
 *
 * const log: string[] = [];
 * await assert.rejects(run(function* main() {
 *   yield* timeoutAfter(1, function* () {
 *     try {
 *       yield* sleep(60);
 *     } finally {
 *       // Inside the timed-out scope every wait raises; a shield keeps that out.
 *       yield* cancelScope(function* () {
 *         yield* sleep(2);
 *         log.push("said goodbye");
 *       }, { shield: true });
 *     }
 *   });
 * }, { clock: "virtual" }), TimeoutError);
 * assert.deepEqual(log, ["said goodbye"]);
 * ```
 */
export function* cancelScope<T>(
  body: (scope: CancelScope) => KernelOp<T>,
  options: CancelScopeOptions = {},
): KernelOp<T | undefined> {
  const scope = new CancelScope(options);
  yield { kind: "enterScope", scope };
  let value: T | undefined;
  try {
    value = yield* body(scope);
  } catch (error) {
    yield { kind: "exitScope", scope, failed: true, error }; // throws what goes on
    return undefined; // the scope caught its own Cancelled
  }
  yield { kind: "exitScope", scope, failed: false, error: undefined };
  return value;
}
