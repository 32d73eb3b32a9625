/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: with returnExceptions, a reason that is not an Error is wrapped in a new Error before it takes its place, so the caller gets a different value than the one the item rejected with.
 * Check: gather settles like Promise.all (allSettled with returnExceptions) on generated items: values, promises, odd thenables, any iterable
 * Grader says: a generated case where yours and the built-in (Promise.all, or Promise.allSettled) differ
 *
 * Exercise 12-async-from-generators/gather: `asyncio.gather`, on promises.
 *
 * `gather(items)` waits for every item (a promise, any thenable, or a plain
 * value) at the same time and fulfils with their values **in argument
 * order**, whatever order they finish in. The first rejection rejects the
 * gather at once, as `Promise.all` does. With `{ returnExceptions: true }`
 * (asyncio's `return_exceptions=True`) nothing rejects: a rejection's reason
 * takes its place in the results, as a value, exactly as it came (wrapped in
 * nothing).
 *
 * `items` is any iterable (an array, a Set, a generator). Pass every item
 * through `Promise.resolve`, as `Promise.all` does: then a thenable that
 * calls back at once, or twice, counts once and on time, and an item whose
 * value is `undefined` counts like any other. Gathers running at the same
 * time share nothing.
 *
 * It settles in exactly the microtask where `Promise.all` (or, with
 * `returnExceptions`, `Promise.allSettled`) would: the grader runs both side
 * by side. Write it with `new Promise` and `.then`, not with the built-in
 * combinators.
 *
 * Run the checks: `deno task grade 12-async-from-generators/gather`
 *
 * @module
 */

/** Options for {@linkcode gather}. */
export interface GatherOptions {
  /**
   * Put a rejection's reason in the results instead of rejecting.
   *
   * @default {false}
   */
  returnExceptions?: boolean;
}

/** Wait for all `items`; their values in argument order, or the first rejection. */
export function gather<T>(
  items: Iterable<T | PromiseLike<T>>,
  options: GatherOptions = {},
): Promise<(Awaited<T> | unknown)[]> {
  // TODO: a results array, a count of items still pending, and for each item
  // Promise.resolve(item).then(store at its index, reject or store the reason).
  // Resolve when the count reaches zero (at once for no items).
  // @solution-begin
  const returnExceptions = options.returnExceptions ?? false;
  return new Promise((resolve, reject) => {
    const results: unknown[] = [];
    let pending = 1; // Why 1: the loop itself, so an early finisher cannot resolve too soon
    const settleOne = (i: number, value: unknown) => {
      results[i] = value;
      if (--pending === 0) resolve(results);
    };
    let i = 0;
    for (const item of items) {
      const index = i++;
      results.push(undefined);
      pending++;
      Promise.resolve(item).then(
        (value) => settleOne(index, value),
        (reason) =>
          returnExceptions
            ? settleOne(index, reason instanceof Error ? reason : new Error(String(reason)))
            : reject(reason),
      );
    }
    if (--pending === 0) resolve(results);
  });
  // @solution-end
}
