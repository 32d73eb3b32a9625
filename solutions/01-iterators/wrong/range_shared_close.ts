/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the position is per iterator, but return() sets a closed flag on the Range itself: after a break in one loop, every other iterator of the same range, open or future, is done at once.
 * Check: range agrees with a native generator on generated bounds, steps and scripts
 * Grader says: "it1 next → done undefined"
 *
 * Exercise 01-iterators/range: an iterable that honours the whole protocol.
 *
 * `range(start, end, step)` describes the numbers from `start` up to, but not
 * including, `end`, going by `step`. The first value is `start`, each next
 * one is the one before plus `step`, and the range goes on while the value
 * is below `end` (above it, for a negative step). Any numbers will do, as
 * long as the step moves: `range(0, 1, 0.25)` gives 0, 0.25, 0.5, 0.75;
 * `range(0, 10, Infinity)` gives just 0; `range(0, Infinity)` never ends,
 * which is fine for something lazy; NaN is below and above nothing, so a NaN
 * bound gives nothing. A step of 0 (or -0) or NaN never moves: it is refused
 * with a RangeError. Like Python's `range`, the object is an *iterable*: each
 * `for...of` asks it for a fresh *iterator* with a position of its own, so
 * it can be looped over again and again, even while another loop over it is
 * still going, and closing one iterator closes no other. Write the iterator
 * by hand, as an object with `next()` and `return()`: no generators yet,
 * they are lesson 02. The grader plays generated scripts on yours and on a
 * native generator over the same numbers.
 *
 * Run the checks: `deno task grade 01-iterators/range`
 *
 * @module
 */

/** The numbers from `start` up to (not including) `end`, by `step`. */
export class Range implements Iterable<number> {
  /** Set by return(): the range has been closed. */
  closed = false;

  /** Makes a range; throws a RangeError when `step` is zero or NaN. */
  constructor(readonly start: number, readonly end: number, readonly step = 1) {
    // TODO: refuse a step of 0 or NaN with a RangeError, or a loop would never end.
    if (step === 0 || Number.isNaN(step)) {
      throw new RangeError(`Cannot make a range with step ${step}: it would never move`);
    }
  }

  /** A fresh iterator over the range, at its start. */
  [Symbol.iterator](): IterableIterator<number> {
    // TODO: return a new object with next(), return() and [Symbol.iterator]().
    //   next() gives { value: n, done: false } while n has not reached end, then
    //   { value: undefined, done: true } forever after. return() ends the
    //   iteration early (for...of calls it on break): after it, next() is done.
    //   [Symbol.iterator]() returns the iterator itself, so it can be looped.
    const { end, step } = this;
    // deno-lint-ignore no-this-alias -- the mistake: the closed flag lives on the Range
    const range = this;
    let next = this.start;
    let finished = false;
    const iterator: IterableIterator<number> = {
      next(): IteratorResult<number> {
        const more = step > 0 ? next < end : next > end;
        if (finished || range.closed || !more) {
          finished = true;
          return { value: undefined, done: true };
        }
        const value = next;
        next += step;
        return { value, done: false };
      },
      return(): IteratorResult<number> {
        range.closed = true;
        return { value: undefined, done: true };
      },
      [Symbol.iterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}

/** Shorthand for `new Range(start, end, step)`, as in Python. */
export function range(start: number, end: number, step = 1): Range {
  return new Range(start, end, step);
}
