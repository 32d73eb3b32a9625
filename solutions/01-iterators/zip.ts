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
  // @solution-begin
  const a = left[Symbol.iterator]();
  const b = right[Symbol.iterator]();
  let finished = false;
  const done = (): IteratorResult<[A, B], undefined> => ({ value: undefined, done: true });
  /** Finish, closing each of `toClose` even if one throws; then throw the first error. */
  const finish = (...toClose: Iterator<unknown>[]) => {
    finished = true;
    const errors: unknown[] = [];
    for (const it of toClose) {
      try {
        it.return?.();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
    return done();
  };
  /** Pull `it`. Why close only `other` when it throws: `it` is broken already. */
  const pull = <T>(it: Iterator<T>, other: Iterator<unknown>): IteratorResult<T> => {
    try {
      return it.next();
    } catch (error) {
      try {
        finish(other);
      } catch {
        // The pull's error is the one on its way: a failed close does not replace it.
      }
      throw error;
    }
  };
  const iterator: IterableIterator<[A, B]> = {
    next() {
      if (finished) return done();
      const x = pull(a, b);
      if (x.done) return finish(b);
      const y = pull(b, a);
      if (y.done) return finish(a);
      return { value: [x.value, y.value], done: false };
    },
    return() {
      return finished ? done() : finish(a, b);
    },
    [Symbol.iterator]() {
      return iterator;
    },
  };
  return iterator;
  // @solution-end
}
