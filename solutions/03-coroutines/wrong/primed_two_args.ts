/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the wrapper passes on the first two arguments only, enough for the coroutines it was tried with: a third argument is lost, and a call with fewer passes undefined in their place.
 * Check: two coroutines from one primed(f) agree with priming by hand on generated bodies, arguments and calls
 * Grader says: "#0 starts with [ undefined, undefined ]"
 *
 * Exercise 03-coroutines/primed: start a coroutine so it is ready to listen.
 *
 * A coroutine waits for values at `const x = yield`. A new generator has not
 * reached that `yield` yet, so the value given to its first `next(value)` has
 * nowhere to go and is dropped. Someone must call `next()` once, with
 * nothing, to run the body up to its first `yield`: that is priming. David
 * Beazley's `@coroutine` decorator does it for every coroutine it wraps, and
 * `primed` is the same thing in TypeScript: it takes a generator function and
 * returns a function with the same parameters that makes the generator,
 * primes it, and hands it over, ready for `next(value)`.
 *
 * Run the checks: `deno task grade 03-coroutines/primed`
 *
 * @module
 */

/**
 * Wrap a generator function so each call returns its generator already run
 * to the first `yield`. The value that first `yield` gives is thrown away.
 */
export function primed<A extends unknown[], T, R, N>(
  coroutine: (...args: A) => Generator<T, R, N>,
): (...args: A) => Generator<T, R, N> {
  // TODO: return a function that, on each call, makes a new generator with
  //   the same arguments, calls next() on it once, and returns it.
  return (...args: A) => {
    const [first, second] = args; // the coroutines here take a target and a name
    const generator = coroutine(...([first, second] as unknown as A));
    generator.next(); // run to the first yield; what it yields is dropped
    return generator;
  };
}
