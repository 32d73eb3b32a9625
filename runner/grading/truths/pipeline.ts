/**
 * The truth for 02-generators/pipeline: `lines`, `grep` and `head` written
 * a second way, on native generators and iterator helpers, and a player that
 * runs a chain of stages over a logging source, writing the source's calls
 * and what the consumer got into one log, in order.
 *
 * - `lines` goes character by character (the reference cuts at `indexOf`);
 * - `grep` is `Iterator.prototype.filter`, testing a fresh copy of the
 *   regex on every line, so no `lastIndex` carries over;
 * - `head` is `Iterator.prototype.take` of the whole part of `n`, and
 *   nothing at all (not even opening the items) when that is below 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { playPipeline, truthStages } from "./pipeline.ts";
 *
 * const log = playPipeline(truthStages, { values: ["a\nb", "\n"] }, [{ head: 1.5 }], 3);
 * assert.deepEqual(log, ["open", 'next → "a\\nb"', 'got "a"', "return", "done", "done"]);
 * ```
 *
 * @module
 */

import { consume, source, type SourceShape } from "../iterator_scripts.ts";

/** A grep pattern, as data: a string, or a regex's source and flags. */
export type Pattern = string | { regex: string; flags: string };

/** One stage after `lines`: a grep or a head. */
export type Stage = { grep: Pattern } | { head: number };

/** The three generator functions, yours or the truth's. */
export interface Stages {
  lines(chunks: Iterable<string>): Iterator<string>;
  grep(pattern: string | RegExp, lines: Iterable<string>): Iterator<string>;
  head<T>(n: number, items: Iterable<T>): Iterator<T>;
}

/** The truth's `lines`, `grep` and `head`. */
export const truthStages: Stages = {
  *lines(chunks) {
    let line = "";
    for (const chunk of chunks) {
      for (const char of chunk) {
        if (char !== "\n") line += char;
        else {
          yield line;
          line = "";
        }
      }
    }
    if (line !== "") yield line;
  },
  *grep(pattern, lines) {
    const matches = typeof pattern === "string"
      ? (line: string) => line.includes(pattern)
      : (line: string) => new RegExp(pattern.source, pattern.flags).test(line);
    yield* Iterator.from(lines).filter(matches);
  },
  *head(n, items) {
    const count = Math.trunc(n);
    if (!(count >= 1)) return;
    yield* Iterator.from(items).take(count);
  },
};

/** A fresh pattern for one run: a regex's lastIndex must not leak between the two sides. */
export function patternOf(pattern: Pattern): string | RegExp {
  return typeof pattern === "string" ? pattern : new RegExp(pattern.regex, pattern.flags);
}

/**
 * Chain `lines(source)` and then `stages` with `using`'s functions (with
 * `raw`, the stages read the source's values as lines, without `lines`),
 * pull `pulls` times (then close), and return the one log of what the
 * source saw and what the consumer got.
 */
export function playPipeline(
  using: Stages,
  shape: SourceShape,
  stages: readonly Stage[],
  pulls: number,
  options: { raw?: boolean; close?: boolean } = {},
): string[] {
  const log: string[] = [];
  const start = source(shape, log) as Iterable<string>;
  let chain: Iterable<string> = options.raw ? start : asIterable(using.lines(start));
  for (const stage of stages) {
    const from = chain;
    chain = asIterable(
      "grep" in stage ? using.grep(patternOf(stage.grep), from) : using.head(stage.head, from),
    );
  }
  const pullsThenClose = [...Array(pulls).fill("next"), ...(options.close ? ["return"] : [])];
  consume(chain[Symbol.iterator](), pullsThenClose, log);
  return log;
}

/** A generator is its own iterable; anything else is made one. */
function asIterable<T>(it: Iterator<T>): Iterable<T> {
  return Symbol.iterator in it ? it as Iterator<T> & Iterable<T> : { [Symbol.iterator]: () => it };
}
