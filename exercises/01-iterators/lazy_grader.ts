/**
 * Grader for 01-iterators/lazy. Run it: `deno task grade 01-iterators/lazy`.
 *
 * Side by side: each check runs your `map`, `filter` or `take` and
 * JavaScript's own iterator helper on identical probes (iterables that log
 * every call), drives both with the same script, and compares everything
 * both the source and the consumer saw. Any difference (a pull too many, a
 * missing `return()`, work done too early) shows up in the two logs.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader } from "../../runner/grading/grader.ts";
import { differ, explore, fc, observe } from "../../runner/grading/explore.ts";
import { drive, probe } from "../../runner/grading/probes.ts";
import {
  literal,
  somePulls,
  someSource,
  sometimes,
} from "../../runner/grading/iterator_scripts.ts";
import { builtInChain, type Fn, type Op, playChain } from "../../runner/grading/truths/lazy.ts";
import type * as Exercise from "./lazy.ts";

type Values = readonly number[] | "naturals";
type Build = (source: Iterable<number>) => Iterator<unknown>;

/**
 * Run `script` on yours and on the built-in over the same values, and
 * compare what the source and the consumer saw.
 */
function sideBySide(
  what: string,
  values: Values,
  yours: Build,
  builtIn: Build,
  script: (number | "return")[],
) {
  const run = (build: Build) => {
    const source = probe(values);
    const iterator = build(source);
    const afterCreate = [...source.log];
    const consumer = drive(iterator, script);
    return { "source log right after the call": afterCreate, "source log": source.log, consumer };
  };
  assert.deepEqual(
    run(yours),
    run(builtIn),
    `${what}, driven with [${script.join(", ")}], should match the built-in helper`,
  );
}

const tenTimes = (x: number) => x * 10;
const isEven = (x: number) => x % 2 === 0;
const boomAt = (bad: number) => (x: number) => {
  if (x === bad) throw new Error(`boom at ${bad}`);
  return x;
};
const evenUnless = (bad: number) => (x: number) => boomAt(bad)(x) % 2 === 0;

/** A function for map or filter: one that throws at some index, or a filter rule. */
const someFn: fc.Arbitrary<Fn> = fc.record({
  rule: fc.constantFrom<Fn["rule"]>("value", "odd index", "all", "none"),
  throwsAt: sometimes(fc.nat(3), 0.3),
}).map(({ rule, throwsAt }) => (throwsAt === undefined ? { rule } : { rule, throwsAt }));

/** One step of a chain; take's limits include the fractions and NaN the built-in truncates or refuses. */
const someOp: fc.Arbitrary<Op> = fc.oneof(
  someFn.map((fn): Op => ({ op: "map", fn: { throwsAt: fn.throwsAt } })),
  someFn.map((fn): Op => ({ op: "filter", fn })),
  fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom(-1, 0.5, 2.5, -0, NaN, Infinity))
    .map((limit): Op => ({ op: "take", limit })),
);

export default defineGrader<typeof Exercise>({
  "map gives f of each value, lazily, one pull per next()": ({ map }) => {
    sideBySide(
      "map(naturals, x => x * 10)",
      "naturals",
      (s) => map(s, tenTimes),
      (s) => Iterator.from(s).map(tenTimes),
      [3],
    );
    sideBySide(
      "map([1, 2], x => x * 10)",
      [1, 2],
      (s) => map(s, tenTimes),
      (s) => Iterator.from(s).map(tenTimes),
      [5],
    );
  },
  "map passes the index as the second argument": ({ map }) => {
    assert.deepEqual(
      [...map(["a", "b"], (x, i) => `${x}${i}`)],
      ["a0", "b1"],
      "[...map(['a', 'b'], (x, i) => x + i)]",
    );
  },
  "map closes its source on return(), and a later next() pulls nothing": ({ map }) => {
    sideBySide(
      "map(naturals, x => x * 10)",
      "naturals",
      (s) => map(s, tenTimes),
      (s) => Iterator.from(s).map(tenTimes),
      [1, "return", 1],
    );
  },
  "map closes its source when f throws, and passes the error on": ({ map }) => {
    sideBySide(
      "map([1, 2, 3], throws at 2)",
      [1, 2, 3],
      (s) => map(s, boomAt(2)),
      (s) => Iterator.from(s).map(boomAt(2)),
      [3, 1],
    );
  },
  "filter pulls only as far as the next kept value": ({ filter }) => {
    sideBySide(
      "filter(naturals, isEven)",
      "naturals",
      (s) => filter(s, isEven),
      (s) => Iterator.from(s).filter(isEven),
      [3],
    );
    sideBySide(
      "filter([1, 3, 5], isEven)",
      [1, 3, 5],
      (s) => filter(s, isEven),
      (s) => Iterator.from(s).filter(isEven),
      [2],
    );
  },
  "filter closes its source on return() and when keep throws": ({ filter }) => {
    sideBySide(
      "filter(naturals, isEven)",
      "naturals",
      (s) => filter(s, isEven),
      (s) => Iterator.from(s).filter(isEven),
      [1, "return", 1],
    );
    sideBySide(
      "filter([1, 2, 3], throws at 3)",
      [1, 2, 3],
      (s) => filter(s, evenUnless(3)),
      (s) => Iterator.from(s).filter(evenUnless(3)),
      [3],
    );
  },
  "take(n) gives n values from an endless source, pulling exactly n": ({ take }) => {
    sideBySide(
      "take(naturals, 3)",
      "naturals",
      (s) => take(s, 3),
      (s) => Iterator.from(s).take(3),
      [3],
    );
  },
  "take closes its source once the count is spent, without pulling again": ({ take }) => {
    sideBySide(
      "take(naturals, 2)",
      "naturals",
      (s) => take(s, 2),
      (s) => Iterator.from(s).take(2),
      [4],
    );
    sideBySide(
      "take(naturals, 0)",
      "naturals",
      (s) => take(s, 0),
      (s) => Iterator.from(s).take(0),
      [2],
    );
  },
  "take stops at a short source and closes on return()": ({ take }) => {
    sideBySide("take([1], 5)", [1], (s) => take(s, 5), (s) => Iterator.from(s).take(5), [3]);
    sideBySide(
      "take(naturals, 5)",
      "naturals",
      (s) => take(s, 5),
      (s) => Iterator.from(s).take(5),
      [1, "return", 1],
    );
  },
  "take refuses a negative or NaN limit with a RangeError": ({ take }) => {
    assert.throws(() => take([1], -1), RangeError, "take([1], -1)");
    assert.throws(() => take([1], NaN), RangeError, "take([1], NaN)");
  },
  "a chain is lazy end to end: take(map(filter(naturals))) pulls only what it needs": (
    { map, filter, take },
  ) => {
    sideBySide(
      "take(map(filter(naturals, isEven), x => x * 10), 2)",
      "naturals",
      (s) => take(map(filter(s, isEven), tenTimes), 2),
      (s) => Iterator.from(s).filter(isEven).map(tenTimes).take(2),
      [3],
    );
  },
  "the results are iterable: for...of and spread accept them": ({ map, filter, take }) => {
    assert.deepEqual([...map([1], tenTimes)], [10], "[...map([1], x => x * 10)]");
    assert.deepEqual([...filter([1, 2], isEven)], [2], "[...filter([1, 2], isEven)]");
    assert.deepEqual([...take([1, 2], 1)], [1], "[...take([1, 2], 1)]");
  },
  "take agrees with Iterator.prototype.take on generated sources, limits and scripts": ({ take }) =>
    explore({
      truth: "the built-in",
      arbitrary: fc.record({
        values: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 6 }),
        limit: fc.oneof(
          fc.integer({ min: -2, max: 8 }),
          // Not above 2 ** 53 - 1: V8 refuses those finite limits, which the spec allows.
          fc.constantFrom(0.5, 2.5, -0.5, Infinity, NaN, -0, 2 ** 53 - 1),
        ),
        script: fc.array(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant("return" as const)), {
          minLength: 1,
          maxLength: 4,
        }),
      }),
      compare: ({ values, limit, script }) => {
        const run = (build: Build) =>
          observe(() => {
            const source = probe(values);
            const consumer = drive(build(source), script);
            return { consumer, "source log": source.log };
          }, { messages: false });
        return differ(
          run((s) => take(s, limit)),
          run((s) => Iterator.from(s).take(limit)),
        );
      },
      snippet: ({ values, limit, script }, from) => [
        `import { take } from "${from}";`,
        `import { drive, probe } from "./runner/grading/probes.ts";`,
        `const script = ${JSON.stringify(script)} as (number | "return")[];`,
        `for (const [who, build] of [`,
        `  ["the built-in", (s: Iterable<number>) => Iterator.from(s).take(${limit})],`,
        `  ["yours", (s: Iterable<number>) => take(s, ${limit})],`,
        `] as const) {`,
        `  const source = probe(${JSON.stringify(values)});`,
        `  try {`,
        `    console.log(who, drive(build(source), script), source.log);`,
        `  } catch (error) {`,
        `    console.log(who, "threw", String(error));`,
        `  }`,
        `}`,
      ],
    }),
  "map, filter and take, alone and chained, agree with the built-in helpers on generated sources, functions and scripts":
    (helpers) =>
      explore({
        truth: "the built-in helpers",
        arbitrary: fc.record({
          shape: someSource(),
          ops: fc.array(someOp, { minLength: 1, maxLength: 3 }),
          pulls: somePulls(),
        }),
        compare: ({ shape, ops, pulls }) =>
          differ(playChain(helpers, shape, ops, pulls), playChain(builtInChain, shape, ops, pulls)),
        snippet: ({ shape, ops, pulls }, from) => [
          `import { map, filter, take } from "${from}";`,
          `import { builtInChain, type Op, playChain } from "./runner/grading/truths/lazy.ts";`,
          `import type { Pull, SourceShape } from "./runner/grading/iterator_scripts.ts";`,
          `const source: SourceShape = ${literal(shape)};`,
          `const ops: Op[] = ${literal(ops)};`,
          `const pulls: Pull[] = ${literal(pulls)};`,
          `console.log("the built-in helpers:", playChain(builtInChain, source, ops, pulls));`,
          `console.log("yours:               ", playChain({ map, filter, take }, source, ops, pulls));`,
        ],
      }),
});
