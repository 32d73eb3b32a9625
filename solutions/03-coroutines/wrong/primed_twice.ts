/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: primed calls next() twice, one to start the body and one to reach the yield, so the body takes undefined for a value.
 * Check: the first value sent to a primed coroutine arrives
 * Grader says: echo got undefined
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
    const generator = coroutine(...args);
    generator.next(); // start the body
    generator.next(); // and run it to the yield
    return generator;
  };
}
