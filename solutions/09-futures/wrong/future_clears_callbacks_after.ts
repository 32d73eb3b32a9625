/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the callbacks are called straight from the list, which is emptied only after the last one ran; a callback that removes another one still waiting gets true, and the removed one is skipped.
 * Check: your Future agrees with the kernel's on generated scripts of callbacks, completions, removals and reads
 * Grader says: Take the list (and empty it) before you call the callbacks
 *
 * Exercise 09-futures/future: a Future, the box a result arrives in later.
 *
 * A Future starts pending. Whoever holds it completes it once, with
 * `setResult(value)` or `setError(error)`; a second completion throws. Code
 * that needs the outcome registers a done callback, `addDoneCallback(cb)`,
 * and is called with the Future when it completes: synchronously, inside the
 * `setResult`/`setError` call, in the order the callbacks were added, each
 * once. A callback added after completion runs at once, by itself: the
 * ones before it have already run, and the Future has forgotten them. A
 * callback that throws must not stop the ones after it: report its error
 * with `reportError(error)` (the host then treats it as an uncaught error)
 * and go on.
 *
 * A Future is done once it is completed, whatever with: `setResult(undefined)`
 * fulfils it and `setError(null)` rejects it, so keep the state in a field
 * of its own. `removeDoneCallback(cb)` forgets one registration of a
 * callback still waiting (the first, if it was added twice) and says
 * whether there was one; once the Future is done, nothing is waiting, and
 * it returns `false`: inside a done callback too, while the others are
 * still being called (each of those still runs).
 *
 * The same rules as Python's `concurrent.futures.Future` and the kernel's
 * `kernel/future.ts`; the grader runs one protocol suite against yours, and
 * the course's self-check runs the same suite against the kernel's, so the
 * suite itself is checked too. `then()` makes it a thenable, so plain
 * async code can `await future`; like a Promise's, its callbacks run later,
 * never inside `setResult` or `setError`. The last check generates scripts
 * of these calls and runs each on your class and on the kernel's: the logs
 * of what every call and callback saw must be the same.
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
  // @solution-begin
  // @stub // TODO: fields go here.
  #state: FutureState = "pending";
  #value: T | undefined = undefined;
  #error: unknown = undefined;
  #callbacks: DoneCallback<T>[] = [];
  // @solution-end

  /** `"pending"`, `"fulfilled"` or `"rejected"`. */
  get state(): FutureState {
    // @solution-begin
    return this.#state;
    // @solution-end
  }

  /** Whether the Future has a result or an error. */
  get done(): boolean {
    // @solution-begin
    return this.#state !== "pending";
    // @solution-end
  }

  /** The result; rethrows the error of a rejected Future; throws while pending. */
  result(): T {
    // TODO: three cases. Pending is a mistake of the caller: throw an Error that says so.
    // @solution-begin
    if (this.#state === "fulfilled") return this.#value as T;
    if (this.#state === "rejected") throw this.#error;
    throw new Error("Cannot read the result of a pending Future: wait for it first");
    // @solution-end
  }

  /** The error of a rejected Future, `undefined` for a fulfilled one; throws while pending. */
  exception(): unknown {
    // @solution-begin
    if (this.#state === "pending") {
      throw new Error("Cannot read the exception of a pending Future: wait for it first");
    }
    return this.#error;
    // @solution-end
  }

  /** Complete with `value`, then run the done callbacks; throws if already done. */
  setResult(value: T): void {
    // @solution-begin
    this.#settle("fulfilled", value, undefined);
    // @solution-end
  }

  /** Complete with `error`, then run the done callbacks; throws if already done. */
  setError(error: unknown): void {
    // @solution-begin
    this.#settle("rejected", undefined, error);
    // @solution-end
  }

  /** Call `callback(this)` once the Future is done: at once, if it already is. */
  addDoneCallback(callback: DoneCallback<T>): void {
    // TODO: done already? Call it now (reporting what it throws). Otherwise keep it for later.
    // @solution-begin
    if (this.done) {
      try {
        callback(this);
      } catch (thrown) {
        reportError(thrown); // a late callback's error never comes out of here
      }
    } else this.#callbacks.push(callback);
    // @solution-end
  }

  /** Forget a callback not yet called; returns whether it was registered. */
  removeDoneCallback(callback: DoneCallback<T>): boolean {
    // @solution-begin
    const i = this.#callbacks.indexOf(callback);
    if (i < 0) return false;
    this.#callbacks.splice(i, 1);
    return true;
    // @solution-end
  }

  /** Promise interop: `await future` gives the value or throws the error. */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // TODO: make a Promise that a done callback settles, and chain onto it.
    // @solution-begin
    return new Promise<T>((resolve, reject) => {
      this.addDoneCallback((future) => {
        if (future.state === "fulfilled") resolve(future.result());
        else reject(future.exception());
      });
    }).then(onFulfilled, onRejected);
    // @solution-end
  }

  // TODO: a private helper shared by setResult and setError can go here.
  // @solution-begin
  // @stub // (your helper)
  #settle(state: FutureState, value: T | undefined, error: unknown): void {
    if (this.#state !== "pending") {
      throw new Error(
        `Cannot complete a Future that is already ${this.#state}: a Future is completed once`,
      );
    }
    this.#state = state;
    this.#value = value;
    this.#error = error;
    for (const callback of this.#callbacks) {
      try {
        callback(this);
      } catch (thrown) {
        reportError(thrown); // one broken callback must not stop the others
      }
    }
    this.#callbacks = [];
  }
  // @solution-end
}
