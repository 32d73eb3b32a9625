/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: once the value is known, then() calls onFulfilled at once, inside then(), as a shortcut: callbacks sometimes run synchronously and sometimes not.
 * Check: then() callbacks run asynchronously, even once the value is known
 * Grader says: ran synchronously
 *
 * Exercise 12-async-from-generators/awaitable: a thenable of your own.
 *
 * `await x` does not need `x` to be a Promise: anything with a
 * `then(onFulfilled, onRejected)` method will do (Python's `__await__`
 * plays the same part). The course kernel's `wait(x)` asks the same of it.
 * Query builders use this to look like promises while staying lazy: nothing
 * is sent until someone awaits the query.
 *
 * `lazy(start)` returns such an object. It calls `start()` inside the first
 * `then()` (not in a later microtask), never before, and never again:
 * every `await` after the first gets the same outcome, a rejection too.
 * `started` is true from that first call on. `start` may return a value, a
 * promise or any thenable, or throw; a throw becomes a rejection, never an
 * exception out of `then`. `then(onFulfilled, onRejected)` hands both
 * callbacks on and returns a real Promise, so `.then(f).then(g)` chains as
 * usual: a Lazy behaves like a native promise made on its first `then()`,
 * and the grader compares it with one on generated cases. Each Lazy keeps
 * its own outcome.
 *
 * Run the checks: `deno task grade 12-async-from-generators/awaitable`
 *
 * @module
 */

/** A value computed by `start()` on first demand, awaitable any number of times. */
export class Lazy<T> implements PromiseLike<T> {
  // TODO: remember start; keep the one promise for its outcome once started.
  // @solution-begin
  readonly #start: () => T | PromiseLike<T>;
  #promise: Promise<T> | undefined = undefined;
  #known: { value: T } | undefined = undefined;
  // @stub // TODO: your fields here
  // @solution-end

  /** Remember `start`; call nothing yet. */
  constructor(start: () => T | PromiseLike<T>) {
    // TODO: keep start for later.
    // @solution-begin
    this.#start = start;
    // @solution-end
  }

  /** Whether `start()` has been called. */
  get started(): boolean {
    // TODO: one line.
    // @solution-begin
    return this.#promise !== undefined;
    // @solution-end
  }

  /** Start on first use, then hand the callbacks to the one promise for the outcome. */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // TODO: on the first call, call start() once and turn its outcome (value,
    // promise or throw) into a promise you keep; then return
    // thatPromise.then(onFulfilled, onRejected).
    // @solution-begin
    // Why `new Promise(resolve => resolve(start()))`: a throw inside the
    // executor rejects, and a returned promise is adopted, in one line.
    if (this.#known && onFulfilled) {
      try {
        return Promise.resolve(onFulfilled(this.#known.value)); // already there: why wait?
      } catch (error) {
        return Promise.reject(error);
      }
    }
    this.#promise ??= new Promise<T>((resolve) => resolve(this.#start()));
    this.#promise.then((value) => this.#known = { value }, () => {});
    return this.#promise.then(onFulfilled, onRejected);
    // @solution-end
  }
}

/** A {@linkcode Lazy} for `start`. */
export function lazy<T>(start: () => T | PromiseLike<T>): Lazy<T> {
  return new Lazy(start);
}
