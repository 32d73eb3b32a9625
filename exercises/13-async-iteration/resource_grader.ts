/**
 * Grader for 13-async-iteration/resource. Run it: `deno task grade 13-async-iteration/resource`.
 *
 * The backend is a fake that logs every call, and whose disconnect takes a
 * moment (`disconnect 1…` when it starts, `disconnected 1` when it is done).
 * A dispose that is not awaited shows up as the block's next step logged
 * before `disconnected`; a dispose that never runs shows up as no
 * `disconnect` at all. Everything is graded by the order of events.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import { explore } from "../../runner/grading/explore.ts";
import { withoutUnhandledRejections } from "../../runner/grading/awaitables.ts";
import { expectedUse, runUse, useCases, useSnippet } from "../../runner/grading/paged_backends.ts";
import type * as Exercise from "./resource.ts";

/** Let every pending callback run (one macrotask: all microtasks first). */
function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A fake backend over `pages`, logging each call. */
function backend(
  pages: string[][],
  options: { failPage?: number; failConnect?: boolean } = {},
): Exercise.Backend & { log: string[] } {
  const log: string[] = [];
  let ids = 0;
  return {
    log,
    async connect() {
      await tick();
      if (options.failConnect) {
        log.push("connect failed");
        throw new Error("connection refused");
      }
      const id = ++ids;
      log.push(`connect → ${id}`);
      return id;
    },
    async fetchPage(id, page) {
      log.push(`page ${page} on ${id}`);
      await tick();
      if (page === options.failPage) throw new Error(`page ${page} failed`);
      return pages[page] ?? [];
    },
    async disconnect(id) {
      log.push(`disconnect ${id}…`);
      await tick();
      log.push(`disconnected ${id}`);
    },
  };
}

const PAGES = [["ant", "bee"], ["cat"]];

/**
 * When both a block and its dispose throw, `await using` throws a
 * SuppressedError holding both; show the learner the dispose's own error.
 */
function plain<M>(check: (module: M) => Promise<void>): (module: M) => Promise<void> {
  return async (module) => {
    try {
      await check(module);
    } catch (error) {
      if (error instanceof Error && error.name === "SuppressedError") {
        throw (error as Error & { error: unknown }).error;
      }
      throw error;
    }
  };
}

export default defineGrader<typeof Exercise>({
  "await using a Connection disconnects at the end of the block, and waits for it": plain(async (
    { Connection },
  ) => {
    const b = backend(PAGES);
    {
      await using connection = await Connection.open(b);
      b.log.push(`rows ${(await connection.page(0)).join(",")}`);
    }
    b.log.push("after the block");
    assert.deepEqual(
      b.log,
      [
        "connect → 1",
        "page 0 on 1",
        "rows ant,bee",
        "disconnect 1…",
        "disconnected 1",
        "after the block",
      ],
      "events of one await using block (dispose must wait until the backend has disconnected)",
    );
  }),
  "a closed connection says so, refuses page(), and a second dispose does nothing": plain(async (
    { Connection },
  ) => {
    const b = backend(PAGES);
    const connection = await Connection.open(b);
    assert.equal(connection.closed, false, "closed, before dispose");
    await connection[Symbol.asyncDispose]();
    await connection[Symbol.asyncDispose]();
    assert.equal(connection.closed, true, "closed, after dispose");
    assert.deepEqual(
      b.log,
      ["connect → 1", "disconnect 1…", "disconnected 1"],
      "events of open, dispose, dispose",
    );
    let refused: Promise<string[]>;
    try {
      refused = connection.page(0);
    } catch (error) {
      throw new Mistake(
        `page(0) on a closed connection threw ${
          String(error)
        } at once, out of the call: page() returns a promise, so it must refuse with a rejected promise (Promise.reject, or throw inside an async method), never throw`,
      );
    }
    await assert.rejects(refused, /^Error: Cannot fetch page/, "page(0) on a closed connection");
  }),
  "when the block throws, the connection is closed before the error goes on": plain(async (
    { Connection },
  ) => {
    const b = backend(PAGES);
    const boom = new Error("bad row");
    try {
      await using _connection = await Connection.open(b);
      throw boom;
    } catch (error) {
      b.log.push(error === boom ? "caught the block's error" : `caught ${String(error)}`);
    }
    assert.deepEqual(
      b.log,
      ["connect → 1", "disconnect 1…", "disconnected 1", "caught the block's error"],
      "events when the block throws",
    );
  }),
  "rows() yields every row of every page, then disconnects": plain(async ({ rows }) => {
    const b = backend(PAGES);
    for await (const row of rows(b)) b.log.push(`got ${row}`);
    b.log.push("loop ended");
    assert.deepEqual(
      b.log,
      [
        "connect → 1",
        "page 0 on 1",
        "got ant",
        "got bee",
        "page 1 on 1",
        "got cat",
        "page 2 on 1",
        "disconnect 1…",
        "disconnected 1",
        "loop ended",
      ],
      "events of a loop over rows() to the end (a page is fetched only when its rows are needed)",
    );
  }),
  "rows() connects only when the first row is asked for": plain(async ({ rows }) => {
    const b = backend(PAGES);
    const it = rows(b);
    await tick();
    assert.deepEqual(b.log, [], "events after rows() is called, before next()");
    assert.deepEqual(await it.next(), { value: "ant", done: false }, "the first next()");
    assert.deepEqual(b.log, ["connect → 1", "page 0 on 1"], "events after the first next()");
    await it.return();
  }),
  "a loop over rows() that breaks early disconnects before the loop ends": plain(
    async ({ rows }) => {
      const b = backend(PAGES);
      for await (const row of rows(b)) {
        b.log.push(`got ${row}`);
        break;
      }
      b.log.push("loop ended");
      assert.deepEqual(
        b.log,
        ["connect → 1", "page 0 on 1", "got ant", "disconnect 1…", "disconnected 1", "loop ended"],
        "events when the consumer breaks after the first row: the connection must be closed before the loop ends",
      );
    },
  ),
  "a throw in the consumer's loop disconnects, and the consumer gets its own error": plain(async (
    { rows },
  ) => {
    const b = backend(PAGES);
    const boom = new Error("consumer gave up");
    try {
      for await (const row of rows(b)) {
        b.log.push(`got ${row}`);
        throw boom;
      }
    } catch (error) {
      b.log.push(error === boom ? "caught its own error" : `caught ${String(error)}`);
    }
    assert.deepEqual(
      b.log,
      [
        "connect → 1",
        "page 0 on 1",
        "got ant",
        "disconnect 1…",
        "disconnected 1",
        "caught its own error",
      ],
      "events when the consumer's loop body throws",
    );
  }),
  "a page that fails disconnects, then the error reaches the consumer": plain(async ({ rows }) => {
    const b = backend(PAGES, { failPage: 1 });
    try {
      for await (const row of rows(b)) b.log.push(`got ${row}`);
      throw new Mistake(
        "the loop over rows() ended normally although page 1 failed: pass the error on",
      );
    } catch (error) {
      if (error instanceof Mistake) throw error;
      b.log.push(`caught ${(error as Error).message}`);
    }
    assert.deepEqual(
      b.log,
      [
        "connect → 1",
        "page 0 on 1",
        "got ant",
        "got bee",
        "page 1 on 1",
        "disconnect 1…",
        "disconnected 1",
        "caught page 1 failed",
      ],
      "events when fetching page 1 fails",
    );
  }),
  "when connecting fails, nothing is disconnected and the error goes on": plain(
    async ({ rows }) => {
      const b = backend(PAGES, { failConnect: true });
      await assert.rejects(
        rows(b).next(),
        /connection refused/,
        "rows(b).next() when connect() fails",
      );
      assert.deepEqual(b.log, ["connect failed"], "events when connect() fails");
    },
  ),
  "Connection and rows() follow await using's rules on generated backends and uses: every way to stop, failing pages and disconnects, two things at once":
    (module) =>
      withoutUnhandledRejections(() =>
        explore({
          truth: "the rules of await using",
          arbitrary: useCases,
          compare: async (c) => {
            const truth = expectedUse(c);
            const yours = await runUse(module, c);
            return JSON.stringify(truth) === JSON.stringify(yours) ? undefined : {
              truth: truth.join(" | "),
              yours: yours.join(" | "),
              what: "what the backend saw and the consumer got, in order",
            };
          },
          snippet: useSnippet,
          runs: 150,
        })
      ),
});
