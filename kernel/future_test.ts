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
