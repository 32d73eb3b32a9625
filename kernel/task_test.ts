import assert from "node:assert/strict";
import { cancel, join, run, sleep, spawn } from "./mod.ts";

Deno.test("Task reports its id, name, parent, state and cancellation", async () => {
  await run(function* main() {
    const task = yield* spawn(function* worker() {
      yield* sleep(60);
    });
    assert.deepEqual([task.id, task.name, task.parent, task.state], [2, "worker", 1, "ready"]);
    yield;
    assert.equal(task.state, "blocked");
    assert.equal(task.cancelled, false);
    yield* cancel(task);
    assert.deepEqual([task.done, task.cancelled, task.state], [true, true, "done"]);
    assert.equal(String(task), 'task 2 ("worker")');
    assert.equal(JSON.stringify(task), '{"id":2,"name":"worker"}');
  }, { clock: "virtual" });
});

Deno.test('an anonymous task function is named "task"', async () => {
  await run(function* main() {
    const task = yield* spawn(() =>
      (function* () {
        return 1;
      })()
    );
    assert.equal(task.name, "task");
    assert.equal(yield* join(task), 1);
  });
});
