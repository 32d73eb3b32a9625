/**
 * Exercise 03-coroutines/averager: a running average you talk to.
 *
 * `averager()` makes a coroutine that keeps the average of the numbers sent
 * into it. Each `next(x)` sends a number and answers with the average so
 * far: the total of the numbers counted divided by how many there are, not
 * rounded. Every number counts, falsy or not: `0`, `-0`, `NaN` (after which
 * the average is NaN) and `Infinity` too; only `undefined` is not a number.
 * It uses all three ways in:
 *
 * - `next()` once to prime it: it answers `undefined` (no average yet), and
 *   no number is counted;
 * - `next(x)` sends a number and gives back the new average;
 * - `throw(new Reset())` is caught inside: the count starts over, and the
 *   answer is `undefined` again. Anything else thrown in is not caught, be it
 *   another error or a value that is not an error at all (`throw(null)`): it
 *   comes out of `throw()` as it went in, and the coroutine is finished;
 * - `next()` with no number (after priming) ends it: the coroutine returns
 *   `{ count, average }`, which the caller receives as the value of the
 *   final `{ done: true, value }` (Python would raise StopIteration with
 *   that value).
 *
 * The grader also plays generated scripts of these calls (and `return(v)`)
 * on yours and on these rules, computed directly, and compares every answer.
 *
 * Run the checks: `deno task grade 03-coroutines/averager`
 *
 * @module
 */

/** Throw this into an averager to start its average over. */
export class Reset extends Error {
  override name = "Reset";
  constructor(message = "start the average over") {
    super(message);
  }
}

/** What an averager returns when it ends. */
export interface Summary {
  /** How many numbers were counted since the start or the last reset. */
  count: number;
  /** Their average, or `undefined` when there were none. */
  average: number | undefined;
}

/** A coroutine that answers each number sent in with the running average. */
export function* averager(): Generator<number | undefined, Summary, number | undefined> {
  // TODO: loop forever on `const x = yield average`: count x, or end on
  //   undefined, and catch a Reset thrown in at that yield.
  // @solution-begin
  let total = 0;
  let count = 0;
  let average: number | undefined = undefined;
  while (true) {
    let term: number | undefined;
    try {
      term = yield average;
    } catch (error) {
      if (!(error instanceof Reset)) throw error; // not ours: let it end us
      total = 0;
      count = 0;
      average = undefined;
      continue;
    }
    if (term === undefined) return { count, average };
    total += term;
    count++;
    average = total / count;
  }
  // @solution-end
}
