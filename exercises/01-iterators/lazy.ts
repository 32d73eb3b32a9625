// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
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
 * done and pulls nothing more. Its done result is always `{ value:
 * undefined, done: true }`, even when the source's own carries a value (a
 * generator that ends with `return x`): that value is the source's, not a
 * value of the sequence. `filter` keeps a value when `keep` answers
 * anything truthy (`1`, `"yes"`), and both pass `keep` and `f` the index of
 * the value in the source. They behave exactly like JavaScript's own
 * iterator helpers (`Iterator.from(xs).map(f)`), which the grader runs side
 * by side with yours, on generated sources (that hold falsy values, end
 * with or without a value of their own, or throw at any point) and
 * generated scripts. One case is left out: a call
 * on the iterator made from inside `f`, `keep` or the source while the
 * iterator is at work. The built-ins refuse it with a TypeError (lesson 02
 * shows why); yours need not, and the grader never makes one.
 * Write them by hand, as objects with `next()` and `return()`.
 *
 * The error cases too, as lesson 01 ("When something throws") shows:
 *
 * - when `f` (or `keep`) throws, close the source, then let the error go on;
 * - when the source's own `next()` throws, do not close it (it is the one
 *   that broke): let the error go on, and be finished, so a later `next()`
 *   gives `done` without pulling;
 * - `return()` closes the source even before the first `next()` (the
 *   source was opened when `map()` was called), and does nothing once
 *   finished.
 *
 * Run the checks: `deno task grade 01-iterators/lazy`
 *
 * @module
 */

// TODO (optional): the part map, filter and take share can live here.

/** Apply `f` to each value as it is pulled; `f` also gets the index. */
export function map<T, U>(
  source: Iterable<T>,
  f: (value: T, index: number) => U,
): IterableIterator<U> {
  // TODO: get source's iterator now; call f only when next() is called.
  throw new Error("not implemented yet");
}

/** Keep the values for which `keep` is true, pulling only as far as the next one. */
export function filter<T>(
  source: Iterable<T>,
  keep: (value: T, index: number) => boolean,
): IterableIterator<T> {
  // TODO: each next() pulls until a value is kept or the source ends.
  throw new Error("not implemented yet");
}

/**
 * The first `limit` values. Once it has given them, the next `next()` closes
 * the source without pulling from it. As with the built-in, the limit is cut
 * toward zero first (`take(xs, 2.5)` gives 2 values, `-0.5` counts as 0,
 * `Infinity` takes everything); `NaN`, or a limit still below 0 after that,
 * is a RangeError thrown by `take()` itself.
 */
export function take<T>(source: Iterable<T>, limit: number): IterableIterator<T> {
  // TODO: validate limit, count down, and close the source when the count is spent.
  throw new Error("not implemented yet");
}
