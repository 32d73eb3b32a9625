/**
 * Grader for 13-async-iteration/lines. Run it: `deno task grade 13-async-iteration/lines`.
 *
 * Every check feeds `lines` a stream built here, whose chunks are cut where
 * a careless reader breaks: inside a line, inside a UTF-8 character, just
 * before the end. The stream logs each `pull` (a chunk read) and `cancel`,
 * so laziness and early cancellation are graded by the order of events.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import { explore } from "../../runner/grading/explore.ts";
import { withoutUnhandledRejections } from "../../runner/grading/awaitables.ts";
import {
  expectedLog,
  linesSnippet,
  readLines,
  streamCases,
} from "../../runner/grading/byte_streams.ts";
import type * as Exercise from "./lines.ts";

const encoder = new TextEncoder();

/** A pull-only stream over `chunks` that logs `pull N` and `cancel`. */
function stream(
  chunks: (string | number[])[],
  log: string[] = [],
  options: { fail?: Error } = {},
): ReadableStream<Uint8Array> {
  let pulls = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      log.push(`pull ${pulls}`);
      const chunk = chunks[pulls - 1];
      if (chunk !== undefined) {
        controller.enqueue(
          typeof chunk === "string" ? encoder.encode(chunk) : new Uint8Array(chunk),
        );
      } else if (options.fail) controller.error(options.fail);
      else controller.close();
    },
    cancel() {
      log.push("cancel");
    },
  }, { highWaterMark: 0 }); // Why: no read-ahead, so every pull is one the reader asked for
}

/** `text` as UTF-8, one byte per chunk. */
function bytewise(text: string): number[][] {
  return [...encoder.encode(text)].map((byte) => [byte]);
}

/** Read every line, with a bound so a reader that never ends cannot hang the check. */
async function readAll(source: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of source) {
    out.push(line);
    if (out.length > 100) {
      throw new Mistake("more than 100 lines from a short stream: a loop that never ends?");
    }
  }
  return out;
}

export default defineGrader<typeof Exercise>({
  "splits lines at \\n, also when a line is cut across chunks": async ({ lines }) => {
    const got = await readAll(lines(stream(["ab", "c\nde", "f\n\ng\n"])));
    assert.deepEqual(got, ["abc", "def", "", "g"], 'lines of chunks "ab", "c\\nde", "f\\n\\ng\\n"');
  },
  "keeps a character whole when a chunk ends inside it (no split multi-byte character)": async (
    { lines },
  ) => {
    const text = "café 🦆\nnaïve\n";
    const got = await readAll(lines(stream(bytewise(text))));
    assert.deepEqual(
      got,
      ["café 🦆", "naïve"],
      `lines of ${
        JSON.stringify(text)
      } sent one byte per chunk: é is 2 bytes and 🦆 is 4, so chunks end inside a multi-byte character`,
    );
    const duck = [...encoder.encode("🦆")];
    const split = await readAll(
      lines(stream([[...encoder.encode("a"), ...duck.slice(0, 3)], [...duck.slice(3), 10]])),
    );
    assert.deepEqual(
      split,
      ["a🦆"],
      'lines of two chunks that cut a 4-byte character after 3 bytes ("a🦆\\n")',
    );
  },
  "gives the last line even when no newline ends it": async ({ lines }) => {
    const got = await readAll(lines(stream(["one\ntw", "o"])));
    assert.deepEqual(got, ["one", "two"], 'lines of "one\\ntwo": the last line has no "\\n"');
  },
  "adds no empty line at the end, and an empty stream has no lines": async ({ lines }) => {
    assert.deepEqual(await readAll(lines(stream(["x\n"]))), ["x"], 'lines of "x\\n"');
    assert.deepEqual(await readAll(lines(stream([]))), [], "lines of an empty stream");
  },
  "drops the \\r of \\r\\n line ends": async ({ lines }) => {
    const got = await readAll(lines(stream(["a\r", "\nb\r\n"])));
    assert.deepEqual(got, ["a", "b"], 'lines of "a\\r\\nb\\r\\n" cut between \\r and \\n');
  },
  "is lazy: reads a chunk only when a line is asked for and none is left": async ({ lines }) => {
    const log: string[] = [];
    const it = lines(stream(["1\n2\n", "3\n"], log));
    await Promise.resolve();
    assert.deepEqual(log, [], "chunks read before the first next()");
    assert.deepEqual(await it.next(), { value: "1", done: false }, "first next()");
    assert.deepEqual(log, ["pull 1"], "chunks read after the first line");
    assert.deepEqual(await it.next(), { value: "2", done: false }, "second next()");
    assert.deepEqual(
      log,
      ["pull 1"],
      "chunks read after the second line (it was in the first chunk)",
    );
    assert.deepEqual(await it.next(), { value: "3", done: false }, "third next()");
    assert.deepEqual(log, ["pull 1", "pull 2"], "chunks read after the third line");
    await it.return();
  },
  "a loop that breaks early cancels the stream": async ({ lines }) => {
    const log: string[] = [];
    const source = stream(["a\nb\n", "c\n"], log);
    for await (const line of lines(source)) {
      log.push(`got ${line}`);
      break;
    }
    log.push("after the loop");
    assert.deepEqual(
      log,
      ["pull 1", "got a", "cancel", "after the loop"],
      "events when a for await loop breaks after the first line: the stream must be cancelled before the loop ends",
    );
    assert.equal(source.locked, false, "source.locked after the loop (release the reader's lock)");
  },
  "a stream read to its end is released, not cancelled": async ({ lines }) => {
    const log: string[] = [];
    const source = stream(["a\n"], log);
    await readAll(lines(source));
    assert.deepEqual(log, ["pull 1", "pull 2"], "events of a stream read to its end");
    assert.equal(source.locked, false, "source.locked after the loop (release the reader's lock)");
  },
  "an error of the stream reaches the consumer, after the lines before it": async ({ lines }) => {
    const boom = new Error("connection reset");
    const got: string[] = [];
    let caught: unknown;
    try {
      for await (const line of lines(stream(["a\nb"], [], { fail: boom }))) got.push(line);
    } catch (error) {
      caught = error;
    }
    assert.deepEqual(got, ["a"], "lines before the error");
    if (caught !== boom) {
      throw new Mistake(
        `the stream failed with Error("connection reset"), but the loop ${
          caught === undefined ? "ended normally" : `threw ${String(caught)}`
        }: pass the stream's own error on`,
      );
    }
  },
  "lines agrees with the native TextDecoder on generated streams: any text cut at any byte, streams that fail, consumers that stop early":
    ({ lines }) =>
      withoutUnhandledRejections(() =>
        explore({
          truth: "the expected reader",
          arbitrary: streamCases,
          compare: async (c) => {
            const truth = expectedLog(c);
            const yours = await readLines(lines, c);
            return JSON.stringify(truth) === JSON.stringify(yours) ? undefined : {
              truth: truth.join(" | "),
              yours: yours.join(" | "),
              what: "what was pulled, read and cancelled, in order",
            };
          },
          snippet: linesSnippet,
          runs: 200,
        })
      ),
});
