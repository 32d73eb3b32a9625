/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: return() always marks the generator closed, ignoring the result: a finally that yields keeps it alive and suspended.
 * Check: return() into a finally that yields leaves it suspended until the finally ends
 * Grader says: finally that yields
 *
 * Exercise 02-generators/track: know what state a generator is in.
 *
 * Python can ask `inspect.getgeneratorstate(gen)` and is told GEN_CREATED,
 * GEN_RUNNING, GEN_SUSPENDED or GEN_CLOSED. JavaScript keeps that state
 * hidden inside the engine, so you build the question yourself:
 * `track(gen)` returns a wrapper that behaves exactly like `gen` (the same
 * values, the same `done`, the same errors) and whose `state` always says
 * where `gen` is. Every change of state is also reported to `onChange(from,
 * to)`, so a test (or a scheduler, later) can watch the whole life of a
 * generator.
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
 *   own body throws `TypeError: Generator is already running`, as the native
 *   one does, and the state stays `running` (the outer call is still going).
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
    if (state === "closed") return call();
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
    return: (value) => {
      const result = resume(() => gen.return(value), false);
      moveTo("closed"); // return() closes, so the generator is closed now
      return result;
    },
    throw: (error) => resume(() => gen.throw(error), false),
    [Symbol.iterator]: () => tracked,
  };
  return tracked;
}
