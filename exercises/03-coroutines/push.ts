// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
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
 * the first of those errors on (whatever was thrown: `0` or `undefined` is
 * an error all the same). Remember that `return()` runs `finally` blocks,
 * never `catch` blocks.
 *
 * Errors travel up. An error from a target (a sink that fails, a `keep`
 * that throws) is not caught: it ends the stage that sent the value, which
 * closes what it sends to, and comes out of `source()`; `source` then stops
 * reading the values and closes them too (a `for...of` does both). Every
 * value is sent on as it is, `undefined` and other falsy ones too: only
 * `return()` ends a stage. A target that has finished by itself (a sink that
 * had enough) is no reason to stop: the others still get every value.
 *
 * The grader also builds generated pipelines (stages in any order, sinks
 * that fail on a value, fail to close, finish early or yield while closing),
 * runs them with `source()` or with scripts of calls on the head, and
 * compares one log of everything with the same pipelines built by these
 * rules.
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
  throw new Error("not implemented yet");
}

/** Send each value to every target, in order; closing closes them all, in order. */
export function broadcast<T>(targets: Receiver<T>[]): Receiver<T> {
  // TODO: like filter, with every target. Closing: close each target in
  //   order, even if an earlier one throws; then throw the first error.
  throw new Error("not implemented yet");
}

// TODO (optional): a helper that closes several targets can live here.

/** The head of the pipeline: send every value into `target`, then close it. */
export function source<T>(values: Iterable<T>, target: Receiver<T>): void {
  // TODO: send each value with next(value); close target however the loop ends.
  throw new Error("not implemented yet");
}
