/**
 * A Future: a result (or error) that arrives later, from anywhere.
 *
 * Tasks wait on one with `yield* wait(future)`; plain async code can
 * `await future`, since a Future is a thenable. Whoever holds it completes it
 * once with {@linkcode Future.setResult} or {@linkcode Future.setError} — a
 * task, a timer callback, a worker's message handler.
 *
 * Done callbacks run synchronously, in the order they were added, inside the
 * call that completes the Future. Why synchronously: when a task completes a
 * Future, the waiting task must be queued at that exact point of the schedule
 * for traces to be deterministic. When the Future is completed from outside
 * the kernel (a callback while the kernel blocks in `select`), the kernel's
 * own callback also calls `selector.wakeup()` so the loop notices.
 *
 * A callback added once the Future is done runs at once, inside
 * `addDoneCallback`. Either way, a callback that throws is reported with
 * `reportError` (the host's uncaught-error path) and never raised into the
 * code that completed the Future or added the callback: one rule for every
 * callback, as Python's `concurrent.futures` logs the exception of a late
 * callback instead of raising it in `add_done_callback`. Why not raise it
 * into the adder: whoever adds a callback asks to be told of the outcome,
 * and a broken listener is not the adder's failure, just as it is not the
 * completer's.
 *
 * @module
 */

/** The state of a {@linkcode Future}. */
export type FutureState = "pending" | "fulfilled" | "rejected";

/** A function called once when a {@linkcode Future} is done. */
export type DoneCallback<T> = (future: Future<T>) => void;

/** Options for a {@linkcode Future}. */
export interface FutureOptions {
  /**
   * Whether the Future is completed from outside the kernel's tasks (by a
   * Worker, a host callback, a Promise), as the Futures of
   * {@linkcode Future.from} and of a worker pool's jobs are. A virtual
   * clock never jumps while a task waits on such a Future: its answer
   * comes first, however long it takes. A Future left `false` may be
   * completed by a task, so the clock may jump while one is waited on.
   *
   * @default {false}
   */
  external?: boolean;
}

/**
 * A one-shot result holder with done callbacks, usable as a Promise.
 *
 * @example Completed from a timer callback, awaited from a task
 * ```ts
 * import assert from "node:assert/strict";
 * import { Future, run, wait } from "./mod.ts";
 *
 * const answer = new Future<number>();
 * setTimeout(() => answer.setResult(42), 1);
 * assert.equal(await run(function* main() {
 *   return yield* wait(answer);
 * }), 42);
 * assert.equal(await answer, 42); // a Future is also a thenable
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  /** Whether it is completed from outside the kernel's tasks (see {@linkcode FutureOptions.external}). */
  readonly external: boolean;
  #state: FutureState = "pending";
  #value: T | undefined = undefined;
  #error: unknown = undefined;
  #callbacks: DoneCallback<T>[] | null = null;

  /**
   * A Future that follows `thenable`: fulfilled or rejected when it settles.
   *
   * @example Bridging a Promise
   * ```ts
   * import assert from "node:assert/strict";
   * import { Future } from "./future.ts";
   *
   * const future = Future.from(Promise.resolve("ok"));
   * assert.equal(await future, "ok");
   * ```
   */
  static from<T>(thenable: PromiseLike<T>): Future<T> {
    const future = new Future<T>({ external: true });
    thenable.then(
      (value) => future.setResult(value),
      (error) => future.setError(error),
    );
    return future;
  }

  /** A pending Future. */
  constructor(options: FutureOptions = {}) {
    this.external = options.external ?? false;
  }

  /** `"pending"`, `"fulfilled"` or `"rejected"`. */
  get state(): FutureState {
    return this.#state;
  }

  /** Whether the Future has a result or an error. */
  get done(): boolean {
    return this.#state !== "pending";
  }

  /**
   * The result; rethrows the error of a rejected Future.
   *
   * @throws {Error} When the Future is still pending.
   */
  result(): T {
    if (this.#state === "fulfilled") return this.#value as T;
    if (this.#state === "rejected") throw this.#error;
    throw new Error("Cannot read the result of a pending Future: wait for it first");
  }

  /**
   * The error of a rejected Future, `undefined` for a fulfilled one.
   *
   * @throws {Error} When the Future is still pending.
   */
  exception(): unknown {
    if (this.#state === "pending") {
      throw new Error("Cannot read the exception of a pending Future: wait for it first");
    }
    return this.#error;
  }

  /**
   * Complete the Future with `value` and run the done callbacks.
   *
   * @throws {Error} When the Future is already done.
   */
  setResult(value: T): void {
    this.#settle("fulfilled", value, undefined);
  }

  /**
   * Complete the Future with `error` and run the done callbacks.
   *
   * @throws {Error} When the Future is already done.
   */
  setError(error: unknown): void {
    this.#settle("rejected", undefined, error);
  }

  /**
   * Call `callback(this)` once the Future is done (at once, if it already
   * is). A callback that throws is reported with `reportError`, never
   * thrown out of `addDoneCallback` or out of the call that completes the
   * Future.
   *
   * @example A late callback that throws is reported, not raised
   * ```ts
   * import assert from "node:assert/strict";
   * import { Future } from "./future.ts";
   *
   * const reported: unknown[] = [];
   * const listener = (event: ErrorEvent) => {
   *   event.preventDefault(); // the host would otherwise end the program
   *   reported.push(event.error);
   * };
   * addEventListener("error", listener);
   * const future = new Future<number>();
   * future.setResult(1);
   * const broken = new Error("a broken callback");
   * future.addDoneCallback(() => {
   *   throw broken;
   * }); // returns normally
   * removeEventListener("error", listener);
   * assert.deepEqual(reported, [broken]);
   * ```
   */
  addDoneCallback(callback: DoneCallback<T>): void {
    if (this.#state !== "pending") return this.#call(callback);
    (this.#callbacks ??= []).push(callback);
  }

  /** Forget `callback`; returns whether it was registered. */
  removeDoneCallback(callback: DoneCallback<T>): boolean {
    const callbacks = this.#callbacks;
    const i = callbacks === null ? -1 : callbacks.indexOf(callback);
    if (i < 0) return false;
    callbacks!.splice(i, 1);
    return true;
  }

  /** Promise interoperability: `await future` and `Promise.resolve(future)` work. */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return new Promise<T>((resolve, reject) => {
      this.addDoneCallback((future) => {
        if (future.#state === "fulfilled") resolve(future.#value as T);
        else reject(future.#error);
      });
    }).then(onFulfilled, onRejected);
  }

  #settle(state: FutureState, value: T | undefined, error: unknown): void {
    if (this.#state !== "pending") {
      throw new Error(
        `Cannot complete a Future that is already ${this.#state}: a Future is completed once`,
      );
    }
    this.#state = state;
    this.#value = value;
    this.#error = error;
    const callbacks = this.#callbacks;
    this.#callbacks = null;
    if (callbacks === null) return;
    for (const callback of callbacks) this.#call(callback);
  }

  /**
   * Call one done callback. Why report, not raise: one failing callback
   * must not stop the others (a waiting task would never wake), nor fail
   * the code that completed the Future or added a late callback.
   */
  #call(callback: DoneCallback<T>): void {
    try {
      callback(this);
    } catch (error) {
      reportError(error);
    }
  }
}
