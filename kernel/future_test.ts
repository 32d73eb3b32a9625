import assert from "node:assert/strict";
import { Future } from "./future.ts";

Deno.test("Future runs done callbacks once, in order, when completed", () => {
  const future = new Future<number>();
  const log: string[] = [];
  future.addDoneCallback((f) => log.push(`a ${f.result()}`));
  const removed = () => log.push("removed");
  future.addDoneCallback(removed);
  future.addDoneCallback((f) => log.push(`b ${f.state}`));
  assert.equal(future.removeDoneCallback(removed), true);
  assert.equal(future.removeDoneCallback(removed), false);
  assert.equal(future.done, false);
  future.setResult(5);
  assert.deepEqual(log, ["a 5", "b fulfilled"]);
  future.addDoneCallback(() => log.push("late"));
  assert.deepEqual(log, ["a 5", "b fulfilled", "late"]);
});

Deno.test("Future.result() rethrows the error of a rejected Future", () => {
  const future = new Future();
  const boom = new Error("boom");
  future.setError(boom);
  assert.equal(future.state, "rejected");
  assert.throws(() => future.result(), boom);
  assert.equal(future.exception(), boom);
});

Deno.test("Future refuses a second completion and reads of a pending one", () => {
  const future = new Future<number>();
  assert.throws(() => future.result(), {
    message: "Cannot read the result of a pending Future: wait for it first",
  });
  future.setResult(1);
  assert.throws(() => future.setError(new Error("late")), {
    message: "Cannot complete a Future that is already fulfilled: a Future is completed once",
  });
});

Deno.test("Future is a thenable: await works outside the kernel", async () => {
  const ok = new Future<string>();
  setTimeout(() => ok.setResult("ok"), 0);
  assert.equal(await ok, "ok");
  const bad = new Future<string>();
  bad.setError(new Error("nope"));
  await assert.rejects(Promise.resolve(bad), { message: "nope" });
});

Deno.test("Future.from() follows a Promise", async () => {
  assert.equal(await Future.from(Promise.resolve(3)), 3);
  await assert.rejects(Promise.resolve(Future.from(Promise.reject(new Error("x")))), {
    message: "x",
  });
});

Deno.test("a done callback that throws is reported, never raised: added before completion or after", () => {
  // Regression: a late callback (added once the Future was done) ran at
  // once and its error escaped from addDoneCallback, where a callback
  // added before completion had its error reported and the next one ran.
  const reported: unknown[] = [];
  const listener = (event: ErrorEvent) => {
    event.preventDefault();
    reported.push(event.error);
  };
  addEventListener("error", listener);
  try {
    const future = new Future<number>();
    const early = new Error("early");
    const late = new Error("late");
    const log: string[] = [];
    future.addDoneCallback(() => {
      throw early;
    });
    future.addDoneCallback((f) => log.push(`next saw ${f.result()}`));
    future.setResult(1); // returns normally
    future.addDoneCallback(() => {
      throw late;
    }); // returns normally too
    future.addDoneCallback((f) => log.push(`late saw ${f.result()}`));
    assert.deepEqual(reported, [early, late]);
    assert.deepEqual(log, ["next saw 1", "late saw 1"]);
    // Falsy errors are reported as what they are.
    future.addDoneCallback(() => {
      throw undefined;
    });
    assert.equal(reported.length, 3);
    assert.equal(reported[2], undefined);
  } finally {
    removeEventListener("error", listener);
  }
});
