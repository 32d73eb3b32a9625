/**
 * Equivalent mutants of lessons 11–14, with why (see `equivalent.ts`).
 *
 * Each reason names what a caller would have to see and why it cannot:
 * two statements with nothing between them that reads what they write, a
 * value no later code reads, or a difference only in the number of
 * microtasks where the exercise's rules fix none (lines, resource; the
 * exercises whose rules do fix them, my_promise, run and gather, are
 * compared job for job, and their mutants here change no job).
 *
 * @module
 */

/** By exercise id, then by mutant key: why the change is invisible. */
export const asyncTrack: Record<string, Record<string, string>> = {
  "11-promises/deferred": {
    "constant: #failed = false; → #failed = true;":
      "#failed is read only in #runChain, which runs only once #fire has set it (addCallbacks walks only when #fired, and #fire sets #failed before it walks).",
    "logical: (callback ?? undefined) as ((result: unknown) => unknown) | undefined, → (callback || undefined) as ((result: unknown) => unknown) | undefined,":
      "callback is a function or null, and a function is never falsy, so ?? and || give the same value for every argument the API takes.",
    "logical: errback ?? undefined, → errback || undefined,":
      "errback is a function or null, and a function is never falsy, so ?? and || give the same value for every argument the API takes.",
    "swap: this.#fired = true; ⏎ this.#failed = failed; → this.#failed = failed; ⏎ this.#fired = true;":
      "two assignments with nothing between them, and neither right-hand side reads the other field.",
    "swap: this.#failed = failed; ⏎ this.#result = result; → this.#result = result; ⏎ this.#failed = failed;":
      "two assignments with nothing between them, and neither right-hand side reads the other field.",
    "swap: this.#result = fn(this.#result); ⏎ this.#failed = false; → this.#failed = false; ⏎ this.#result = fn(this.#result);":
      "#failed is not read while fn runs: a link fn adds only queues (the walk is running, so #runChain returns at once), a second fire throws AlreadyCalledError before it reads or writes any state, and if fn throws the catch sets #failed = true either way.",
    "swap: this.#result = error; ⏎ this.#failed = true; → this.#failed = true; ⏎ this.#result = error;":
      "two assignments with nothing between them, and neither right-hand side reads the other field.",
  },
  "11-promises/my_promise": {
    "swap: results.push(undefined as Awaited<T>); ⏎ remaining++; → remaining++; ⏎ results.push(undefined as Awaited<T>);":
      "two statements with nothing between them, each touching only its own variable.",
    "swap: remaining++; ⏎ MyPromise.resolve(value).then((v) => { ⏎ results[i] = v as Awaited<T>; ⏎ if (--remaining === 0) resolve(results); ⏎ }, reject); → MyPromise.resolve(value).then((v) => { ⏎ results[i] = v as Awaited<T>; ⏎ if (--remaining === 0) resolve(results); ⏎ }, reject); ⏎ remaining++;":
      "the callback that reads remaining runs in a later microtask (then() never calls back inside the call), so remaining++ has run by then whichever comes first; MyPromise.resolve runs no code that can see remaining.",
    "drop: results.push(undefined as Awaited<T>); → ":
      "every index 0..n-1 is assigned before resolve(results) is reached (remaining counts them all), so the array the caller gets is the same dense array, and no one sees it before.",
    "method: results.push(undefined as Awaited<T>); → results.unshift(undefined as Awaited<T>);":
      "every element pushed is undefined, so putting it at the front or the back makes the same array, and each index is assigned before the array is resolved.",
    "swap: results[i] = v as Awaited<T>; ⏎ if (--remaining === 0) resolve(results); → if (--remaining === 0) resolve(results); ⏎ results[i] = v as Awaited<T>;":
      "resolve(results) settles with the array object itself (an array has no then) and only queues the reactions as microtasks, so the last value is stored, in the same job, before any reaction can read the array.",
    'swap: used = true; ⏎ this.#settle("rejected", reason); → this.#settle("rejected", reason); ⏎ used = true;':
      "#settle runs none of the caller's code (it stores the state and queues the reactions as microtasks), so nothing can call resolve or reject between the two statements.",
    'swap: if (value === this) { ⏎ this.#settle("rejected", new TypeError("Cannot resolve a promise with itself")); ⏎ return; ⏎ } ⏎ if ((typeof value !== "object" || value === null) && typeof value !== "function") { ⏎ this.#settle("fulfilled", value); ⏎ return; ⏎ } → if ((typeof value !== "object" || value === null) && typeof value !== "function") { ⏎ this.#settle("fulfilled", value); ⏎ return; ⏎ } ⏎ if (value === this) { ⏎ this.#settle("rejected", new TypeError("Cannot resolve a promise with itself")); ⏎ return; ⏎ }':
      "the two tests never both hold: value === this means value is this promise, an object, which the primitive test lets through, and neither test runs any code.",
    "swap: this.#state = state; ⏎ this.#value = value; → this.#value = value; ⏎ this.#state = state;":
      "two assignments with nothing between them, and neither right-hand side reads the other field.",
    "swap: this.#reactions = []; ⏎ for (const job of reactions) queueMicrotask(job); → for (const job of reactions) queueMicrotask(job); ⏎ this.#reactions = [];":
      "queueMicrotask only queues, so no reaction (and no then() that could push to #reactions) runs between the two statements.",
    "drop: this.#reactions = []; → ":
      "#settle runs once per promise (each resolve/reject pair acts once, and a pair that adopts a thenable leaves settling to the next pair), and after it then() never pushes (the state is no longer pending), so the kept array is never read again.",
  },
  "12-async-from-generators/gather": {
    "logical: const returnExceptions = options.returnExceptions ?? false; → const returnExceptions = options.returnExceptions || false;":
      "returnExceptions is only ever tested for truth, and x ?? false and x || false are both falsy or both the same truthy x, for every x.",
    "swap: results[i] = value; ⏎ if (--pending === 0) resolve(results); → if (--pending === 0) resolve(results); ⏎ results[i] = value;":
      "the native resolve(results) fulfils with the array object itself (an array has no then) and only queues reactions, so the last value is stored, in the same job, before any reaction can read the array.",
    "swap: results.push(undefined); ⏎ pending++; → pending++; ⏎ results.push(undefined);":
      "two statements with nothing between them, each touching only its own variable.",
    "swap: pending++; ⏎ Promise.resolve(item).then( ⏎ (value) => settleOne(index, value), ⏎ (reason) => returnExceptions ? settleOne(index, reason) : reject(reason), ⏎ ); → Promise.resolve(item).then( ⏎ (value) => settleOne(index, value), ⏎ (reason) => returnExceptions ? settleOne(index, reason) : reject(reason), ⏎ ); ⏎ pending++;":
      "the callbacks that read pending run in later microtasks (a native then() never calls back inside the call), and the only code Promise.resolve(item) can run, a then getter, cannot reach pending.",
    "drop: results.push(undefined); → ":
      "every index 0..n-1 is assigned before resolve(results) is reached (pending counts them all), so the array the caller gets is the same dense array, and no one sees it before.",
    "method: results.push(undefined); → results.unshift(undefined);":
      "every element pushed is undefined, so putting it at the front or the back makes the same array, and each index is assigned before the array is resolved.",
  },
  "13-async-iteration/lines": {
    "swap: if (done) { ⏎ open = false; ⏎ buffer += decoder.decode(); // flush: an unfinished character becomes U+FFFD ⏎ break; ⏎ } ⏎ buffer += decoder.decode(value, { stream: true }); → buffer += decoder.decode(value, { stream: true }); ⏎ if (done) { ⏎ open = false; ⏎ buffer += decoder.decode(); // flush: an unfinished character becomes U+FFFD ⏎ break; ⏎ }":
      "when done, a reader's value is undefined, and decode(undefined, { stream: true }) returns \"\" and keeps the decoder's pending bytes for the flush that follows, so the text is the same.",
    "swap: open = false; ⏎ buffer += decoder.decode(); // flush: an unfinished character becomes U+FFFD → buffer += decoder.decode(); ⏎ open = false; // flush: an unfinished character becomes U+FFFD":
      "a non-fatal TextDecoder's decode() never throws, so both statements always run, with nothing between them that reads open.",
    "drop: open = false; → ":
      "open then stays true only for a stream that has ended, and cancel() on a closed stream does nothing (the Streams spec resolves it at once without calling the source's cancel), so the source sees nothing; only the number of microtasks before the loop ends differs, which the rules of lines do not fix.",
    "constant: open = false; → open = true;":
      "open then stays true only for a stream that has ended, and cancel() on a closed stream does nothing (the Streams spec resolves it at once without calling the source's cancel), so the source sees nothing; only the number of microtasks before the loop ends differs, which the rules of lines do not fix.",
    'swap: buffer = buffer.slice(newline + 1); ⏎ yield line.endsWith("\\r") ? line.slice(0, -1) : line; → yield line.endsWith("\\r") ? line.slice(0, -1) : line; ⏎ buffer = buffer.slice(newline + 1);':
      "buffer is read again only after the generator resumes from this yield (the finally block, which runs instead on return(), does not read it), and line was computed before.",
    'constant: if (open) await reader.cancel("the consumer stopped reading lines"); → if (open) await reader.cancel("");':
      "the cancel reason reaches the source, but the rules leave it free (the lesson's native for await cancels with undefined): the stream is cancelled, and awaited, as the rules ask, whatever the reason.",
  },
  "13-async-iteration/merge": {
    'swap: pending.delete(settled.index); ⏎ if ("error" in settled || settled.result.done) open.delete(settled.index); → if ("error" in settled || settled.result.done) open.delete(settled.index); ⏎ pending.delete(settled.index);':
      "two deletes from two different collections with nothing between them; the condition reads only settled.",
  },
  "13-async-iteration/resource": {
    "swap: if (page.length === 0) return; ⏎ yield* page; → yield* page; ⏎ if (page.length === 0) return;":
      "yield* over an empty page yields nothing and a non-empty page fails the test after as before, so the rows and every backend call are the same; only a few microtasks (the async-from-sync iterator's) pass before the return, which the rules of rows() do not fix (each backend call takes longer).",
  },
  "14-structured-concurrency/fetch_all": {
    "swap: if (timeoutMs !== undefined) signals.push(AbortSignal.timeout(timeoutMs)); ⏎ if (signal !== undefined) signals.push(signal); → if (signal !== undefined) signals.push(signal); ⏎ if (timeoutMs !== undefined) signals.push(AbortSignal.timeout(timeoutMs));":
      "AbortSignal.any reads the order of its signals only to pick the reason among those already aborted when it is made, and none is: throwIfAborted ran just before, and a timeout signal aborts in a later task (a timeoutMs it refuses throws in either order).",
    "method: if (timeoutMs !== undefined) signals.push(AbortSignal.timeout(timeoutMs)); → if (timeoutMs !== undefined) signals.unshift(AbortSignal.timeout(timeoutMs));":
      "AbortSignal.any reads the order of its signals only to pick the reason among those already aborted when it is made, and none is: failed is fresh, throwIfAborted ran just before, and a timeout signal aborts in a later task.",
    "method: if (signal !== undefined) signals.push(signal); → if (signal !== undefined) signals.unshift(signal);":
      "AbortSignal.any reads the order of its signals only to pick the reason among those already aborted when it is made, and none is: failed is fresh, throwIfAborted ran just before, and a timeout signal aborts in a later task.",
    "swap: await response.body?.cancel(); // Why: an unread body keeps its connection busy ⏎ throw new Error(`Cannot fetch ${urls[i]}: status ${response.status}`); → throw new Error(`Cannot fetch ${urls[i]}: status ${response.status}`); // Why: an unread body keeps its connection busy ⏎ await response.body?.cancel();":
      "the throw aborts the batch's signal at once (or it was aborted already), and aborting the signal of a fetch whose response has come errors its body and closes its connection, as cancel() does (the Fetch spec; watched with a 500 whose body the server held open: the server sees the close either way, and Deno's resource sanitizer finds nothing left).",
    "drop: await response.body?.cancel(); // Why: an unread body keeps its connection busy → // Why: an unread body keeps its connection busy":
      "the throw aborts the batch's signal at once (or it was aborted already), and aborting the signal of a fetch whose response has come errors its body and closes its connection, as cancel() does (the Fetch spec; watched with a 500 whose body the server held open: the server sees the close either way, and Deno's resource sanitizer finds nothing left).",
    "await: await response.body?.cancel(); // Why: an unread body keeps its connection busy → response.body?.cancel(); // Why: an unread body keeps its connection busy":
      "the body is cancelled, or errored by the abort the throw makes, before the batch settles either way (see the dropped cancel); the cancel() left unawaited could reject, unhandled, only on a body another worker's abort had errored in the microtasks between this fetch() resolving and this worker resuming, a window no caller can schedule into.",
    "condition: if (!batch.aborted) failed.abort(error); → if (true) failed.abort(error);":
      "abort() on an aborted controller does nothing, and when failed is not aborted but batch is (a timeout, the caller's signal), aborting failed leaves batch's reason as it was; failed.signal is read nowhere else.",
    "condition: throw batch.aborted ? batch.reason : (failure as PromiseRejectedResult).reason; → throw true ? batch.reason : (failure as PromiseRejectedResult).reason;":
      "batch is always aborted on this line: a worker that fails aborts it before it rethrows, and workers stop before the urls run out only when it is aborted.",
    "condition: throw batch.aborted ? batch.reason : (failure as PromiseRejectedResult).reason; → throw false ? batch.reason : (failure as PromiseRejectedResult).reason;":
      "the first rejected worker's error is batch's reason or an echo of it (an aborted fetch or body read rejects with that very object, watched), so they differ only if no worker failed, or two failed in the same turn of the event loop (which is first is then the race itself): a timeout or the caller's abort comes in a task of its own, when every worker still running waits on a fetch or a body read (a non-ok body's cancel() ends within microtasks, watched), and those reject.",
  },
};
