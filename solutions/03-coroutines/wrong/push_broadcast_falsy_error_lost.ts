/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: closeAll remembers the first error with `failure ??= error` and rethrows it with `if (failure) throw failure`: a target that throws a falsy value (0, "", null, undefined) when closed is never reported.
 * Check: pipelines agree with the rules on generated shapes, values, failing sinks and scripts
 * Grader says: "head: return(0) → done 0"
 *
 * Exercise 03-coroutines/push: a push pipeline that closes from the head.
 *
 * Lesson 02's pipelines pull: the consumer asks, and each stage asks the one
 * before it. Coroutines turn that around. A source pushes each value into
 * the first stage with `next(value)`, and each stage pushes what it keeps
 * into the next one, down to the sinks at the end:
 *
 * ```text
 * source(values, ·) → filter(keep, ·) → broadcast([·, ·]) → sink a
 *                                                          → sink b
 * ```
 *
 * You write the three parts in the middle and at the head:
 *
 * - `filter(keep, target)`: a primed coroutine that sends on to `target` the
 *   values `keep` accepts;
 * - `broadcast(targets)`: a primed coroutine that sends each value to every
 *   target, in order;
 * - `source(values, target)`: sends every value into `target`, then closes
 *   it with `return()`, even when sending failed.
 *
 * Closing must travel down the pipeline: when a stage is closed (or dies of
 * an error), it closes what it sends to, so closing the head closes every
 * stage and every sink, in pipeline order. `broadcast` closes all of its
 * targets, in order, even if closing one of them throws, and then passes
 * that error on. Remember that `return()` runs `finally` blocks, never
 * `catch` blocks.
 *
 * Run the checks: `deno task grade 03-coroutines/push`
 *
 * @module
 */

/** A coroutine that values of type `T` are sent into with `next(value)`. */
export type Receiver<T> = Generator<unknown, unknown, T>;

/** Given: run a new coroutine to its first `yield` (the `primed` exercise, inline). */
function started<T>(coroutine: Receiver<T>): Receiver<T> {
  coroutine.next();
  return coroutine;
}

/** Send on to `target` the values for which `keep` is true; closing closes `target`. */
export function filter<T>(keep: (value: T) => boolean, target: Receiver<T>): Receiver<T> {
  // TODO: a generator that loops on `const value = yield`, sends kept values
  //   to target, and closes target however it ends. Return it started.
  function* filtering(): Generator<undefined, void, T> {
    try {
      while (true) {
        const value = yield;
        if (keep(value)) target.next(value);
      }
    } finally {
      target.return(undefined); // runs on return(), on an error, always
    }
  }
  return started(filtering());
}

/** Send each value to every target, in order; closing closes them all, in order. */
export function broadcast<T>(targets: Receiver<T>[]): Receiver<T> {
  // TODO: like filter, with every target. Closing: close each target in
  //   order, even if an earlier one throws; then throw the first error.
  function* broadcasting(): Generator<undefined, void, T> {
    try {
      while (true) {
        const value = yield;
        for (const target of targets) target.next(value);
      }
    } finally {
      closeAll(targets);
    }
  }
  return started(broadcasting());
}

/** Close every target, in order; if any close threw, throw the first error after the rest. */
function closeAll(targets: Receiver<unknown>[]): void {
  let failure: unknown;
  for (const target of targets) {
    try {
      target.return(undefined);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
}

/** The head of the pipeline: send every value into `target`, then close it. */
export function source<T>(values: Iterable<T>, target: Receiver<T>): void {
  // TODO: send each value with next(value); close target however the loop ends.
  try {
    for (const value of values) target.next(value);
  } finally {
    target.return(undefined);
  }
}
