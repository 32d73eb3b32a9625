/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: no "already done" guard: a second setResult overwrites the value and runs every callback again.
 * Check: it is completed once: a second setResult or setError throws and changes nothing
 * Grader says: a Future is completed once
 *
 * Exercise 09-futures/future: a Future, the box a result arrives in later.
 *
 * A Future starts pending. Whoever holds it completes it once, with
 * `setResult(value)` or `setError(error)`; a second completion throws. Code
 * that needs the outcome registers a done callback, `addDoneCallback(cb)`,
 * and is called with the Future when it completes: synchronously, inside the
 * `setResult`/`setError` call, in the order the callbacks were added. A
 * callback added after completion runs at once. A callback that throws must
 * not stop the ones after it: report its error with `reportError(error)`
 * (the host then treats it as an uncaught error) and go on.
 *
 * The same rules as Python's `concurrent.futures.Future` and the kernel's
 * `kernel/future.ts`; the grader runs one protocol suite against yours, and
 * the course's self-check runs the same suite against the kernel's, so the
 * suite itself is checked too. `then()` makes it a thenable, so plain
 * async code can `await future`.
 *
 * Run the checks: `deno task grade 09-futures/future`
 *
 * @module
 */

/** The state of a {@linkcode Future}. */
export type FutureState = "pending" | "fulfilled" | "rejected";

/** A function called once when a {@linkcode Future} is done. */
export type DoneCallback<T> = (future: Future<T>) => void;

/** A one-shot result holder with done callbacks, usable with `await`. */
export class Future<T = unknown> implements PromiseLike<T> {
  // TODO: fields for the state, the value, the error and the callbacks.
  #state: FutureState = "pending";
  #value: T | undefined = undefined;
  #error: unknown = undefined;
  #callbacks: DoneCallback<T>[] = [];

  /** `"pending"`, `"fulfilled"` or `"rejected"`. */
  get state(): FutureState {
    return this.#state;
  }

  /** Whether the Future has a result or an error. */
  get done(): boolean {
    return this.#state !== "pending";
  }

  /** The result; rethrows the error of a rejected Future; throws while pending. */
  result(): T {
    // TODO: three cases. Pending is a mistake of the caller: throw an Error that says so.
    if (this.#state === "fulfilled") return this.#value as T;
    if (this.#state === "rejected") throw this.#error;
    throw new Error("Cannot read the result of a pending Future: wait for it first");
  }

  /** The error of a rejected Future, `undefined` for a fulfilled one; throws while pending. */
  exception(): unknown {
    if (this.#state === "pending") {
      throw new Error("Cannot read the exception of a pending Future: wait for it first");
    }
    return this.#error;
  }

  /** Complete with `value`, then run the done callbacks; throws if already done. */
  setResult(value: T): void {
    this.#settle("fulfilled", value, undefined);
  }

  /** Complete with `error`, then run the done callbacks; throws if already done. */
  setError(error: unknown): void {
    this.#settle("rejected", undefined, error);
  }

  /** Call `callback(this)` once the Future is done: at once, if it already is. */
  addDoneCallback(callback: DoneCallback<T>): void {
    // TODO: done already? Call it now. Otherwise keep it for later.
    if (this.done) {
      try {
        callback(this);
      } catch (thrown) {
        reportError(thrown); // a late callback's error is reported too, never thrown
      }
    } else this.#callbacks.push(callback);
  }

  /** Forget a callback not yet called; returns whether it was registered. */
  removeDoneCallback(callback: DoneCallback<T>): boolean {
    const i = this.#callbacks.indexOf(callback);
    if (i < 0) return false;
    this.#callbacks.splice(i, 1);
    return true;
  }

  /** Promise interop: `await future` gives the value or throws the error. */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // TODO: make a Promise that a done callback settles, and chain onto it.
    return new Promise<T>((resolve, reject) => {
      this.addDoneCallback((future) => {
        if (future.state === "fulfilled") resolve(future.result());
        else reject(future.exception());
      });
    }).then(onFulfilled, onRejected);
  }

  // TODO: a private helper shared by setResult and setError can go here.
  #settle(state: FutureState, value: T | undefined, error: unknown): void {
    this.#state = state;
    this.#value = value;
    this.#error = error;
    // Why take the list first: a callback may add another callback, which
    // must then run at once (the Future is done), not be appended here.
    const callbacks = [...this.#callbacks];
    for (const callback of callbacks) {
      try {
        callback(this);
      } catch (thrown) {
        reportError(thrown); // one broken callback must not stop the others
      }
    }
  }
}
