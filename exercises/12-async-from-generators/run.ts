// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
 * Exercise 12-async-from-generators/run: an async function, made of a
 * generator and a driver.
 *
 * `run(genFn, ...args)` calls `genFn(...args)` and drives the generator the
 * way JavaScript drives the body of an `async function`. The generator
 * writes `yield x` where an async function writes `await x`:
 *
 * ```ts ignore
 * const total = run(function* (a: number) {
 *   const b = (yield fetchNumber()) as number; // await fetchNumber()
 *   return a + b;
 * }, 1);
 * ```
 *
 * The driver must match the native `async function` in every case the
 * grader tries, side by side with one (on generated bodies too): the body
 * starts at once (inside the call to `run`); each `yield` waits exactly as
 * `await` does, through `Promise.resolve`, so a plain value still waits one
 * microtask and a thenable is adopted the way `await` adopts it (even one
 * that calls back twice, or throws after calling back); a fulfilled value
 * comes back as the value of the `yield`; a rejection, whatever its reason
 * (`0`, `""` and `undefined` included), is thrown back in at the `yield`,
 * so `try`/`catch`/`finally` around it work, and a body that catches it (or
 * returns inside `finally`) goes on as if nothing had happened; `return v`
 * resolves the promise with `v` (a promise or thenable `v` is adopted);
 * whatever the body lets escape (an Error or any other value) rejects it,
 * and only after the body's `finally` blocks have run. `run` itself never
 * throws: calling a generator function runs none of its body, but it does
 * bind the parameters, so a default value that throws
 * (`function* (n = mustHave())`) throws out of `genFn(...args)`, and that
 * rejects the promise too, as it does for an async function. Runs going on
 * at the same time share nothing.
 *
 * Run the checks: `deno task grade 12-async-from-generators/run`
 *
 * @module
 */

/** A generator function whose `yield`s are `await`s. */
export type AsyncBody<A extends unknown[], T> = (...args: A) => Generator<unknown, T, unknown>;

/** Run `genFn(...args)` as if it were an `async function`; the promise is its result. */
export function run<A extends unknown[], T>(genFn: AsyncBody<A, T>, ...args: A): Promise<T> {
  // TODO: return a new Promise. Inside: make the generator, then step it:
  // gen.next(value) or gen.throw(error) in try/catch; a throw rejects, done
  // resolves, anything else is waited on with Promise.resolve(x).then(...)
  // and the outcome fed to the next step. Take the first step right away.
  throw new Error("not implemented yet");
}
