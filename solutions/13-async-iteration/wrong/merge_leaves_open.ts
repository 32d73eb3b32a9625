/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: no finally block: when the consumer breaks (or a source throws), the other sources are left open with a next() still waiting.
 * Check: a consumer that breaks closes every source still open, before its loop ends
 * Grader says: every source still open (a and c, not the finished b) is closed
 *
 * Exercise 13-async-iteration/merge: many async sources, one loop, nothing left open.
 *
 * `merge(a, b, c)` is one async iterable over the values of all its
 * sources, in the order they arrive: whichever source answers first is
 * yielded first. Think of several tickers, or several sockets, read by one
 * `for await` loop. It is the async cousin of lesson 01's `zip`, and it has
 * the same duty: whoever stops a loop closes what it opened.
 *
 * The rules:
 * - each source has at most one `next()` waiting at a time, and is asked
 *   again only when the consumer asks for another value (no reading ahead:
 *   a slow consumer slows every source down, which is backpressure);
 * - a source that ends is dropped (it is finished, so it is not closed);
 *   the merge ends when every source has ended;
 * - when the consumer stops early (`break`, `return()`), every source still
 *   open is closed with `return()`, in source order, and the merge waits for
 *   each close before it finishes;
 * - when a source throws, every other source still open is closed the same
 *   way (the broken one is not: it is already done), then the error goes on
 *   to the consumer;
 * - a close that fails (a `return()` that throws or rejects) does not stop
 *   the others: every source still open is closed, each close awaited. Then
 *   an error already on its way (a source's, or one thrown into the merge
 *   with `throw()`) goes on as it is; otherwise (the consumer stopped with
 *   `return()`) the first failed close's error does. A source with no
 *   `return()` method is simply let go;
 * - nothing is opened before the consumer's first `next()`.
 *
 * The grader compares yours with these rules on generated sources, answer
 * orders and consumers.
 *
 * Run the checks: `deno task grade 13-async-iteration/merge`
 *
 * @module
 */

/** What one source's pending `next()` settled with, tagged with the source's index. */
type Settled<T> =
  | { index: number; result: IteratorResult<T> }
  | { index: number; error: unknown };

/** The values of every source, in the order they arrive. */
export async function* merge<T>(...sources: AsyncIterable<T>[]): AsyncGenerator<T, void> {
  // TODO: open every source ([Symbol.asyncIterator]()) and ask each for one
  //   value. Keep the pending next() of each open source in a Map from index
  //   to a promise that never rejects (tag a value or an error with the index).
  //   Keep the indexes of the sources still open in a Set, too. Loop while the
  //   map is not empty: await Promise.race(map.values()) and remove that entry;
  //   an error or a done source leaves the open set (an error then goes on,
  //   thrown); a value is yielded, and only then is that source asked again.
  //   In a finally block, close every source still open, and wait for each.
  // @solution-begin
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<Settled<T>>>(); // one waiting next() per source
  const open = new Set(iterators.keys()); // sources neither ended nor broken
  const pull = (index: number) => {
    // Why the two handlers: a rejection must come back as a value we can
    // race, not as an unhandled rejection of a promise nobody awaits.
    pending.set(
      index,
      iterators[index].next().then(
        (result) => ({ index, result }),
        (error) => ({ index, error }),
      ),
    );
  };
  {
    for (let i = 0; i < iterators.length; i++) pull(i);
    while (pending.size > 0) {
      const settled = await Promise.race(pending.values());
      pending.delete(settled.index);
      if ("error" in settled || settled.result.done) open.delete(settled.index);
      if ("error" in settled) throw settled.error;
      if (settled.result.done) continue;
      yield settled.result.value;
      pull(settled.index);
    }
  }
  // @solution-end
}
