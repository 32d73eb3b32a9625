/**
 * The truth for 03-coroutines/averager: the protocol of the exercise's doc
 * comment, computed directly (no generator), and a player for scripts of
 * sends, bare `next()`s, resets, other errors and `return(v)`.
 *
 * The average is the total of the numbers counted so far divided by how many
 * there are. Answers are written with 12 significant digits, so two correct
 * ways of adding up that round differently in the last bit agree; `-0` is
 * written as 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { averagerByTheRules, playAverager } from "./averager.ts";
 *
 * class Reset extends Error {}
 * const seen = playAverager(() => averagerByTheRules(Reset), Reset, [["next"], ["send", 0], ["send", 3], ["next"]]);
 * assert.deepEqual(seen, [
 *   "next() → yield undefined",
 *   "next(0) → yield 0",
 *   "next(3) → yield 1.5",
 *   "next() → done { count: 2, average: 1.5 }",
 * ]);
 * ```
 *
 * @module
 */

import { label, rethrowStub, show, type Thrown, thrownValue } from "../iterator_scripts.ts";

/**
 * One call on an averager: `["next"]` is a bare `next()`, `["send", x]` is
 * `next(x)` (x may be undefined), `["reset"]` is `throw(new Reset())`,
 * `["throw", t]` throws anything else, `["return", v]` is `return(v)`.
 */
export type AveragerCall =
  | ["next"]
  | ["send", number | undefined]
  | ["reset"]
  | ["throw", Thrown]
  | ["return", unknown];

/** An averager, as far as a script needs it. */
export interface AveragerLike {
  next(...value: [] | [number | undefined]): IteratorResult<unknown, unknown>;
  throw(error: unknown): IteratorResult<unknown, unknown>;
  return(value: unknown): IteratorResult<unknown, unknown>;
}

/** The averager the rules describe, as a plain object (a state machine, not a generator). */
export function averagerByTheRules(Reset: new () => Error): AveragerLike {
  let state: "created" | "listening" | "closed" = "created";
  let total = 0;
  let count = 0;
  const average = () => (count === 0 ? undefined : total / count);
  const closed = (value: unknown) => {
    state = "closed";
    return { value, done: true };
  };
  return {
    next(...value) {
      if (state === "closed") return closed(undefined);
      if (state === "created") { // priming: whatever was sent has nowhere to go
        state = "listening";
        return { value: undefined, done: false };
      }
      const x = value[0];
      if (x === undefined) return closed({ count, average: average() });
      total += x;
      count++;
      return { value: average(), done: false };
    },
    throw(error) {
      if (state === "listening" && error instanceof Reset) {
        total = 0;
        count = 0;
        return { value: undefined, done: false };
      }
      state = "closed"; // not ours, or not started: it ends the averager
      throw error;
    },
    return(value) {
      return closed(value);
    },
  };
}

/** A number as the answers write it: 12 significant digits, and -0 as 0. */
function rounded(value: unknown): unknown {
  if (typeof value !== "number" || !Number.isFinite(value)) return value;
  const r = Number(value.toPrecision(12));
  return Object.is(r, -0) ? 0 : r;
}

function describe(result: IteratorResult<unknown, unknown>): string {
  const value = result.value;
  const shown = value !== null && typeof value === "object" && "count" in value
    ? { ...value, average: rounded((value as { average?: unknown }).average) }
    : rounded(value);
  return `${result.done ? "done" : "yield"} ${show(shown)}`;
}

/** Make an averager with `make` and play `calls` on it, writing down every answer. */
export function playAverager(
  make: () => AveragerLike,
  Reset: new () => Error,
  calls: readonly AveragerCall[],
): string[] {
  const seen: string[] = [];
  const avg = make();
  for (const call of calls) {
    const text = call[0] === "next"
      ? "next()"
      : call[0] === "send"
      ? `next(${show(call[1])})`
      : call[0] === "reset"
      ? "throw(new Reset())"
      : call[0] === "throw"
      ? `throw(${label(thrownValue(call[1]))})`
      : `return(${show(call[1])})`;
    try {
      const result = call[0] === "next"
        ? avg.next()
        : call[0] === "send"
        ? avg.next(call[1])
        : call[0] === "reset"
        ? avg.throw(new Reset())
        : call[0] === "throw"
        ? avg.throw(thrownValue(call[1]))
        : avg.return(call[1]);
      seen.push(`${text} → ${describe(result)}`);
    } catch (error) {
      rethrowStub(error);
      seen.push(`${text} → threw ${error instanceof Reset ? "Reset" : label(error)}`);
    }
  }
  return seen;
}
