import assert from "node:assert/strict";
import {
  cancel,
  Cancelled,
  cancelScope,
  checkpoint,
  now,
  run,
  sleep,
  spawn,
  timeoutAfter,
  TimeoutError,
  VirtualClock,
} from "./mod.ts";

const virtual = { clock: "virtual" } as const;

Deno.test("timeoutAfter() returns the body's value when it finishes in time", async () => {
  const value = await run(function* main() {
    const value = yield* timeoutAfter(2, function* () {
      yield* sleep(1);
      return "done";
    });
    yield* sleep(5); // the cleared deadline must not fire later
    return [value, yield* now()];
  }, virtual);
  assert.deepEqual(value, ["done", 6]);
});

Deno.test("timeoutAfter() raises TimeoutError at the wait, after the body's finally", async () => {
  const log: string[] = [];
  await run(function* main() {
    try {
      yield* timeoutAfter(1, function* () {
        try {
          yield* sleep(10);
        } finally {
          log.push(`body cleanup at ${yield* now()}`);
        }
      });
    } catch (error) {
      assert.ok(error instanceof TimeoutError);
      log.push(`${error.message} at ${yield* now()}`);
    }
  }, virtual);
  assert.deepEqual(log, ["body cleanup at 1", "Timed out after 1 s at 1"]);
});

Deno.test("nested timeouts: the inner one fires first and the outer still works", async () => {
  const log: string[] = [];
  await run(function* main() {
    try {
      yield* timeoutAfter(5, function* () {
        try {
          yield* timeoutAfter(1, () => sleep(10));
        } catch (error) {
          log.push(`inner ${(error as TimeoutError).seconds} at ${yield* now()}`);
        }
        yield* sleep(10);
      });
    } catch (error) {
      log.push(`outer ${(error as TimeoutError).seconds} at ${yield* now()}`);
    }
  }, virtual);
  assert.deepEqual(log, ["inner 1 at 1", "outer 5 at 5"]);
});

Deno.test("a deadline that passes while the body is not waiting fires at its next wait", async () => {
  const clock = new VirtualClock();
  const log: string[] = [];
  await run(function* main() {
    try {
      yield* timeoutAfter(1, function* () {
        clock.advance(2); // time passes while the body computes
        yield; // ready, not waiting, when the deadline fires
        log.push("body resumed");
        yield; // the next blocking trap raises it
        log.push("not reached");
      });
    } catch (error) {
      log.push(`${(error as Error).name} at ${yield* now()}`);
    }
  }, { clock });
  assert.deepEqual(log, ["body resumed", "TimeoutError at 2"]);
});

Deno.test("a timeout that is cleared before it is delivered does not leak out of its scope", async () => {
  const clock = new VirtualClock();
  const value = await run(function* main() {
    const value = yield* timeoutAfter(1, function* () {
      clock.advance(2);
      yield; // the deadline fires now, but the body returns before blocking again
      return "made it";
    });
    yield* sleep(1);
    return value;
  }, { clock });
  assert.equal(value, "made it");
});

Deno.test("equal deadlines: a timeout set before the body's sleep fires first", async () => {
  const error = await run(function* main() {
    try {
      yield* timeoutAfter(1, () => sleep(1));
    } catch (error) {
      return error;
    }
  }, virtual);
  assert.ok(error instanceof TimeoutError);
});

Deno.test("cancellation outranks a timeout inside timeoutAfter()", async () => {
  const seen = await run(function* main() {
    let seen: unknown;
    const task = yield* spawn(function* worker() {
      try {
        yield* timeoutAfter(10, () => sleep(60));
      } catch (error) {
        seen = error;
        throw error;
      }
    });
    yield* sleep(1);
    yield* cancel(task);
    return seen;
  }, virtual);
  assert.ok(seen instanceof Cancelled);
});

Deno.test("timeoutAfter() rejects a negative time limit", async () => {
  await assert.rejects(run(() => timeoutAfter(-1, () => sleep(1))), {
    name: "RangeError",
    message: "Cannot set a timeout of -1 s: use a finite number of seconds >= 0",
  });
});

Deno.test("nested timeouts: an inner catch that swallows the outer cancellation does not outlive the outer deadline", async () => {
  // Regression: the outer deadline fired once; the inner catch swallowed it
  // and the outer body ran on past its deadline.
  const log: string[] = [];
  const error = await run(function* main() {
    try {
      yield* timeoutAfter(2, function* () {
        try {
          yield* timeoutAfter(10, () => sleep(60));
        } catch (error) {
          log.push(`inner caught ${(error as Error).name} at ${yield* now()}`);
        }
        yield* sleep(60); // still inside the expired outer scope
        log.push("outer body ran on");
      });
    } catch (error) {
      log.push(`main caught ${(error as Error).name} at ${yield* now()}`);
      return error;
    }
  }, virtual);
  assert.ok(error instanceof TimeoutError);
  assert.equal(error.seconds, 2);
  assert.deepEqual(log, ["inner caught Cancelled at 2", "main caught TimeoutError at 2"]);
});

Deno.test("nested timeouts, both expired: only the outermost one times out (curio's rule)", async () => {
  const log: string[] = [];
  const error = await run(function* main() {
    try {
      yield* timeoutAfter(2, function* () {
        yield* timeoutAfter(1, function* () {
          try {
            yield* sleep(60);
          } finally {
            yield* cancelScope(() => sleep(5), { shield: true }); // the outer deadline passes here
          }
        });
        log.push("between the two scopes"); // not reached: the outer cancellation goes on
      });
    } catch (error) {
      log.push(`${error} at ${yield* now()}`);
      return error;
    }
  }, virtual);
  assert.ok(error instanceof TimeoutError);
  assert.deepEqual(log, ["TimeoutError: Timed out after 2 s at 6"]);
});

Deno.test("a body that swallows its timeout meets it again at its next wait", async () => {
  const log: string[] = [];
  await assert.rejects(
    run(function* main() {
      yield* timeoutAfter(1, function* () {
        for (let i = 0; i < 3; i++) {
          try {
            yield* sleep(10);
          } catch {
            log.push(`swallowed at ${yield* now()}`);
          }
        }
        yield* sleep(10); // not caught: it ends the body, and the scope turns it into TimeoutError
      });
    }, virtual),
    TimeoutError,
  );
  assert.deepEqual(log, ["swallowed at 1", "swallowed at 1", "swallowed at 1"]);
});

Deno.test("timeoutAfter(0) cancels the body at its first wait", async () => {
  const log: string[] = [];
  await assert.rejects(
    run(function* main() {
      yield* timeoutAfter(0, function* () {
        log.push("body starts");
        yield* checkpoint();
        log.push("not reached");
      });
    }, virtual),
    { name: "TimeoutError", message: "Timed out after 0 s" },
  );
  assert.deepEqual(log, ["body starts"]);
});

Deno.test("the TimeoutError's cause is the Cancelled the body met", async () => {
  const error = await run(function* main() {
    try {
      yield* timeoutAfter(1, () => sleep(2));
    } catch (error) {
      return error;
    }
  }, virtual);
  assert.ok(error instanceof TimeoutError);
  assert.ok(error.cause instanceof Cancelled);
  assert.equal(
    (error.cause as Cancelled).message,
    'timeoutAfter(1) in task 1 ("main") passed its deadline',
  );
});
