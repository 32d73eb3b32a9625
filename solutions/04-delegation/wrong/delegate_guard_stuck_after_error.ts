/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the guard's flag is cleared only when a call returns, not in a finally: once any call throws (an error passed on, the TypeError for a missing throw()), every later call is refused as if one were still going on.
 * Check: an error the inner one lets out comes out of delegate, which is then finished
 * Grader says: "next() → threw a TypeError of its own"
 *
 * Exercise 04-delegation/delegate: `yield*`, written by hand.
 *
 * `delegate(inner)` returns an object that behaves exactly like the
 * generator `function* g() { return yield* inner; }`, in every case the
 * language defines (ECMAScript's `yield*`, Python's PEP 380):
 *
 * - The first `next(v)` opens `inner` (calls its `[Symbol.iterator]()`) and
 *   calls `inner.next()` with no value: a priming value goes nowhere.
 * - After that, `next(v)` is `inner.next(v)`: what the inner one yields is
 *   given to the caller unchanged; when it is done, its return value is the
 *   final value, `{ value, done: true }`.
 * - `throw(e)` is `inner.throw(e)`. The inner one may catch it and yield
 *   again, or finish, or let it out; whatever comes out comes out of
 *   `delegate`. An inner without `throw()` is closed with `return()` and a
 *   TypeError is thrown instead: nobody could have handled the error.
 * - `return(v)` is `inner.return(v)`, so the inner one's `finally` runs. If
 *   that result is done, `delegate` finishes with its value; if the
 *   `finally` yields, `delegate` yields it and goes on delegating. An inner
 *   without `return()` is simply left, and `delegate` finishes with `v`.
 * - Before the first `next()`, `throw(e)` throws `e` and `return(v)` gives
 *   `{ value: v, done: true }`, both without opening `inner`; once finished,
 *   `next()` is done for good, `throw(e)` throws `e`, `return(v)` gives `v`,
 *   and the inner one is never touched again. Whenever anything the inner
 *   one does throws (opening it, `next()`, `throw()`, `return()`), or the
 *   `TypeError` for a missing `throw()` is thrown, `delegate` is finished.
 * - One call at a time, as with any generator (lesson 02): while a call on
 *   `delegate` is going on, a call on it from inside the inner one (a
 *   generator that calls back the object delegating to it) throws a
 *   `TypeError` at once and changes nothing; the call that was going on
 *   goes on.
 *
 * Why an object and not a `function*`: a generator cannot see the value
 * passed to its own `return(v)`, so it could not pass it on. The lesson
 * shows the generator version and the one case it gets wrong.
 *
 * The grader drives your `delegate` and a native `yield*` with the same
 * scripts, over the same kinds of inner iterators, and compares what the
 * caller and the inner one saw; then it does the same with generated inner
 * iterators (generators with catches and finallys that yield, throw or
 * return; hand-written iterators without `throw()` or `return()`, or whose
 * methods throw or yield; generators that call `delegate` back while they
 * run) and generated scripts of `next(v)`, `throw(e)` and `return(v)`.
 * Errors that are not your inner one's are compared by class only, so your
 * TypeErrors need no particular message.
 *
 * Run the checks: `deno task grade 04-delegation/delegate`
 *
 * @module
 */

/** What `delegate` returns: the three ways to resume a generator, plus iterable. */
export interface Delegation<Y, R, N> {
  /** Resume with a value, like `gen.next(v)`. */
  next(...value: [] | [N]): IteratorResult<Y, R>;
  /** Resume by throwing `error` in, like `gen.throw(error)`. */
  throw(error: unknown): IteratorResult<Y, R>;
  /** Resume by returning `value`, like `gen.return(value)`. */
  return(value?: R): IteratorResult<Y, R>;
  /** Returns the delegation itself, so `for...of` accepts it. */
  [Symbol.iterator](): Delegation<Y, R, N>;
}

/** Behave exactly like `(function* () { return yield* inner; })()`. */
export function delegate<Y, R, N>(inner: Iterable<Y, R, N>): Delegation<Y, R, N> {
  // TODO: keep where you are: "created" (no next() yet), "delegating", "done",
  //   and whether a call is going on (a call made meanwhile is refused).
  let state: "created" | "delegating" | "done" = "created";
  let iterator: Iterator<Y, R, N> | undefined;
  let running = false;

  /**
   * Make one call on delegate, one at a time. Why: while a call waits on
   * the inner one, the inner one may call delegate back; a generator
   * refuses that (it is already running), and the call going on is left
   * as it was.
   */
  const oneAtATime = (call: () => IteratorResult<Y, R>): IteratorResult<Y, R> => {
    if (running) throw new TypeError("Generator is already running");
    running = true;
    const result = call();
    running = false;
    return result;
  };

  /** What `delegate` gives once it has finished with `value`. */
  const finish = (value: R): IteratorResult<Y, R> => {
    state = "done";
    iterator = undefined;
    return { value, done: true };
  };

  /**
   * Make one call on the inner iterator and pass its result on: a yield
   * unchanged, a done result as our own final value. Why the try: if the
   * inner one throws, its error is ours and we are finished too.
   */
  const forward = (call: (it: Iterator<Y, R, N>) => IteratorResult<Y, R>): IteratorResult<Y, R> => {
    let result: IteratorResult<Y, R>;
    try {
      result = call(iterator!);
    } catch (error) {
      finish(undefined as R);
      throw error;
    }
    return result.done ? finish(result.value) : result;
  };

  const delegation: Delegation<Y, R, N> = {
    next(...value: [] | [N]): IteratorResult<Y, R> {
      // TODO: "created": open inner and call inner.next() with no value (the
      //   priming value is dropped). "delegating": inner.next(value). "done":
      //   { value: undefined, done: true }. Pass yields on; inner's done
      //   result finishes you with its value; an error finishes you too.
      return oneAtATime(() => {
        if (state === "done") return { value: undefined as R, done: true };
        if (state === "created") {
          state = "delegating";
          try {
            iterator = inner[Symbol.iterator]();
          } catch (error) {
            finish(undefined as R);
            throw error;
          }
          return forward((it) => it.next());
        }
        return forward((it) => it.next(...value));
      });
    },

    throw(error: unknown): IteratorResult<Y, R> {
      // TODO: not delegating: finish and throw error. Delegating: pass it to
      //   inner.throw(error); if inner has no throw(), close it with
      //   return() (if it has one), finish, and throw a TypeError.
      return oneAtATime(() => {
        if (state !== "delegating") {
          finish(undefined as R);
          throw error;
        }
        const it = iterator!;
        if (typeof it.throw === "function") return forward((it) => it.throw!(error));
        finish(undefined as R);
        it.return?.();
        throw new TypeError("The iterator does not provide a 'throw' method.");
      });
    },

    return(value?: R): IteratorResult<Y, R> {
      // TODO: not delegating: finish with value. Delegating: pass it to
      //   inner.return(value) and forward that result (it may be a yield!);
      //   if inner has no return(), finish with value.
      return oneAtATime(() => {
        if (state !== "delegating" || typeof iterator!.return !== "function") {
          return finish(value as R);
        }
        return forward((it) => it.return!(value as R));
      });
    },

    [Symbol.iterator]() {
      return delegation;
    },
  };
  return delegation;
}
