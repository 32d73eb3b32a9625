/**
 * Grader for 14-structured-concurrency/fetch_all. Run it:
 * `deno task grade 14-structured-concurrency/fetch_all`.
 *
 * Every check starts the lesson's animals server on 127.0.0.1 and closes it
 * at the end. The server decides how long each request takes (from its
 * query string: `delay`, `fail`, `hang`, `meet`, `until`), counts the
 * requests in flight, and logs what it saw in order (`start cow`,
 * `done cow`, `abort owl`). So concurrency, cancellation and the timeout
 * are graded by what the server saw and in which order, never by timing the
 * learner's code. Leftover timers and connections are caught by the runner:
 * the grading process must end by itself.
 *
 * @module
 */

import assert from "node:assert/strict";
import { defineGrader, Mistake } from "../../runner/grading/grader.ts";
import {
  type AnimalsServer,
  startAnimals,
} from "../../lessons/14-structured-concurrency/animals_server.ts";
import { explore } from "../../runner/grading/explore.ts";
import { withoutUnhandledRejections } from "../../runner/grading/awaitables.ts";
import { batchCases, batchSnippet, refusedUrl, runBatch } from "../../runner/grading/http_stage.ts";
import type * as Exercise from "./fetch_all.ts";

/** The `animal` field of each JSON body. */
function animals(bodies: string[]): string[] {
  return bodies.map((body) => {
    try {
      return (JSON.parse(body) as { animal: string }).animal;
    } catch {
      return `(not JSON: ${JSON.stringify(body)})`;
    }
  });
}

/**
 * How `promise` ended: `{ value }`, `{ error }`, or `"pending"` if it has not
 * settled after `ms` (a bound for wrong code, so a check fails instead of hanging).
 */
async function outcome<T>(
  promise: Promise<T>,
  ms = 3000, // ample on localhost, even on a loaded machine
): Promise<{ value: T } | { error: unknown } | "pending"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<"pending">((resolve) =>
    timer = setTimeout(() => resolve("pending"), ms)
  );
  try {
    return await Promise.race([
      promise.then((value) => ({ value }), (error) => ({ error })),
      limit,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Run `check` with a fresh server, closed afterwards whatever happens. */
function withServer<M>(
  check: (module: M, server: AnimalsServer) => Promise<void>,
): (module: M) => Promise<void> {
  return async (module) => {
    await using server = startAnimals();
    await check(module, server);
  };
}

export default defineGrader<typeof Exercise>({
  "returns every body, in the order of the urls (not the order they finish)": withServer(
    async ({ fetchAll }, server) => {
      const urls = ["cow?delay=60", "pig?delay=5", "duck?delay=30"].map((u) =>
        `${server.url}/animals/${u}`
      );
      // A generous timeout, never reached: its timer must not outlive the batch.
      const bodies = await fetchAll(urls, { concurrency: 3, timeoutMs: 5000 });
      assert.deepEqual(
        animals(bodies),
        ["cow", "pig", "duck"],
        "animals of the bodies fetchAll returned",
      );
    },
  ),
  "checks its concurrency, and fetches nothing for no urls": withServer(
    async ({ fetchAll }, server) => {
      assert.deepEqual(
        await fetchAll([], { concurrency: 2 }),
        [],
        "fetchAll([], { concurrency: 2 })",
      );
      await assert.rejects(
        fetchAll([`${server.url}/animals/cow`], { concurrency: 0 }),
        RangeError,
        "fetchAll(urls, { concurrency: 0 }) must reject with a RangeError",
      );
      assert.deepEqual(server.events, [], "what the server saw");
    },
  ),
  "never has more than `concurrency` requests in flight": withServer(
    async ({ fetchAll }, server) => {
      const urls = Array.from({ length: 8 }, (_, i) => `${server.url}/animals/dog${i}?delay=10`);
      const bodies = await fetchAll(urls, { concurrency: 3 });
      assert.equal(bodies.length, 8, "number of bodies");
      if (server.maxInFlight > 3) {
        throw new Mistake(
          `${server.maxInFlight} requests were in flight at once with concurrency 3: start a request only when fewer than 3 are running`,
        );
      }
    },
  ),
  "runs `concurrency` requests at once": withServer(async ({ fetchAll }, server) => {
    // Each request waits on the server until 3 are in flight together (or 1 s).
    const urls = ["cat", "cow", "pig"].map((a) => `${server.url}/animals/${a}?meet=3`);
    await fetchAll(urls, { concurrency: 3 });
    assert.equal(
      server.maxInFlight,
      3,
      "the most requests in flight at once, with concurrency 3 and 3 urls",
    );
  }),
  "reuses a free slot as soon as any request ends, not when a whole wave ends": withServer(
    async ({ fetchAll }, server) => {
      // The cow's answer waits until the duck's request has started (or 1 s).
      const urls = ["cow?until=duck", "pig", "duck"].map((u) => `${server.url}/animals/${u}`);
      await fetchAll(urls, { concurrency: 2 });
      const events = server.events.filter((e) => e === "start duck" || e === "done cow");
      assert.deepEqual(
        events,
        ["start duck", "done cow"],
        "with concurrency 2, the pig ends first, and its slot must go to the duck while the cow is still running: a free slot must be used again as soon as any request ends",
      );
    },
  ),
  "a failing response rejects the batch with an error naming it": withServer(
    async ({ fetchAll }, server) => {
      const urls = ["cow", "pig?fail", "duck"].map((u) => `${server.url}/animals/${u}`);
      const result = await outcome(fetchAll(urls, { concurrency: 1 }));
      if (result === "pending" || "value" in result) {
        throw new Mistake(
          `fetchAll ${result === "pending" ? "is still pending" : "resolved"} although ${
            urls[1]
          } answered 500: a failure must reject the batch`,
        );
      }
      const message = String((result.error as Error)?.message ?? result.error);
      assert.ok(
        message.includes("/animals/pig") && message.includes("500"),
        `the error must name the url and the status 500, but its message is ${
          JSON.stringify(message)
        }`,
      );
      assert.ok(
        !server.events.includes("start duck"),
        "no request may start after a failure, yet the duck's did",
      );
    },
  ),
  "the first failure aborts the requests in flight": withServer(async ({ fetchAll }, server) => {
    const urls = ["owl?hang", "pig?fail&delay=20", "cat?hang"].map((u) =>
      `${server.url}/animals/${u}`
    );
    const result = await outcome(fetchAll(urls, { concurrency: 3 }));
    if (result === "pending" || "value" in result) {
      throw new Mistake(
        `fetchAll ${
          result === "pending" ? "is still pending" : "resolved"
        } after the pig's request failed, while the owl's and the cat's hang: the first failure must abort the others and reject`,
      );
    }
    for (const animal of ["owl", "cat"]) {
      if (!await server.seen(`abort ${animal}`)) {
        throw new Mistake(
          `the batch rejected, but the server never saw the ${animal}'s request aborted: on the first failure, abort every request still in flight`,
        );
      }
    }
  }),
  "a request that fails without a response (a refused connection) fails the batch just the same":
    withServer(
      async ({ fetchAll }, server) => {
        // The owl hangs; the cow answers once the owl's request has started;
        // then the cat's connection is refused, with the owl still in flight.
        const refused = `${refusedUrl()}/animals/cat`;
        const urls = [
          `${server.url}/animals/owl?hang`,
          `${server.url}/animals/cow?until=owl`,
          refused,
        ];
        const result = await outcome(fetchAll(urls, { concurrency: 2 }));
        if (result === "pending" || "value" in result) {
          throw new Mistake(
            `fetchAll ${
              result === "pending" ? "is still pending 3 s later" : "resolved"
            } after the connection to ${refused} was refused, while the owl's request hangs: a fetch that rejects (a refused or reset connection, a body that cannot be read) is a failure like a bad status. Abort the batch with its error, so the other requests stop too`,
          );
        }
        if (!await server.seen("abort owl")) {
          throw new Mistake(
            "the batch rejected after a refused connection, but the owl's request was never aborted: every failure aborts the requests in flight, not only a bad status",
          );
        }
        const error = result.error as Error;
        assert.ok(
          error instanceof TypeError || String(error?.message).includes(refused),
          `the batch must reject with the error fetch gave for the refused url (a TypeError) or an Error naming the url, not ${
            String(error)
          }`,
        );
      },
    ),
  "the timeout aborts the requests still running, and rejects with a TimeoutError": withServer(
    async ({ fetchAll }, server) => {
      const urls = ["cow", "owl?hang"].map((u) => `${server.url}/animals/${u}`);
      // 250 ms: time enough for the cow's quick answer on a loaded machine.
      const result = await outcome(fetchAll(urls, { concurrency: 2, timeoutMs: 250 }));
      if (result === "pending" || "value" in result) {
        throw new Mistake(
          `fetchAll with timeoutMs 250 ${
            result === "pending" ? "was still pending 3 s later" : "resolved"
          } while the owl's request hangs: when the time is up, reject`,
        );
      }
      assert.equal(
        (result.error as Error)?.name,
        "TimeoutError",
        "the name of the error fetchAll rejected with",
      );
      if (!await server.seen("abort owl")) {
        throw new Mistake(
          "fetchAll rejected with a TimeoutError, but the server never saw the owl's request aborted: a timeout must abort the requests, not just stop waiting for them",
        );
      }
      assert.ok(
        server.events.includes("done cow"),
        `the cow's request had time to finish before the timeout, yet the server saw ${
          JSON.stringify(server.events)
        }`,
      );
    },
  ),
  "the timeout bounds the whole batch, not each request": withServer(
    async ({ fetchAll }, server) => {
      // Fifteen requests of 100 ms one after the other: each is far within
      // 1000 ms (a timeout per request fires only if one request stalls for
      // 900 ms; at 400 ms, stalls of a loaded machine let that variant pass),
      // while the batch of 1,500 ms and more is not.
      const urls = Array.from(
        { length: 15 },
        (_, i) => `${server.url}/animals/${["cow", "pig", "duck"][i % 3]}${i}?delay=100`,
      );
      const result = await outcome(fetchAll(urls, { concurrency: 1, timeoutMs: 1000 }));
      if (result !== "pending" && "value" in result) {
        throw new Mistake(
          "fetchAll resolved though the fifteen 100 ms requests, one at a time, took longer than timeoutMs 1000 together: the timeout bounds the whole batch (one deadline for all), not each request on its own",
        );
      }
      assert.ok(
        result !== "pending" && (result.error as Error)?.name === "TimeoutError",
        "the batch must reject with a TimeoutError",
      );
    },
  ),
  "the caller's signal aborts the batch, with its reason": withServer(
    async ({ fetchAll }, server) => {
      const controller = new AbortController();
      const urls = ["owl?hang", "cat?hang"].map((u) => `${server.url}/animals/${u}`);
      const batch = outcome(fetchAll(urls, { concurrency: 2, signal: controller.signal }));
      if (!await server.seen("start cat")) {
        throw new Mistake("the cat's request never reached the server");
      }
      const stop = new Error("the user pressed stop");
      controller.abort(stop);
      const result = await batch;
      if (result === "pending" || "value" in result) {
        throw new Mistake(
          `fetchAll ${
            result === "pending" ? "is still pending" : "resolved"
          } after its signal was aborted`,
        );
      }
      assert.equal(result.error, stop, "fetchAll must reject with the signal's reason");
      for (const animal of ["owl", "cat"]) {
        if (!await server.seen(`abort ${animal}`)) {
          throw new Mistake(
            `the server never saw the ${animal}'s request aborted after the signal was aborted`,
          );
        }
      }
    },
  ),
  "an already-aborted signal starts nothing and rejects with its reason, even with no urls":
    withServer(async ({ fetchAll }, server) => {
      const stop = new Error("too late");
      const result = await outcome(
        fetchAll([`${server.url}/animals/cow`], {
          concurrency: 1,
          signal: AbortSignal.abort(stop),
        }),
      );
      assert.ok(
        result !== "pending" && "error" in result && result.error === stop,
        "fetchAll must reject with the signal's reason",
      );
      assert.deepEqual(server.events, [], "what the server saw");
      const none = await outcome(fetchAll([], { concurrency: 1, signal: AbortSignal.abort(stop) }));
      if (none === "pending" || !("error" in none) || none.error !== stop) {
        throw new Mistake(
          `fetchAll([], { signal }) with a signal already aborted ${
            none === "pending"
              ? "is still pending"
              : "value" in none
              ? `fulfilled ${JSON.stringify(none.value)}`
              : `rejected with ${String(none.error)}`
          }: a batch whose caller has already cancelled it rejects with the signal's reason, urls or none. Check the signal before you look at the urls`,
        );
      }
    }),
  "fetchAll follows the rules on generated batches: responses in any order, every way to fail (a status, a refused or reset connection, a body cut short, a hang), the caller aborting":
    ({ fetchAll }) =>
      withoutUnhandledRejections(() => {
        // Why the bounds: a fetcher that follows the rules meets every
        // condition in milliseconds, but a wrong one makes the stage wait out
        // its patience, and shrinking replays many failing cases. So after the
        // first difference the patience drops, and after a few more failing
        // cases the search for a smaller one stops (counted, not timed, so the
        // grade stays the same on every run). A case seen failing is not
        // played again: its difference is kept.
        let patienceMs = 800;
        let failures = 0;
        const failed = new Map<string, { truth: string; yours: string; what: string }>();
        return explore({
          truth: "the rules",
          arbitrary: batchCases,
          compare: async (c) => {
            const key = JSON.stringify(c);
            if (failed.has(key)) return failed.get(key);
            if (failures >= 5) return undefined; // enough shrinking: keep the smallest so far
            const { expected, seen } = await runBatch(fetchAll, c, { patienceMs });
            if (JSON.stringify(expected) === JSON.stringify(seen)) return undefined;
            failures++;
            patienceMs = 500;
            const difference = {
              truth: expected.join(" | "),
              yours: seen.join(" | "),
              what: "what the server saw and how the batch ended, step by step",
            };
            failed.set(key, difference);
            return difference;
          },
          snippet: batchSnippet,
          permissions: ["--allow-net=127.0.0.1"],
          runs: 15,
        });
      }),
});
