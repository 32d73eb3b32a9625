/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: pulls are not guarded: when one side's next() throws, the error goes out but the other side is never closed and zip is not finished, so a later next() pulls the broken side again.
 * Check: zip agrees with the rules on generated sides that end, hold falsy values or fail anywhere
 * Grader says: "left next threw Boom(left next 0)", "right return" ]
 *
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
 * The grader runs generated cases (sides that end, hold falsy values, throw
 * from `next()` or `return()`, or have no `return()`) on yours and on these
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
  const iterator: IterableIterator<[A, B]> = {
    next() {
      if (finished) return done();
      const x = a.next();
      if (x.done) return finish(b);
      const y = b.next();
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
}
