/**
 * Exercise 03-coroutines/primed: start a coroutine so it is ready to listen.
 *
 * A coroutine waits for values at `const x = yield`. A new generator has not
 * reached that `yield` yet, so the value given to its first `next(value)` has
 * nowhere to go and is dropped. Someone must call `next()` once, with
 * nothing, to run the body up to its first `yield`: that is priming. David
 * Beazley's `@coroutine` decorator does it for every coroutine it wraps, and
 * `primed` is the same thing in TypeScript: it takes a generator function and
 * returns a function with the same parameters that makes the generator
 * (passing on every argument it was given, however many, whatever they are),
 * primes it, and hands it over, ready for `next(value)`. If the body fails
 * before its first `yield`, the error comes out of that call. Each call makes
 * a new coroutine of its own; wrapping alone runs nothing.
 *
 * The grader makes two coroutines with one wrapped function, with generated
 * arguments and bodies, talks to both in turn with `next(v)`, `throw(e)` and
 * `return(v)`, and compares everything with the same coroutines primed by
 * hand.
 *
 * Run the checks: `deno task grade 03-coroutines/primed`
 *
 * @module
 */

/**
 * Wrap a generator function so each call returns its generator already run
 * to the first `yield`. The value that first `yield` gives is thrown away;
 * an error the body throws before that `yield` comes out of the call.
 */
export function primed<A extends unknown[], T, R, N>(
  coroutine: (...args: A) => Generator<T, R, N>,
): (...args: A) => Generator<T, R, N> {
  // TODO: return a function that, on each call, makes a new generator with
  //   the same arguments, calls next() on it once, and returns it.
  // @solution-begin
  return (...args: A) => {
    const generator = coroutine(...args);
    generator.next(); // run to the first yield; what it yields is dropped
    return generator;
  };
  // @solution-end
}
