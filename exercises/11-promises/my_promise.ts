// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
 * Exercise 11-promises/my_promise: a Promise of your own, to the letter.
 *
 * `MyPromise` follows the same rules as JavaScript's `Promise` (Promises/A+
 * plus the ECMAScript extras), closely enough that the grader can swap it in
 * for the native one and see the same events in the same order:
 *
 * - The executor runs at once, inside the constructor; a throw in it rejects.
 * - The resolve/reject pair works once between them: the first call uses
 *   it up, and later calls (and a throw in the executor) are ignored, even
 *   one made while the first is still running (by a `then` getter of the
 *   value being resolved), so mark the pair used before anything else. That
 *   holds even while the promise is still pending: resolved is not settled.
 *   `resolve(thenable)` locks the promise in to the thenable's fate (lesson
 *   11, rule 2), so a `reject` after it changes nothing. Guard the pair with
 *   an "already resolved" flag, not with the promise's state.
 * - Resolving with a thenable (an object or a function whose `then` is a
 *   function; any other `then` makes it a plain value) adopts it: in a
 *   microtask, call its `then` with a fresh resolve/reject pair. Read `then`
 *   only once; if reading it or calling it throws, reject (unless the pair
 *   was already used). What the thenable calls back with is resolved the
 *   same way, so a thenable of a thenable is adopted too. Resolving a
 *   promise with itself rejects it with a TypeError that says why (not an
 *   empty message: the native one says "Chaining cycle detected").
 * - `then` callbacks never run inside the call that makes them due: each
 *   runs in a microtask of its own (`queueMicrotask`), in the order they
 *   were added. What a callback returns resolves the promise `then`
 *   returned; what it throws rejects it. A missing callback passes the
 *   value (or reason) on, and so does anything that is not a function
 *   (`then(42)`).
 * - `finally`, `MyPromise.resolve` and `MyPromise.all` take as many jobs as
 *   the native ones: the grader compares generated programs with the native
 *   Promise, event for event, among native microtasks.
 *
 * Why microtasks and not `setTimeout`: native promise callbacks are
 * microtasks too, so the two kinds interleave exactly, job for job.
 *
 * Run the checks: `deno task grade 11-promises/my_promise`
 *
 * @module
 */

/** The resolve function handed to an executor. */
export type Resolve<T> = (value: T | PromiseLike<T>) => void;
/** The reject function handed to an executor. */
export type Reject = (reason?: unknown) => void;

/** A promise built on `queueMicrotask`, interchangeable with the native one. */
export class MyPromise<T> implements PromiseLike<T> {
  // TODO: the promise's state: pending, fulfilled or rejected; its value or
  // reason; and the reactions waiting for it to settle.
  // TODO: your fields here

  /** Run `executor` now with this promise's resolve and reject functions. */
  constructor(executor: (resolve: Resolve<T>, reject: Reject) => void) {
    // TODO: make a resolve/reject pair that works once, call the executor
    // with it, and reject if the executor throws.
    throw new Error("not implemented yet");
  }

  /**
   * Register callbacks for when this promise settles; returns a new promise
   * for what they return (or throw).
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): MyPromise<R1 | R2> {
    // TODO: return a new MyPromise. Its reaction job: pick the callback for
    // the state, call it, resolve the new promise with the result (reject if
    // it throws); with no callback, pass the value or reason on. Queue the
    // job as a microtask now if settled, else when this promise settles.
    throw new Error("not implemented yet");
  }

  /** `then(undefined, onRejected)`. */
  catch<R = never>(
    onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null,
  ): MyPromise<T | R> {
    // TODO: one line.
    throw new Error("not implemented yet");
  }

  /**
   * Run `onFinally` when this promise settles, whichever way, then pass the
   * original value or reason on; if `onFinally` throws or returns a promise
   * that rejects, that rejection wins. A promise or any thenable it returns
   * is waited for.
   */
  finally(onFinally?: (() => unknown) | null): MyPromise<T> {
    // TODO: then() with two callbacks that call onFinally, wait for what it
    // returns (MyPromise.resolve(result).then(...)), and give back the value
    // (or throw the reason) again.
    throw new Error("not implemented yet");
  }

  /** A MyPromise fulfilled with `undefined`. */
  static resolve(): MyPromise<void>;
  /** `value` itself when it is a MyPromise, else a MyPromise resolved with it. */
  static resolve<T>(value: T | PromiseLike<T>): MyPromise<Awaited<T>>;
  static resolve<T>(value?: T | PromiseLike<T>): MyPromise<Awaited<T>> {
    // TODO: return value as is if it is a MyPromise; otherwise wrap it.
    throw new Error("not implemented yet");
  }

  /** A MyPromise rejected with `reason`. */
  static reject<T = never>(reason?: unknown): MyPromise<T> {
    // TODO: one line.
    throw new Error("not implemented yet");
  }

  /**
   * Wait for every value (each passed through `MyPromise.resolve`, plain
   * values too) and fulfil with their values in argument order, or reject
   * with the first rejection. An empty input fulfils inside the call.
   */
  static all<T>(values: Iterable<T | PromiseLike<T>>): MyPromise<Awaited<T>[]> {
    // TODO: count what is still pending; store each value at its own index;
    // an empty input fulfils at once (inside the call, like Promise.all).
    throw new Error("not implemented yet");
  }

  // TODO: private helpers can go here (resolving, settling)
}
