/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: errback() was written by copying callback(), message and all: a second errback() throws AlreadyCalledError saying that callback() was called twice, which sends the caller looking for the wrong call.
 * Check: firing twice throws AlreadyCalledError, naming the second call, and runs nothing again
 * Grader says: whose message does not name errback()
 *
 * Exercise 11-promises/deferred: Twisted's Deferred, rebuilt.
 *
 * A Deferred is a result that is not there yet, plus a chain of callbacks
 * to run on it. Each link of the chain is a pair: a callback for success
 * and an errback for failure. When the Deferred fires (`callback(value)` or
 * `errback(error)`), the result walks down the chain, link by link:
 *
 * - a success goes to the link's callback, a failure to its errback; a link
 *   without the matching function passes the result on unchanged;
 * - whatever that function returns is the new success (`undefined` too: a
 *   link that returns nothing hands `undefined` on), and whatever it throws
 *   is the new failure. So a callback that throws switches the rest of the
 *   walk to errbacks, and an errback that returns switches it back.
 *
 * Success and failure are the Deferred's own state, not the result's type:
 * `errback("a string")` is a failure, and a callback that returns an Error
 * object is a success. Likewise whether it has fired: `callback(undefined)`
 * fires it, as any value does.
 *
 * A link added after the Deferred fired runs at once, inside `addCallback`,
 * on the current result. A link added by a callback while the chain is
 * running goes to the end of the chain, like any other: it runs after the
 * links already there, in its turn, not at once. Firing a Deferred twice is
 * a bug in the caller and throws {@linkcode AlreadyCalledError}, changing
 * nothing: the result stays the chain's. The error's message names the call
 * that came second (`callback()` or `errback()`, whichever fired it first),
 * so the caller can find it. Everything is synchronous: Twisted
 * runs the chain inside the call that fires it (the "always async" rule is
 * what Promises added later).
 *
 * Run the checks: `deno task grade 11-promises/deferred`
 *
 * @module
 */

/** Thrown by `callback()` or `errback()` on a Deferred that has already fired. */
export class AlreadyCalledError extends Error {
  /** Makes the error; the message says which call came second. */
  constructor(message: string) {
    super(message);
    this.name = "AlreadyCalledError";
  }
}

/**
 * A result to come, with a chain of callbacks and errbacks.
 *
 * `T` is the type of the current end of the chain: `addCallback` changes it,
 * like a `then` does, though the object stays the same Deferred.
 */
export class Deferred<T = unknown> {
  // TODO: the Deferred's state: whether it fired, the current result and
  // whether that result is a failure, and the links not yet run.
  // @solution-begin
  #fired = false;
  #failed = false;
  #result: unknown = undefined;
  #chain: [
    ((result: unknown) => unknown) | undefined,
    ((error: unknown) => unknown) | undefined,
  ][] = [];
  #running = false;
  // @stub // TODO: your fields here
  // @solution-end

  /** Whether `callback()` or `errback()` has been called. */
  get called(): boolean {
    // TODO: say whether the Deferred has fired.
    // @solution-begin
    return this.#fired;
    // @solution-end
  }

  /**
   * Add one link: `callback` runs on a success, `errback` on a failure, never
   * both. Returns the same Deferred, so calls can be chained.
   */
  addCallbacks<R1 = T, R2 = never>(
    callback: ((result: T) => R1) | null,
    errback: ((error: unknown) => R2) | null,
  ): Deferred<R1 | R2> {
    // TODO: append the pair to the chain; if the Deferred has fired, run the
    // chain now. Return this (cast to its new type).
    // @solution-begin
    this.#chain.push([
      (callback ?? undefined) as ((result: unknown) => unknown) | undefined,
      errback ?? undefined,
    ]);
    if (this.#fired) this.#runChain();
    return this as unknown as Deferred<R1 | R2>;
    // @solution-end
  }

  /** Add a link that handles success only (a failure passes through it). */
  addCallback<R>(callback: (result: T) => R): Deferred<R> {
    return this.addCallbacks(callback, null);
  }

  /** Add a link that handles failure only (a success passes through it). */
  addErrback<R>(errback: (error: unknown) => R): Deferred<T | R> {
    return this.addCallbacks(null, errback);
  }

  /** Add a link that runs `fn` on success and on failure alike (a `finally` that can return). */
  addBoth<R>(fn: (resultOrError: unknown) => R): Deferred<R> {
    return this.addCallbacks(fn, fn);
  }

  /**
   * Fire with a success: run the chain now, in this call.
   *
   * @throws {AlreadyCalledError} When the Deferred has already fired.
   */
  callback(result: T): void {
    // TODO: if it has fired already, throw AlreadyCalledError; otherwise keep
    // the success as the current result and walk the chain.
    // @solution-begin
    if (this.#fired) {
      throw new AlreadyCalledError("Cannot call callback(): this Deferred has already fired");
    }
    this.#fire(false, result);
    // @solution-end
  }

  /**
   * Fire with a failure: run the errbacks of the chain now, in this call.
   *
   * @throws {AlreadyCalledError} When the Deferred has already fired.
   */
  errback(error: unknown): void {
    // TODO: the same as callback(), with the error as a failure.
    // @solution-begin
    if (this.#fired) {
      throw new AlreadyCalledError("Cannot call callback(): this Deferred has already fired");
    }
    this.#fire(true, error);
    // @solution-end
  }

  // @solution-begin
  // @stub // TODO: a private helper or two can go here (walking the chain, say)
  #fire(failed: boolean, result: unknown): void {
    if (this.#fired) {
      throw new AlreadyCalledError(
        `Cannot fire a Deferred twice: ${
          failed ? "errback" : "callback"
        }() was called after it had fired`,
      );
    }
    this.#fired = true;
    this.#failed = failed;
    this.#result = result;
    this.#runChain();
  }

  /**
   * Walk the links not yet run. Why the `running` flag: a callback may add
   * links to this same Deferred; they are appended and this loop, already
   * running, reaches them in order instead of starting a second walk.
   */
  #runChain(): void {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#chain.length > 0) {
        const [callback, errback] = this.#chain.shift()!;
        const fn = this.#failed ? errback : callback;
        if (fn === undefined) continue; // this link does not handle it: pass it on
        try {
          this.#result = fn(this.#result);
          this.#failed = false;
        } catch (error) {
          this.#result = error;
          this.#failed = true;
        }
      }
    } finally {
      this.#running = false;
    }
  }
  // @solution-end
}
