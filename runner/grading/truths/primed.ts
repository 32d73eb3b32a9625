/**
 * The truth for 03-coroutines/primed: priming by hand, `const g = f(...args);
 * g.next(); return g;`, which is what the lesson says `@coroutine` does, and
 * a player that makes two coroutines with one wrapped function and talks to
 * both in turn.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { byHand, playPrimed } from "./primed.ts";
 *
 * const seen = playPrimed(byHand, { yields: [1], logArgs: true }, [[7], []], [[0, ["next", "a"]]]);
 * assert.deepEqual(seen.log, [
 *   "wrapped", "made #0", "f called for #0", "#0 starts with [ 7 ]",
 *   "made #1", "f called for #1", "#1 starts with []",
 *   'next("a") on #0', '#0 got "a"', "#0 finally",
 * ]);
 * ```
 *
 * @module
 */

import {
  type Call,
  callText,
  label,
  play,
  rethrowStub,
  type Shape,
  shaped,
} from "../iterator_scripts.ts";

/** Any `primed`: the learner's, or {@linkcode byHand}. */
export type Primed = (
  f: (...args: unknown[]) => Generator<unknown, unknown, unknown>,
) => (...args: unknown[]) => Generator<unknown, unknown, unknown>;

/** Priming by hand: make the generator with the arguments given, run it to its first yield. */
export const byHand: Primed = (f) => (...args) => {
  const g = f(...args);
  g.next();
  return g;
};

/**
 * Wrap a shaped coroutine with `primed`, make coroutine #0 and #1 with
 * `args[0]` and `args[1]`, then play `calls` (each on #0 or #1). One log
 * holds what both bodies did and every call, in order.
 */
export function playPrimed(
  primed: Primed,
  shape: Shape,
  args: readonly [unknown[], unknown[]],
  calls: readonly [0 | 1, Call][],
): { log: string[]; seen: string[] } {
  const log: string[] = [];
  const seen: string[] = [];
  let made = 0;
  const coroutine = (...given: unknown[]) => {
    const k = made < 2 ? `#${made}` : "an extra one";
    log.push(`f called for ${k}`);
    return shaped(shape, { log: { push: (line) => log.push(`${k} ${line}`) }, args: given });
  };
  let start: (...args: unknown[]) => Generator<unknown, unknown, unknown>;
  try {
    start = primed(coroutine);
  } catch (error) {
    rethrowStub(error);
    return { log, seen: [`primed(f) threw ${label(error)}`] };
  }
  log.push("wrapped");
  const coroutines: (Generator<unknown, unknown, unknown> | undefined)[] = [];
  for (const k of [0, 1] as const) {
    log.push(`made #${k}`);
    try {
      made = k;
      coroutines.push(start(...args[k]));
    } catch (error) {
      rethrowStub(error);
      coroutines.push(undefined);
      seen.push(`making #${k} threw ${label(error)}`);
    }
  }
  made = 2; // a coroutine made from now on has nowhere to log: it was not asked for
  for (const [k, call] of calls) {
    const target = coroutines[k];
    if (target === undefined) continue;
    log.push(`${callText(call)} on #${k}`);
    seen.push(...play(target, [call]).map((line) => `#${k} ${line}`));
  }
  return { log, seen };
}
