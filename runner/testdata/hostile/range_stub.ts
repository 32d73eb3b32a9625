// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
 * Exercise 01-iterators/range: an iterable that honours the whole protocol.
 *
 * `range(start, end, step)` describes the numbers from `start` up to, but not
 * including, `end`, going by `step` (which may be negative, never zero). Like
 * Python's `range`, the object is an *iterable*: each `for...of` asks it for
 * a fresh *iterator*, so it can be looped over again and again. Write the
 * iterator by hand, as an object with `next()` and `return()`: no generators
 * yet, they are lesson 02.
 *
 * Run the checks: `deno task grade 01-iterators/range`
 *
 * @module
 */

/** The numbers from `start` up to (not including) `end`, by `step`. */
export class Range implements Iterable<number> {
  /** Makes a range; throws a RangeError when `step` is zero. */
  constructor(readonly start: number, readonly end: number, readonly step = 1) {
    // TODO: refuse a zero step with a RangeError, or a loop would never end.
    throw new Error("not implemented yet");
  }

  /** A fresh iterator over the range, at its start. */
  [Symbol.iterator](): IterableIterator<number> {
    // TODO: return a new object with next(), return() and [Symbol.iterator]().
    //   next() gives { value: n, done: false } while n has not reached end, then
    //   { value: undefined, done: true } forever after. return() ends the
    //   iteration early (for...of calls it on break): after it, next() is done.
    //   [Symbol.iterator]() returns the iterator itself, so it can be looped.
    throw new Error("not implemented yet");
  }
}

/** Shorthand for `new Range(start, end, step)`, as in Python. */
export function range(start: number, end: number, step = 1): Range {
  return new Range(start, end, step);
}
