/**
 * Grader for 01-iterators/zip. Run it: `deno task grade 01-iterators/zip`.
 *
 * Every check hands `zip` two probes (iterables that log each call) and
 * compares the logs with what a tidy, lazy zip does.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader } from "../../runner/grading/grader.ts";
import { drive, probe } from "../../runner/grading/probes.ts";
import { differ, explore, fc } from "../../runner/grading/explore.ts";
import { literal, somePulls, someSource } from "../../runner/grading/iterator_scripts.ts";
import { playZip, zipByTheRules } from "../../runner/grading/truths/zip.ts";
import type * as Exercise from "./zip.ts";

export default defineGrader<typeof Exercise>({
  "pairs values until the shorter side ends": ({ zip }) => {
    const pairs = [...zip([1, 2, 3], ["a", "b"])];
    assert.deepEqual(pairs, [[1, "a"], [2, "b"]], `[...zip([1, 2, 3], ["a", "b"])]`);
  },
  "is lazy: nothing is pulled before next(), one value from each side per next()": ({ zip }) => {
    const left = probe("naturals");
    const right = probe("naturals");
    const pairs = zip(left, right);
    assert.deepEqual([left.log, right.log], [["open"], ["open"]], "logs right after zip()");
    drive(pairs, [2]);
    assert.deepEqual(
      [left.log, right.log],
      [["open", "next → 0", "next → 1"], ["open", "next → 0", "next → 1"]],
      "logs after two next() calls",
    );
  },
  "when the left side ends, the right side is closed without being pulled": ({ zip }) => {
    const left = probe([1]);
    const right = probe(["a", "b", "c"]);
    const seen = drive(zip(left, right), [3]);
    assert.deepEqual(seen, ['got [ 1, "a" ]', "done"], "what the consumer saw");
    assert.deepEqual(right.log, ["open", 'next → "a"', "return"], "right side's log");
  },
  "when the right side ends, the left side is closed": ({ zip }) => {
    const left = probe([1, 2, 3]);
    const right = probe(["a"]);
    drive(zip(left, right), [3]);
    assert.deepEqual(left.log, ["open", "next → 1", "next → 2", "return"], "left side's log");
  },
  "return() closes both sides, left then right, and only once": ({ zip }) => {
    const log: string[] = [];
    const left = probe([1, 2], { log, name: "left" });
    const right = probe([3, 4], { log, name: "right" });
    drive(zip(left, right), [1, "return", "return", 1]);
    assert.deepEqual(
      log,
      [
        "left open",
        "right open",
        "left next → 1",
        "right next → 3",
        "left return",
        "right return",
      ],
      "the calls both sides saw, in order, after next(), return(), return(), next()",
    );
  },
  "a for...of that breaks early closes both sides": ({ zip }) => {
    const left = probe("naturals");
    const right = probe("naturals");
    for (const [a] of zip(left, right)) if (a === 1) break;
    assert.equal(left.log.at(-1), "return", "left side's last call after break");
    assert.equal(right.log.at(-1), "return", "right side's last call after break");
  },
  "next() after the end stays done and pulls nothing": ({ zip }) => {
    const left = probe([1]);
    const right = probe<number>([]);
    const pairs = zip(left, right);
    const seen = drive(pairs, [1, 1, 1]);
    assert.deepEqual(seen, ["done", "done", "done"], "three next() calls on zip([1], [])");
    assert.deepEqual(left.log, ["open", "next → 1", "return"], "left side's log");
  },
  "the result is iterable: it[Symbol.iterator]() returns it": ({ zip }) => {
    const pairs = zip([1], [2]);
    assert.equal(pairs[Symbol.iterator](), pairs, "pairs[Symbol.iterator]()");
  },
  "zip agrees with the rules on generated sides that end, hold falsy values or fail anywhere": (
    { zip },
  ) =>
    explore({
      truth: "the rules",
      arbitrary: fc.record({
        left: someSource(undefined, { maxLength: 4 }),
        right: someSource(undefined, { maxLength: 4 }),
        pulls: somePulls(6),
      }),
      compare: ({ left, right, pulls }) =>
        differ(playZip(zip, left, right, pulls), playZip(zipByTheRules, left, right, pulls)),
      snippet: ({ left, right, pulls }, from) => [
        `import { zip } from "${from}";`,
        `import { playZip, zipByTheRules } from "./runner/grading/truths/zip.ts";`,
        `import type { Pull, SourceShape } from "./runner/grading/iterator_scripts.ts";`,
        `const left: SourceShape = ${literal(left)};`,
        `const right: SourceShape = ${literal(right)};`,
        `const pulls: Pull[] = ${literal(pulls)};`,
        `console.log("the rules:", playZip(zipByTheRules, left, right, pulls));`,
        `console.log("yours:    ", playZip(zip, left, right, pulls));`,
      ],
    }),
});
