/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: an error (from f, keep or the source) closes what it should but never marks the iterator finished, so the next next() pulls from a source that is closed or broken instead of saying done.
 * Check: map, filter and take, alone and chained, agree with the built-in helpers on generated sources, functions and scripts
 * Grader says: "f(0, 0)", "return", "return" ]
 *
 * Exercise 01-iterators/lazy: `map`, `filter` and `take` that do no work
 * until asked.
 *
 * Each takes any iterable and returns an iterator that is also iterable (so
 * `for...of` and spread accept it). Nothing is pulled from the source until
 * the consumer calls `next()`, and exactly as much as that call needs. When
 * the consumer stops early, or when `take` has all it wants, the source is
 * closed with its `return()`, so a file or a socket behind it would be
 * released. When `f` (or `keep`) throws, the source is closed too and the
 * error goes on; if closing throws as well, the first error is the one that
 * goes on. When the source's own `next()` throws, it is broken: it is not
 * closed, the error goes on. After an error, or the end, the iterator stays
 * done and pulls nothing more. `filter` keeps a value when `keep` answers
 * anything truthy (`1`, `"yes"`), and both pass `keep` and `f` the index of
 * the value in the source. They behave exactly like JavaScript's own
 * iterator helpers (`Iterator.from(xs).map(f)`), which the grader runs side
 * by side with yours, on generated sources (that hold falsy values, end, or
 * throw at any point) and generated scripts.
 * Write them by hand, as objects with `next()` and `return()`.
 *
 * Run the checks: `deno task grade 01-iterators/lazy`
 *
 * @module
 */

/**
 * The part `map`, `filter` and `take` share: an iterator over `source` whose
 * `step` decides what each `next()` gives, that stays finished once done, and
 * that closes the source on `return()`, when `step` says `"close"`, or when
 * the caller's function throws inside `step`. Why not on every throw: if the
 * source's own `next()` throws, the source is already broken and is not
 * closed, exactly as the built-in helpers do. After any error it is finished.
 */
function lazyIterator<T, U>(
  source: Iterator<T>,
  step: (pull: () => IteratorResult<T, undefined>) => IteratorResult<U, undefined> | "close",
): IterableIterator<U> {
  let finished = false;
  let sourceThrew = false;
  const done = (): IteratorResult<U, undefined> => ({ value: undefined, done: true });
  const close = () => {
    finished = true;
    source.return?.();
  };
  const pull = (): IteratorResult<T, undefined> => {
    try {
      const result = source.next();
      return result.done ? { value: undefined, done: true } : result;
    } catch (error) {
      sourceThrew = true;
      throw error;
    }
  };
  const iterator: IterableIterator<U> = {
    next() {
      if (finished) return done();
      let result;
      try {
        result = step(pull);
      } catch (error) {
        if (!sourceThrew) {
          try {
            source.return?.();
          } catch {
            // Why nothing here: the caller's error is the one to report. If
            // closing fails as well, the built-ins drop that second error too.
          }
        }
        throw error;
      }
      if (result === "close") {
        close();
        return done();
      }
      if (result.done) finished = true;
      return result;
    },
    return() {
      if (!finished) close();
      return done();
    },
    [Symbol.iterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** Apply `f` to each value as it is pulled; `f` also gets the index. */
export function map<T, U>(
  source: Iterable<T>,
  f: (value: T, index: number) => U,
): IterableIterator<U> {
  // TODO: get source's iterator now; call f only when next() is called.
  let index = 0;
  return lazyIterator(source[Symbol.iterator](), (pull) => {
    const result = pull();
    return result.done ? result : { value: f(result.value, index++), done: false };
  });
}

/** Keep the values for which `keep` is true, pulling only as far as the next one. */
export function filter<T>(
  source: Iterable<T>,
  keep: (value: T, index: number) => boolean,
): IterableIterator<T> {
  // TODO: each next() pulls until a value is kept or the source ends.
  let index = 0;
  return lazyIterator(source[Symbol.iterator](), (pull) => {
    while (true) {
      const result = pull();
      if (result.done || keep(result.value, index++)) return result;
    }
  });
}

/**
 * The first `limit` values. Once it has given them, the next `next()` closes
 * the source without pulling from it. A negative or NaN limit is a RangeError.
 */
export function take<T>(source: Iterable<T>, limit: number): IterableIterator<T> {
  // TODO: validate limit, count down, and close the source when the count is spent.
  // As the built-in does: NaN is refused, a fraction is cut toward zero
  // (so take(xs, 2.5) gives 2 values and -0.5 counts as 0), and what is
  // left below 0 is refused.
  if (Number.isNaN(limit)) {
    throw new RangeError(`Cannot take ${limit} values: the limit must be a number`);
  }
  let remaining = Math.trunc(limit);
  if (remaining < 0) {
    throw new RangeError(`Cannot take ${limit} values: the limit must be 0 or more`);
  }
  return lazyIterator(source[Symbol.iterator](), (pull) => {
    if (remaining <= 0) return "close";
    remaining--;
    return pull();
  });
}
