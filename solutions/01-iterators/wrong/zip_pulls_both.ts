/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: zip pulls both sides before looking at either, so when the left side ends it has already taken a value from the right side and thrown it away.
 * Grader says: right side's log
 *
 * Exercise 01-iterators/zip: walk two iterables in step, and leave nothing open.
 *
 * `zip(left, right)` pairs the values of two iterables, like Python's `zip`,
 * and stops at the shorter one. It is lazy (one pull from each side per
 * `next()`, none before), and it is tidy: when one side runs out, the other
 * side is closed with `return()` without pulling from it again; when the
 * consumer stops early, both sides are closed, left then right. This is the
 * discipline every later lesson relies on: whoever stops a loop closes what
 * it opened.
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
  // return() closes left, then right, once; after finishing, next() stays done.
  const a = left[Symbol.iterator]();
  const b = right[Symbol.iterator]();
  let finished = false;
  const done = (): IteratorResult<[A, B], undefined> => ({ value: undefined, done: true });
  const finish = (...toClose: Iterator<unknown>[]) => {
    finished = true;
    for (const it of toClose) it.return?.();
    return done();
  };
  const iterator: IterableIterator<[A, B]> = {
    next() {
      if (finished) return done();
      const x = a.next();
      const y = b.next();
      if (x.done) return finish(b);
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
