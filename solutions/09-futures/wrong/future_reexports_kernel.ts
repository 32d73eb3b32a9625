/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: instead of writing a Future, the file re-exports the reference kernel's own one, so every check runs the truth against itself.
 * Check: imports only what its stub imports
 * Grader says: asks you to write yourself
 *
 * Exercise 09-futures/future: a Future you can wait on, with done
 * callbacks (see solutions/09-futures/future.ts for the real thing).
 *
 * @module
 */

export type { DoneCallback, FutureState } from "../../../kernel/future.ts";
export { Future } from "../../../kernel/future.ts";
