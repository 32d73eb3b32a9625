/**
 * JavaScript can throw anything, and a thrown `undefined`, `null`, `0` or
 * `""` is as much a failure as an `Error`: every place the kernel hands a
 * failure on (a join, a Future or Promise waited on, a task group) must
 * deliver it as one, never as a value.
 *
 * @module
 */

import assert from "node:assert/strict";
import { cancel, Future, join, type KernelOp, run, sleep, spawn, taskGroup, wait } from "./mod.ts";

/** The falsy things code may throw, and an Error for contrast. */
const THROWN: readonly unknown[] = [undefined, null, 0, "", false, new Error("e")];

type Outcome = { threw: true; error: unknown } | { threw: false; value: unknown };

/** What `op` ended with, without letting it end the task. */
function* outcome(op: KernelOp<unknown>): KernelOp<Outcome> {
  try {
    return { threw: false, value: yield* op };
  } catch (error) {
    return { threw: true, error };
  }
}

for (const thrown of THROWN) {
  const name = thrown instanceof Error ? "an Error" : String(JSON.stringify(thrown));

  Deno.test(`a task that throws ${name} fails a join that waits for it, and a later join`, async () => {
    // Regression: resume(task, value, error = NONE) took an explicit
    // `undefined` error for "no error", so a joiner waiting on a task that
    // threw undefined was resumed with the value undefined.
    const seen = await run(function* main() {
      const failing = yield* spawn(function* failing() {
        yield* sleep(1);
        throw thrown;
      });
      const waiting = yield* outcome(join(failing)); // waits: the task is still running
      const later = yield* outcome(join(failing)); // the task is done
      return [waiting, later];
    }, { clock: "virtual" });
    assert.deepEqual(seen, [{ threw: true, error: thrown }, { threw: true, error: thrown }]);
  });

  Deno.test(`wait() on a Future rejected with ${name} throws it, pending or done`, async () => {
    const seen = await run(function* main() {
      const future = new Future();
      yield* spawn(function* completer() {
        yield* sleep(1);
        future.setError(thrown);
      });
      const pending = yield* outcome(wait(future)); // rejected while the task waits
      const done = yield* outcome(wait(future)); // already rejected
      return [pending, done];
    }, { clock: "virtual" });
    assert.deepEqual(seen, [{ threw: true, error: thrown }, { threw: true, error: thrown }]);
  });

  Deno.test(`wait() on a Promise rejected with ${name} throws it`, async () => {
    const seen = await run(function* main() {
      const promise = new Promise((_, reject) => setTimeout(() => reject(thrown), 1));
      return yield* outcome(wait(promise));
    });
    assert.deepEqual(seen, { threw: true, error: thrown });
  });

  Deno.test(`a task group whose task throws ${name} raises it`, async () => {
    const reported: unknown[] = [];
    const seen = await run(function* main() {
      return yield* outcome(taskGroup(function* body(group) {
        yield* group.spawn(function* failing() {
          yield* sleep(1);
          throw thrown;
        });
        // The body ends first: the group's owner then waits for its task.
      }));
    }, { clock: "virtual", onUnjoinedError: (error) => reported.push(error) });
    assert.deepEqual(seen, { threw: true, error: thrown });
    assert.deepEqual(reported, []);
  });

  Deno.test(`a task group whose body throws ${name} raises it`, async () => {
    const seen = await run(function* main() {
      return yield* outcome(taskGroup(function* body(group) {
        yield* group.spawn(function* sleeper() {
          yield* sleep(1);
        });
        throw thrown;
      }));
    }, { clock: "virtual" });
    assert.deepEqual(seen, { threw: true, error: thrown });
  });
}

Deno.test("a task that throws null with no task joining it is reported as a crash", async () => {
  // Regression: a task never cancelled has `cancelError` null, and the
  // crash check took a thrown null for the task's own cancellation.
  const reported: unknown[] = [];
  await run(function* main() {
    yield* spawn(function* failing() {
      throw null;
    });
  }, { onUnjoinedError: (error, task) => reported.push([error, task.name]) });
  assert.deepEqual(reported, [[null, "failing"]]);
});

Deno.test("a null thrown into a task is not its cancellation: cancel() then says it was not raised", async () => {
  // Regression: the same comparison, where the kernel throws an error into
  // a task, marked a thrown null as the task's Cancelled being raised.
  const said = await run(function* main() {
    const failing = yield* spawn(function* failing() {
      yield;
      throw null;
    });
    const catcher = yield* spawn(function* catcher() {
      try {
        yield* join(failing); // null is thrown in here
      } catch { /* caught */ }
      yield; // ready, not blocked, when main cancels it
      return "never saw Cancelled";
    });
    yield;
    yield;
    yield;
    return yield* cancel(catcher); // delivered, but the task returns before a blocking trap
  }, { onUnjoinedError: () => {} });
  assert.equal(said, false);
});
