/**
 * Cases for 01-iterators/lazy, whose truth is JavaScript's own iterator
 * helpers: chains of `map`, `filter` and `take` as data, built once with
 * the learner's functions and once with `Iterator.prototype.map/filter/take`,
 * over the same logging source ({@linkcode source}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { builtInChain, playChain } from "./lazy.ts";
 *
 * const outcome = playChain(builtInChain, { values: [0, 1] }, [{ op: "take", limit: 1 }], ["next", "next"]);
 * assert.deepEqual(outcome, {
 *   "source log right after the call": ["open"],
 *   "source log": ["open", "next → 0", "return"],
 *   consumer: ["got 0", "done"],
 * });
 * ```
 *
 * @module
 */

import {
  Boom,
  consume,
  label,
  type Pull,
  show,
  source,
  type SourceShape,
} from "../iterator_scripts.ts";

/**
 * A function given to `map` or `filter`, as data. `map` gets `(x, i) =>
 * "x@i"`; `filter` keeps by `rule`, and answers with a value that is truthy
 * or falsy but not always a boolean (the value itself, `i % 2`, `1`, `""`).
 * At index `throwsAt` it throws `Boom(f <i>)` instead.
 */
export interface Fn {
  /** What a filter keeps. @default "value" */
  rule?: "value" | "odd index" | "all" | "none";
  /** The index at which it throws. */
  throwsAt?: number;
}

/** One step of a chain. */
export type Op = { op: "map"; fn: Fn } | { op: "filter"; fn: Fn } | { op: "take"; limit: number };

/**
 * The function `fn` stands for, for `map` (`"map"`) or `filter`. Each call
 * is written into `log` with its arguments (`f(1, 0)`), so the index given
 * and the number of calls are compared too.
 */
export function fnOf(
  fn: Fn,
  use: "map" | "filter",
  log?: string[],
): (x: unknown, i: number) => unknown {
  return (x, i) => {
    log?.push(`${use === "map" ? "f" : "keep"}(${show(x)}, ${show(i)})`);
    if (fn.throwsAt === i) throw new Boom(`f ${i}`);
    if (use === "map") return `${show(x)}@${i}`;
    switch (fn.rule ?? "value") {
      case "value":
        return x;
      case "odd index":
        return i % 2;
      case "all":
        return 1;
      case "none":
        return "";
    }
  };
}

/** The three functions of a chain, yours or the built-in ones. */
export interface Helpers {
  map(source: Iterable<unknown>, f: (x: unknown, i: number) => unknown): Iterator<unknown>;
  filter(source: Iterable<unknown>, keep: (x: unknown, i: number) => unknown): Iterator<unknown>;
  take(source: Iterable<unknown>, limit: number): Iterator<unknown>;
}

/** The built-in helpers, shaped like the exercise's functions. */
export const builtInChain: Helpers = {
  map: (s, f) => Iterator.from(s).map(f),
  filter: (s, keep) => Iterator.from(s).filter(keep),
  take: (s, limit) => Iterator.from(s).take(limit),
};

/** Build `ops` over `start` with `helpers`, innermost first. */
export function buildChain(
  helpers: Helpers,
  start: Iterable<unknown>,
  ops: readonly Op[],
  log?: string[],
): Iterator<unknown> {
  let chain: Iterable<unknown> = start;
  let it: Iterator<unknown> | undefined;
  for (const step of ops) {
    const from = chain;
    it = step.op === "take"
      ? helpers.take(from, step.limit)
      : step.op === "map"
      ? helpers.map(from, fnOf(step.fn, "map", log))
      : helpers.filter(from, fnOf(step.fn, "filter", log) as (x: unknown, i: number) => boolean);
    const made = it;
    chain = { [Symbol.iterator]: () => made };
  }
  return it ?? start[Symbol.iterator]();
}

/**
 * Build the chain over a fresh source, drive it with `pulls`, and write down
 * what the source saw (right after the chain was built, and in the end) and
 * what the consumer got. If building the chain throws, only that is kept.
 */
export function playChain(
  helpers: Helpers,
  shape: SourceShape,
  ops: readonly Op[],
  pulls: readonly Pull[],
): Record<string, unknown> {
  const log: string[] = [];
  let chain: Iterator<unknown>;
  try {
    chain = buildChain(helpers, source(shape, log), ops, log);
  } catch (error) {
    if (error instanceof Error && error.message === "not implemented yet") throw error;
    return {
      "building the chain threw": error instanceof Error ? `a ${error.name}` : label(error),
    };
  }
  const afterCall = [...log];
  const consumer: string[] = [];
  consume(chain, pulls, consumer);
  return { "source log right after the call": afterCall, "source log": log, consumer };
}
