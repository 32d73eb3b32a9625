/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: a shortcut for no urls returns [] before the caller's signal is looked at, so a batch the caller had already cancelled fulfils as if it had run.
 * Check: an already-aborted signal starts nothing and rejects with its reason, even with no urls
 * Grader says: Check the signal before you look at the urls
 *
 * Exercise 14-structured-concurrency/fetch_all: many requests, structured.
 *
 * `fetchAll(urls, { concurrency, timeoutMs, signal })` fetches every url
 * and resolves with their bodies as text, **in the order of `urls`**. It is
 * the structured way to fan out, the way Python's `asyncio.TaskGroup` with
 * a semaphore and `asyncio.timeout` are:
 * - at most `concurrency` requests are in flight at any moment, and a free
 *   slot is used again as soon as any request ends (no waves);
 * - a response that is not ok (status outside 200–299: a 3xx too, while a
 *   204 with no body is ok) is a failure: the batch rejects with an Error
 *   naming the url and the status, the requests still in flight are
 *   **aborted**, and no new one is started;
 * - a request that fails without a status is a failure just the same, with
 *   the same consequences: `fetch` rejects (the connection is refused, or
 *   reset before an answer) or reading the body fails (it is cut short).
 *   The batch rejects with that error as it is (or an Error of yours that
 *   names the url). The requests it then aborts reject too (with the
 *   abort's reason): those are echoes of the first failure;
 * - the batch rejects with the **first** failure's error, never with the
 *   AbortError that the requests it aborted got afterwards;
 * - `timeoutMs` bounds the whole batch (one deadline for all the requests,
 *   not one per request): when it passes, every request in flight is
 *   aborted and the batch rejects with the timeout's error (a DOMException
 *   named "TimeoutError");
 * - `signal` lets the caller cancel the batch: same as a timeout, with the
 *   signal's reason; an already-aborted signal starts nothing and rejects
 *   with its reason, even when there are no urls;
 * - nothing is left running: the promise settles only after every request
 *   it started has ended, and no timer outlives it;
 * - no urls: it fulfils with `[]` and fetches nothing (unless the signal
 *   has already aborted, above). A `concurrency` that is not an integer
 *   >= 1 rejects the promise with a RangeError (it is an `async` function,
 *   so the check rejects rather than throws) before anything is fetched.
 *
 * The grader plays generated batches against yours, on a local server that
 * answers each request only when it says so: responses in any order, and
 * every way to fail.
 *
 * Run the checks: `deno task grade 14-structured-concurrency/fetch_all`
 * (the grader starts a local server that counts and delays requests).
 *
 * @module
 */

/** Options for {@linkcode fetchAll}. */
export interface FetchAllOptions {
  /** The most requests in flight at once: an integer >= 1. */
  concurrency: number;
  /** Milliseconds the whole batch may take; no limit when absent. */
  timeoutMs?: number;
  /** Aborts the whole batch when it aborts. */
  signal?: AbortSignal;
}

/** The bodies of `urls`, in order; see the module doc for the rules. */
export async function fetchAll(
  urls: readonly string[],
  options: FetchAllOptions,
): Promise<string[]> {
  const { concurrency, timeoutMs, signal } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(
      `Cannot fetch with concurrency ${concurrency}: use an integer of 1 or more`,
    );
  }
  // TODO: make one AbortSignal for the batch (your own controller, the
  //   timeout, the caller's signal), then start min(concurrency, urls.length)
  //   workers that each take the next url until none is left or the batch
  //   is aborted. A failing response aborts the batch with its error. Wait
  //   for every worker (Promise.allSettled), then throw the reason the batch
  //   was aborted for, or return the results in url order.
  // @solution-begin
  if (urls.length === 0) return []; // nothing to do... but the caller may have cancelled it
  signal?.throwIfAborted();
  const failed = new AbortController(); // aborted with the first failure
  const signals = [failed.signal];
  if (timeoutMs !== undefined) signals.push(AbortSignal.timeout(timeoutMs));
  if (signal !== undefined) signals.push(signal);
  const batch = AbortSignal.any(signals);

  const results: string[] = new Array(urls.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < urls.length && !batch.aborted) {
      const i = next++;
      const response = await fetch(urls[i], { signal: batch });
      if (!response.ok) {
        await response.body?.cancel(); // Why: an unread body keeps its connection busy
        throw new Error(`Cannot fetch ${urls[i]}: status ${response.status}`);
      }
      results[i] = await response.text();
    }
  }
  const workers = Array.from({ length: Math.min(concurrency, urls.length) }, async () => {
    try {
      await worker();
    } catch (error) {
      // Why: the first failure aborts everything else; later ones are the
      // echoes of that abort, and must not overwrite the reason.
      if (!batch.aborted) failed.abort(error);
      throw error;
    }
  });
  // Structured: wait for every worker, so nothing we started is still running.
  const outcomes = await Promise.allSettled(workers);
  const failure = outcomes.find((outcome) => outcome.status === "rejected");
  if (failure === undefined && next >= urls.length) return results;
  throw batch.aborted ? batch.reason : (failure as PromiseRejectedResult).reason;
  // @solution-end
}
