/**
 * The truth for 04-delegation/delegate: native `yield*`, over generated
 * inner iterators (shaped generators, and hand-written iterators that
 * misbehave), driven by the same generated script.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nativeDelegate, playDelegate } from "./delegate.ts";
 *
 * const seen = playDelegate(nativeDelegate, { hand: { count: 1, throwMethod: "absent", returnMethod: "finishes" } }, [
 *   ["next"],
 *   ["throw", "a"],
 * ]);
 * assert.deepEqual(seen.caller, ["next() → yield 1", "throw(Boom(a)) → threw a TypeError"]);
 * assert.deepEqual(seen.inner, ["open", "next(undefined)", "return(undefined)"]);
 * ```
 *
 * @module
 */

import {
  type Call,
  type HandShape,
  handWritten,
  kindOf,
  play,
  type Resumable,
  type Shape,
  shaped,
} from "../iterator_scripts.ts";

/** An inner iterator, as data: a shaped generator, or a hand-written iterator. */
export type InnerSpec = { shaped: Shape } | { hand: HandShape };

/** Any delegate: the learner's, or {@linkcode nativeDelegate}. */
export type Delegate = (inner: Iterable<unknown, unknown, unknown>) => Resumable;

/** `yield*` itself: the truth. */
export function* nativeDelegate(
  inner: Iterable<unknown, unknown, unknown>,
): Generator<unknown, unknown, unknown> {
  return yield* inner;
}

/**
 * The inner iterable `spec` describes; what is done to it goes into `log`
 * (`open` first). A shaped generator that calls itself (`reenterAt`) calls
 * `outer()` instead: the object delegating to it, while it runs.
 */
export function innerOf(
  spec: InnerSpec,
  log: string[],
  outer?: () => Resumable,
): Iterable<unknown, unknown, unknown> {
  if ("hand" in spec) return handWritten(spec.hand, log) as Iterable<unknown, unknown, unknown>;
  return {
    [Symbol.iterator]() {
      log.push("open");
      return shaped(spec.shaped, { log, self: outer, errors: kindOf });
    },
  };
}

/**
 * Wrap a fresh inner iterator with `wrap` and play `script`: what the
 * caller got from each call, and what the inner one saw (its calls back on
 * the wrapper included). Errors that are not Booms are compared by class
 * only (the engine words its own TypeErrors).
 */
export function playDelegate(
  wrap: Delegate,
  spec: InnerSpec,
  script: readonly Call[],
): { caller: string[]; inner: string[] } {
  const inner: string[] = [];
  // Why a holder: the inner one reaches the wrapper that is made from it.
  const holder: { outer?: Resumable } = {};
  holder.outer = wrap(innerOf(spec, inner, () => holder.outer!));
  const caller = play(holder.outer, script, { errors: kindOf });
  return { caller, inner };
}
