// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
 * Exercise 01-iterators/zip: walk two iterables in step, and leave nothing open.
 *
 * `zip(left, right)` pairs the values of two iterables, like Python's `zip`,
 * and stops at the shorter one. It is lazy (one pull from each side per
 * `next()`, none before), and it is tidy: when one side runs out, the other
 * side is closed with `return()` without pulling from it again; when the
 * consumer stops early, both sides are closed, left then right. This is the
 * discipline every later lesson relies on: whoever stops a loop closes what
 * it opened. Failures do not break it:
 *
 * - if pulling one side throws, that side is broken and is not closed, but
 *   the other one is; zip is finished and the error goes on;
 * - if a `return()` throws while zip closes, the other side is still closed,
 *   and then the first error goes on (if an error was already on its way,
 *   that one goes on);
 * - once finished (ended, closed or failed), `next()` stays done and touches
 *   neither side, and `return()` closes nothing twice.
 *
 * zip's done result is always `{ value: undefined, done: true }`: a value
 * that a side's own done result carries (a generator's `return x`) is that
 * side's, not a pair, so it is not passed on.
 *
 * The grader runs generated cases (sides that end, with or without a value
 * of their own, hold falsy values, throw from `next()` or `return()`, or
 * have no `return()`) on yours and on these
 * rules, written out as a small state machine.
 *
 * Run the checks: `deno task grade 01-iterators/zip`
 *
 * @module
 */

/** Pairs `[left value, right value]` until either side ends. */
export function zip<A, B>(left: Iterable<A>, right: Iterable<B>): IterableIterator<[A, B]> {
  // TODO: get both iterators now (left first), then on each next():
  //   pull left; if it is done, close right and finish.
  //   pull right; if it is done, close left and finish.
  //   give [left value, right value].
  //   A pull that throws: close the other side, finish, let the error out.
  // return() closes left, then right, once; after finishing, next() stays done.
  throw new Error("not implemented yet");
}
