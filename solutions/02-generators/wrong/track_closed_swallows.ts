/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: calls on a closed generator are answered by the wrapper itself with { value: undefined, done: true }, so return(v) loses v and throw(e) swallows e, where the native generator gives done v and throws e.
 * Check: a closed generator stays closed: later calls change nothing and act as the bare one
 * Grader says: tracked vs bare generator
 *
 * Exercise 02-generators/track: know what state a generator is in.
 *
 * Python can ask `inspect.getgeneratorstate(gen)` and is told GEN_CREATED,
 * GEN_RUNNING, GEN_SUSPENDED or GEN_CLOSED. JavaScript keeps that state
 * hidden inside the engine, so you build the question yourself:
 * `track(gen)` returns a wrapper that behaves exactly like `gen` (the same
 * values, the same `done`, the same errors) and whose `state` always says
 * where `gen` is. Every change of state is also reported to `onChange(from,
 * to)`, once it has happened (inside `onChange`, `state` already says `to`),
 * so a test (or a scheduler, later) can watch the whole life of a generator.
 *
 * The rules, all of them checked against what the native generator does:
 *
 * - A new generator is `created`: its body has not started.
 * - A call that runs the body (`next()`, or `return()`/`throw()` once the
 *   body has started) makes it `running` while the call lasts; when the call
 *   ends it is `suspended` if the body paused at a `yield` (`done: false`),
 *   `closed` if it finished (`done: true`) or threw.
 * - `return()` or `throw()` on a `created` generator closes it without
 *   running a line of its body: `created` → `closed`, never `running`.
 * - A call on a `closed` generator changes nothing.
 * - A generator cannot be resumed while it runs: a call made from inside its
 *   own body (`next()`, `return()` or `throw()`) throws `TypeError: Generator
 *   is already running`, as the native one does, and the state stays
 *   `running` (the outer call is still going).
 *
 * The grader also generates bodies (yields, a catch, a finally that yields,
 * throws or returns, an error of their own, a call on themselves) and
 * scripts of `next(v)`, `throw(e)` and `return(v)`, runs each on the bare
 * generator and on yours, and compares the values, the errors, what the
 * body did, and your states with the states the native generator went
 * through.
 *
 * Run the checks: `deno task grade 02-generators/track`
 *
 * @module
 */

/** Where a generator is in its life (Python's GEN_CREATED, GEN_SUSPENDED, ...). */
export type GeneratorState = "created" | "suspended" | "running" | "closed";

/** A generator wrapped by {@linkcode track}: the same methods, plus `state`. */
export interface Tracked<T, R, N> {
  /** Where the wrapped generator is right now. */
  readonly state: GeneratorState;
  /** Resume the body (the argument is passed on; lesson 03 says what it is for). */
  next(...value: [] | [N]): IteratorResult<T, R>;
  /** Close the generator early, as `for...of` does on `break`. */
  return(value: R): IteratorResult<T, R>;
  /** Resume the body with an error thrown at its `yield`. */
  throw(error: unknown): IteratorResult<T, R>;
  /** The wrapper itself, so `for...of` accepts it. */
  [Symbol.iterator](): Tracked<T, R, N>;
}

/**
 * Wrap `gen` so its state can be read, and every change of state is reported
 * to `onChange(from, to)`. Use the wrapper instead of `gen` from then on.
 */
export function track<T, R, N>(
  gen: Generator<T, R, N>,
  onChange?: (from: GeneratorState, to: GeneratorState) => void,
): Tracked<T, R, N> {
  // TODO: keep the state in a variable that starts as "created", and write
  //   next(), return() and throw() so each forwards to gen and moves the state
  //   by the rules above. The state must be right while gen runs, too.
  let state: GeneratorState = "created";
  const moveTo = (to: GeneratorState) => {
    if (to === state) return;
    const from = state;
    state = to;
    onChange?.(from, to);
  };

  /**
   * Forward one call to gen and keep the state right around it. `runsBody`
   * is false for return() and throw(): on a created generator they close it
   * without starting the body.
   */
  const resume = (call: () => IteratorResult<T, R>, runsBody: boolean) => {
    // Why here, before touching gen: a re-entrant call must not move the
    // state, because the outer call is still running and will set it.
    if (state === "running") throw new TypeError("Generator is already running");
    if (state === "closed") return { value: undefined, done: true } as IteratorResult<T, R>;
    if (state === "created" && !runsBody) {
      moveTo("closed");
      return call();
    }
    moveTo("running");
    let result: IteratorResult<T, R>;
    try {
      result = call();
    } catch (error) {
      moveTo("closed"); // an error that leaves the body ends the generator
      throw error;
    }
    moveTo(result.done ? "closed" : "suspended");
    return result;
  };

  const tracked: Tracked<T, R, N> = {
    get state() {
      return state;
    },
    next: (...value) => resume(() => gen.next(...value), true),
    return: (value) => resume(() => gen.return(value), false),
    throw: (error) => resume(() => gen.throw(error), false),
    [Symbol.iterator]: () => tracked,
  };
  return tracked;
}
