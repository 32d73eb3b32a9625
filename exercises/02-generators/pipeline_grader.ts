/**
 * Grader for 02-generators/pipeline. Run it: `deno task grade 02-generators/pipeline`.
 *
 * The source is a probe (an iterable that logs every call made on it), and
 * the consumer writes what it got into the same log, so one list shows the
 * order of everything: which chunk was read before which line came out,
 * and when the source was closed. Taps between the stages log the calls one
 * stage makes on the next, to see a close travel back to the source.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader } from "../../runner/grading/grader.ts";
import { probe } from "../../runner/grading/probes.ts";
import { differ, explore, fc } from "../../runner/grading/explore.ts";
import { literal, someSource } from "../../runner/grading/iterator_scripts.ts";
import {
  type Pattern,
  playPipeline,
  type Stage,
  type Stages,
  truthStages,
} from "../../runner/grading/truths/pipeline.ts";
import type * as Exercise from "./pipeline.ts";

/** Pull up to `count` values from `iterator`, logging `got "a"` or `done`. */
function pull<T>(iterator: Iterator<T>, count: number, log: string[]): void {
  for (let i = 0; i < count; i++) {
    const result = iterator.next();
    log.push(result.done ? "done" : `got ${Deno.inspect(result.value)}`);
    if (result.done) return;
  }
}

/** An iterable over `inner` that logs the calls made on it as `name next`, `name return`. */
function tap<T>(name: string, inner: Iterable<T>, log: string[]): Iterable<T> {
  return {
    [Symbol.iterator]() {
      const it = inner[Symbol.iterator]();
      return {
        next() {
          log.push(`${name} next`);
          return it.next();
        },
        return(value?: unknown) {
          log.push(`${name} return`);
          return it.return?.(value) ?? { value: undefined, done: true };
        },
      };
    },
  };
}

const all = <T>(iterable: Iterable<T>, limit = 50): T[] => {
  const out: T[] = [];
  for (const x of iterable) {
    if (out.length === limit) break;
    out.push(x);
  }
  return out;
};

/** Chunks that cut lines anywhere: letters, "ERROR", and newlines, empty ones too. */
const someChunk = fc.array(fc.constantFrom("a", "b", "E", "ERROR ", "a.b", "\n", "\n\n"), {
  maxLength: 4,
}).map((parts) => parts.join(""));

/** Lines as they come out of lines(), for a grep or head fed directly. */
const someLine = fc.constantFrom("", "a", "ab", "a.b", "ERROR a", "error b", "bE", "aa");

/** Patterns of every kind: strings with regex characters in them, and regexes with each flag. */
const somePattern: fc.Arbitrary<Pattern> = fc.oneof(
  fc.constantFrom("a", "", "E", "ERROR", "a.b", ".", "^a"),
  fc.record({
    regex: fc.constantFrom("a", "^a", "b$", "E", "a.b", "^$"),
    flags: fc.constantFrom("", "g", "y", "i", "m", "gi", "gy"),
  }),
);

/** Stages after lines(): greps and heads, with the counts Iterator.prototype.take cuts or refuses. */
const someStage: fc.Arbitrary<Stage> = fc.oneof(
  somePattern.map((grep): Stage => ({ grep })),
  fc.constantFrom(-1, 0, -0, 0.5, 1, 2, 2.5, 3, Infinity, NaN).map((head): Stage => ({ head })),
);

export default defineGrader<typeof Exercise>({
  "lines puts chunks back together: a line may span chunks, the last one needs no \\n": (
    { lines },
  ) => {
    const cases: string[][] = [["a\nb", "c\n", "d"], ["x\n\ny\n"], ["", "p", "", "q\n"], []];
    assert.deepEqual(
      cases.map((chunks) => all(lines(chunks))),
      [["a", "bc", "d"], ["x", "", "y"], ["pq"], []],
      `[...lines(chunks)] for chunks ${cases.map((c) => Deno.inspect(c)).join(", ")}`,
    );
  },

  "lines is lazy: nothing is read before next(), and a chunk only when no whole line waits": (
    { lines },
  ) => {
    const log: string[] = [];
    const source = probe(["a\nb\n", "c", "\n"], { log, name: "source" });
    const it = lines(source);
    assert.deepEqual(log, [], "the source's log right after lines(source): nothing read yet");
    pull(it, 5, log);
    assert.deepEqual(
      log,
      [
        "source open",
        'source next → "a\\nb\\n"',
        'got "a"',
        'got "b"',
        'source next → "c"',
        'source next → "\\n"',
        'got "c"',
        "source next → done",
        "done",
      ],
      "what the source and the consumer saw, in order, for five next() on lines(source)",
    );
  },

  "lines closes its source when it is closed early": ({ lines }) => {
    const source = probe(["a\nb\n", "c\n"]);
    const it = lines(source);
    it.next();
    it.return();
    assert.deepEqual(
      source.log,
      ["open", 'next → "a\\nb\\n"', "return"],
      "the source's log after next(), return() on lines(source): the source is closed",
    );
  },

  "grep keeps the lines that contain a string or match a RegExp": ({ grep }) => {
    const log = ["GET /a 200", "GET /b 404", "POST /a 500", "get /a 200"];
    assert.deepEqual(all(grep("/a", log)), [log[0], log[2], log[3]], 'grep("/a", lines)');
    assert.deepEqual(all(grep(/ [45]\d\d$/, log)), [log[1], log[2]], "grep(/ [45]\\d\\d$/, lines)");
    assert.deepEqual(all(grep(/^get/i, log)), [log[0], log[1], log[3]], "grep(/^get/i, lines)");
  },

  "grep tests a regex on every line from its start, whatever its flags (/g, /y)": ({ grep }) => {
    const lines = ["ab", "ab", "ba", "a"];
    assert.deepEqual(
      all(grep(/a/g, lines)),
      lines,
      'grep(/a/g, ["ab", "ab", "ba", "a"]): a /g regex remembers where its last match ended (lastIndex), which must not skip lines',
    );
    assert.deepEqual(
      all(grep(/a/y, lines)),
      ["ab", "ab", "a"],
      'grep(/a/y, ["ab", "ab", "ba", "a"]): a sticky regex matches at the start of each line',
    );
  },

  "grep is lazy: each next() reads only as far as the next match": ({ grep }) => {
    const log: string[] = [];
    const source = probe(["ok 1", "ERROR a", "ok 2", "ok 3", "ERROR b", "ok 4"], {
      log,
      name: "source",
    });
    const it = grep("ERROR", source);
    assert.deepEqual(log, [], "the source's log right after grep(...): nothing read yet");
    pull(it, 2, log);
    it.return();
    assert.deepEqual(
      log,
      [
        "source open",
        'source next → "ok 1"',
        'source next → "ERROR a"',
        'got "ERROR a"',
        'source next → "ok 2"',
        'source next → "ok 3"',
        'source next → "ERROR b"',
        'got "ERROR b"',
        "source return",
      ],
      'what the source and the consumer saw, in order, for next(), next(), return() on grep("ERROR", source)',
    );
  },

  "head(n) gives n items, then closes its source without pulling again": ({ head }) => {
    const log: string[] = [];
    pull(head(2, probe("naturals", { log, name: "source" })), 4, log);
    assert.deepEqual(
      log,
      [
        "source open",
        "source next → 0",
        "got 0",
        "source next → 1",
        "got 1",
        "source return",
        "done",
      ],
      "what the source and the consumer saw, in order, for four next() on head(2, naturals)",
    );
  },

  "head stops at a short source, and head(0) opens nothing": ({ head }) => {
    const log: string[] = [];
    pull(head(5, probe([7], { log, name: "source" })), 3, log);
    assert.deepEqual(
      log,
      ["source open", "source next → 7", "got 7", "source next → done", "done"],
      "what the source and the consumer saw for three next() on head(5, [7])",
    );
    const zero: string[] = [];
    pull(head(0, probe("naturals", { log: zero, name: "source" })), 2, zero);
    assert.deepEqual(zero, ["done"], "what the source and the consumer saw for head(0, naturals)");
  },

  "head counts by the whole part of n, as Iterator.prototype.take does, and below 1 opens nothing":
    ({ head }) => {
      const run = (n: number) => {
        const log: string[] = [];
        pull(head(n, probe(["a", "b", "c"], { log, name: "source" })), 4, log);
        return log;
      };
      const upTo = (count: number) => [
        "source open",
        ...["a", "b", "c"].slice(0, count).flatMap((x) => [`source next → "${x}"`, `got "${x}"`]),
      ];
      assert.deepEqual(
        run(2.5),
        [...upTo(2), "source return", "done"],
        'what the source and the consumer saw for four next() on head(2.5, ["a", "b", "c"]): 2.5 counts as 2',
      );
      for (const n of [0.5, NaN]) {
        assert.deepEqual(
          run(n),
          ["done"],
          `what the source and the consumer saw for head(${n}, ["a", "b", "c"]): nothing wanted, nothing opened`,
        );
      }
      assert.deepEqual(
        run(Infinity),
        [...upTo(3), "source next → done", "done"],
        'what the source and the consumer saw for four next() on head(Infinity, ["a", "b", "c"])',
      );
    },

  "the chain head(2, grep(..., lines(chunks))) is lazy end to end, and closes the source": (
    { lines, grep, head },
  ) => {
    const log: string[] = [];
    const chunks = ["ok 1\nERR", "OR a\nok 2\n", "ERROR b\nERROR c\n", "never read\n"];
    const errors = head(2, grep("ERROR", lines(probe(chunks, { log, name: "source" }))));
    assert.deepEqual(log, [], "the source's log right after building the chain");
    pull(errors, 3, log);
    assert.deepEqual(
      log,
      [
        "source open",
        'source next → "ok 1\\nERR"',
        'source next → "OR a\\nok 2\\n"',
        'got "ERROR a"',
        'source next → "ERROR b\\nERROR c\\n"',
        'got "ERROR b"',
        "source return",
        "done",
      ],
      "what the source and the consumer saw, in order, for three next() on the chain",
    );
  },

  "a break closes every stage, nearest first, back to the source": ({ lines, grep, head }) => {
    const log: string[] = [];
    const source = probe(["ERROR a\n", "ERROR b\n", "ERROR c\n"], { log, name: "source" });
    const chain = head(
      10,
      tap("grep", grep("ERROR", tap("lines", lines(source), log)), log),
    );
    for (const line of chain) {
      log.push(`got ${Deno.inspect(line)}`);
      break;
    }
    assert.deepEqual(
      log.filter((line) => line.includes("return") || line.startsWith("got")),
      ['got "ERROR a"', "grep return", "lines return", "source return"],
      "the returns each stage saw after a for...of over head(10, grep(..., lines(source))) broke on its first line",
    );
  },

  "lines, grep and head, chained, agree with iterator helpers on generated chunks, patterns and counts":
    (module) =>
      explore({
        truth: "the same stages made of iterator helpers",
        arbitrary: fc.oneof(
          fc.record({
            raw: fc.constant(false),
            shape: someSource(someChunk),
            stages: fc.array(someStage, { maxLength: 3 }),
            pulls: fc.nat(6),
            close: fc.boolean(),
          }),
          fc.record({
            raw: fc.constant(true),
            shape: someSource(someLine),
            stages: fc.array(someStage, { minLength: 1, maxLength: 3 }),
            pulls: fc.nat(6),
            close: fc.boolean(),
          }),
        ),
        compare: ({ raw, shape, stages, pulls, close }) =>
          differ(
            playPipeline(module as unknown as Stages, shape, stages, pulls, { raw, close }),
            playPipeline(truthStages, shape, stages, pulls, { raw, close }),
            "what the source saw and the consumer got, in order",
          ),
        snippet: ({ raw, shape, stages, pulls, close }, from) => [
          `import * as yours from "${from}";`,
          `import { playPipeline, type Stage, type Stages, truthStages } from "./runner/grading/truths/pipeline.ts";`,
          `import type { SourceShape } from "./runner/grading/iterator_scripts.ts";`,
          `const source: SourceShape = ${literal(shape)};`,
          `const stages: Stage[] = ${literal(stages)}; // after ${
            raw ? "the source itself (no lines())" : "lines(source)"
          }`,
          `const options = ${literal({ raw, close })}; // ${pulls} next(), then return() if close`,
          `console.log("iterator helpers:", playPipeline(truthStages, source, stages, ${pulls}, options));`,
          `console.log("yours:           ", playPipeline(yours as unknown as Stages, source, stages, ${pulls}, options));`,
        ],
      }),
});
