import assert from "node:assert/strict";
import {
  cancel,
  Cancelled,
  checkpoint,
  current,
  Future,
  type Interest,
  join,
  type KernelOp,
  now,
  readWait,
  type ReadyEvent,
  run,
  type RunOptions,
  type Selector,
  sleep,
  spawn,
  type Task,
  TraceRecorder,
  wait,
  writeWait,
} from "./mod.ts";

const virtual: RunOptions = { clock: "virtual" };

/** A selector for tests: resources become ready only when `fire()` says so. */
class FakeSelector implements Selector<string> {
  registered = new Set<string>();
  #fired: ReadyEvent<string>[] = [];
  get size(): number {
    return this.registered.size;
  }
  register(resource: string, interest: Interest): void {
    this.registered.add(`${interest}:${resource}`);
  }
  unregister(resource: string, interest: Interest): void {
    this.registered.delete(`${interest}:${resource}`);
  }
  fire(resource: string, interest: Interest): void {
    this.#fired.push({ resource, interest });
  }
  select(_timeout: number | null): ReadyEvent<string>[] {
    const fired = this.#fired;
    this.#fired = [];
    return fired;
  }
  wakeup(): void {}
  close(): void {}
}

Deno.test("spawn() answers at once with a handle; the child runs after the parent yields", async () => {
  const log: string[] = [];
  await run(function* main() {
    const child = yield* spawn(function* child(n: number) {
      log.push(`child ${n}`);
    }, 7);
    log.push(`spawned ${child.id} ${child.name}`);
    yield;
    log.push("main again");
  });
  assert.deepEqual(log, ["spawned 2 child", "child 7", "main again"]);
});

Deno.test("spawn() of an async function or a non-generator throws into the spawner", async () => {
  const asyncError = await run(function* main() {
    try {
      yield* spawn((async function bad() {}) as unknown as () => KernelOp<void>);
    } catch (error) {
      return String(error);
    }
  });
  assert.equal(
    asyncError,
    'TypeError: Cannot spawn "bad" as it is an async function: write it as function* and use yield* inside',
  );
  const error = await run(function* main() {
    try {
      yield* spawn((() => 42) as unknown as () => KernelOp<void>);
    } catch (error) {
      return error;
    }
  });
  assert.match(String(error), /Cannot spawn "task" as it returned 42, not a generator/);
});

Deno.test("current() and now() answer inline", async () => {
  const trace = new TraceRecorder();
  await run(function* main() {
    assert.equal((yield* current()).id, 1);
    yield* sleep(2);
    assert.equal(yield* now(), 2);
  }, { ...virtual, trace: trace.observer });
  assert.deepEqual(trace.events.filter((e) => e.type === "run").length, 2);
});

Deno.test("checkpoint(), bare yield and sleep(0) all go to the back of the ready queue", async () => {
  const log: string[] = [];
  function* worker(name: string, pause: () => KernelOp<void>) {
    for (let i = 0; i < 2; i++) {
      log.push(`${name}${i}`);
      yield* pause();
    }
  }
  await run(function* main() {
    yield* spawn(worker, "a", checkpoint);
    yield* spawn(worker, "b", function* () {
      yield;
    });
    yield* spawn(worker, "c", () => sleep(0));
  });
  assert.deepEqual(log, ["a0", "b0", "c0", "a1", "b1", "c1"]);
});

Deno.test("sleep() rejects negative and non-finite durations", async () => {
  for (const bad of [-1, NaN, Infinity]) {
    await assert.rejects(
      run(function* main() {
        yield* sleep(bad);
      }),
      {
        name: "RangeError",
        message: `Cannot sleep for ${bad} s: use a finite number of seconds >= 0`,
      },
    );
  }
});

Deno.test("join() returns the value, rethrows the error, and answers inline when done", async () => {
  await run(function* main() {
    const ok = yield* spawn(function* ok() {
      yield* sleep(1);
      return "value";
    });
    const boom = new Error("boom");
    const bad = yield* spawn(function* bad() {
      yield;
      throw boom;
    });
    assert.equal(yield* join(ok), "value");
    assert.equal(yield* join(ok), "value", "joining again answers at once");
    try {
      yield* join(bad);
      assert.fail("join should rethrow");
    } catch (error) {
      assert.equal(error, boom);
    }
  }, virtual);
});

Deno.test("join() of the calling task or a non-task throws a clear error", async () => {
  const errors = await run(function* main() {
    const out: string[] = [];
    try {
      yield* join(yield* current());
    } catch (error) {
      out.push(String(error));
    }
    try {
      yield* join({ id: 9 } as unknown as Task);
    } catch (error) {
      out.push(String(error));
    }
    return out;
  });
  assert.deepEqual(errors, [
    'Error: Cannot join task 1 ("main") from itself: it would wait forever',
    "TypeError: Cannot join [object Object] as it is not a task: pass the handle spawn() returned",
  ]);
});

Deno.test("readWait()/writeWait() wake when the selector reports the resource", async () => {
  const selector = new FakeSelector();
  const log: string[] = [];
  await run(function* main() {
    yield* spawn(function* reader() {
      yield* readWait("sock");
      log.push(`read at ${yield* now()}`);
    });
    yield* spawn(function* writer() {
      yield* writeWait("sock");
      log.push(`write at ${yield* now()}`);
    });
    yield* sleep(1);
    assert.deepEqual([...selector.registered], ["read:sock", "write:sock"]);
    selector.fire("sock", "write");
    yield* sleep(1);
    selector.fire("sock", "read");
  }, { ...virtual, selector });
  assert.deepEqual(log, ["write at 1", "read at 2"]);
  assert.equal(selector.size, 0, "interest is unregistered once the task wakes");
});

Deno.test("readWait() by a second task on the same resource is an error in that task", async () => {
  const selector = new FakeSelector();
  const error = await run(function* main() {
    const first = yield* spawn(function* first() {
      yield* readWait("sock");
    });
    yield;
    try {
      yield* readWait("sock");
    } catch (error) {
      yield* cancel(first);
      return String(error);
    }
  }, { ...virtual, selector });
  assert.equal(
    error,
    'Error: Cannot wait to read "sock" in task 1 ("main") as task 2 ("first") already waits to read it: one task per resource and direction',
  );
});

Deno.test("readWait() without a selector says how to give one", async () => {
  await assert.rejects(
    run(function* main() {
      yield* readWait("sock");
    }),
    {
      message:
        /^Cannot wait to read as run\(\) was given no selector: pass one in the run\(\) options/,
    },
  );
});

Deno.test("wait() takes a Future or a Promise, completed now or later", async () => {
  const later = new Future<string>();
  const done = new Future<number>();
  done.setResult(1);
  const failed = new Future<number>();
  failed.setError(new Error("no"));
  const result = await run(function* main() {
    yield* spawn(function* completer() {
      yield* sleep(1);
      later.setResult("later"); // completed by a task: the waiter is queued right here
    });
    const out: unknown[] = [yield* wait(done), yield* wait(later), yield* wait(Promise.resolve(3))];
    try {
      yield* wait(failed);
    } catch (error) {
      out.push((error as Error).message);
    }
    try {
      yield* wait(Promise.reject(new Error("rejected")));
    } catch (error) {
      out.push((error as Error).message);
    }
    return out;
  }, virtual);
  assert.deepEqual(result, [1, "later", 3, "no", "rejected"]);
});

Deno.test("a task waits on a Promise and a Future completed by setTimeout while the kernel blocks", async () => {
  const future = new Future<string>();
  const timer = setTimeout(() => future.setResult("future"), 5);
  const promise = new Promise<string>((resolve) => setTimeout(() => resolve("promise"), 2));
  const log: string[] = [];
  const result = await run(function* main() {
    yield* spawn(function* ticker() {
      yield* sleep(0.001);
      log.push("ticker");
    });
    const a = yield* wait(promise);
    const b = yield* wait(future);
    return [a, b];
  });
  clearTimeout(timer);
  assert.deepEqual(result, ["promise", "future"]);
  assert.deepEqual(log, ["ticker"]);
});

Deno.test("yielding something that is not a trap throws a hint into the task", async () => {
  const messages = await run(function* main() {
    const out: string[] = [];
    for (const bad of [42, { kind: "bogus" }, Promise.resolve(1), null, { kind: "toString" }]) {
      try {
        yield bad as never;
      } catch (error) {
        out.push((error as Error).message);
      }
    }
    return out;
  });
  assert.deepEqual(messages, [
    'Cannot resume task 1 ("main") as it yielded 42, which is not a trap: use yield* with a kernel operation',
    'Cannot resume task 1 ("main") as it yielded {"kind":"bogus"}, which is not a trap: use yield* with a kernel operation',
    'Cannot resume task 1 ("main") as it yielded a Promise, which is not a trap: use yield* wait(promise)',
    'Cannot resume task 1 ("main") as it yielded null, which is not a trap: use yield* with a kernel operation',
    'Cannot resume task 1 ("main") as it yielded {"kind":"toString"}, which is not a trap: use yield* with a kernel operation',
  ]);
});

// --- Cancellation at every waiting trap ----------------------------------------

/**
 * Run `waiter` as a task, cancel it at time 1 (after `pause`), and return
 * what happened in order.
 */
async function cancelWhileWaiting(
  waiter: (log: string[]) => KernelOp<unknown>,
  options: RunOptions = {},
  pause: () => KernelOp<void> = () => sleep(1),
): Promise<string[]> {
  const log: string[] = [];
  await run(function* main() {
    const task = yield* spawn(function* victim() {
      try {
        yield* waiter(log);
        log.push("not cancelled");
      } catch (error) {
        log.push(error instanceof Cancelled ? "Cancelled" : `other ${error}`);
        throw error;
      } finally {
        log.push(`finally at ${yield* now()}`);
      }
    });
    yield* pause();
    log.push(`cancel -> ${yield* cancel(task)}`);
    log.push(`cancel again -> ${yield* cancel(task)}`);
  }, { clock: "virtual", ...options });
  return log;
}

const cancelled = ["Cancelled", "finally at 1", "cancel -> true", "cancel again -> false"];

Deno.test("cancel() interrupts sleep() and removes the timer", async () => {
  assert.deepEqual(await cancelWhileWaiting(() => sleep(60)), cancelled);
  // The timer is gone: nothing happens at 60 s, when it would have fired.
  const trace = new TraceRecorder();
  const time = await run(function* main() {
    const sleeper = yield* spawn(function* sleeper() {
      yield* sleep(60);
    });
    yield* sleep(1);
    yield* cancel(sleeper);
    yield* sleep(100);
    return yield* now();
  }, { clock: "virtual", trace: trace.observer });
  assert.equal(time, 101);
  assert.deepEqual(trace.events.filter((e) => e.time === 60), [], "a stale timer fired at 60 s");
});

Deno.test("cancel() interrupts join() and leaves the joined task running", async () => {
  const log = await cancelWhileWaiting(function* (log) {
    const other = yield* spawn(function* other() {
      yield* sleep(5);
      log.push(`other done at ${yield* now()}`);
    });
    yield* join(other);
  });
  assert.deepEqual(log, [...cancelled, "other done at 5"]);
});

Deno.test("cancel() interrupts wait() on a Future and forgets the callback", async () => {
  const future = new Future<number>();
  assert.deepEqual(await cancelWhileWaiting(() => wait(future)), cancelled);
  future.setResult(1); // a late completion wakes nobody
});

Deno.test("cancel() interrupts wait() on a Promise", async () => {
  let resolve!: (value: number) => void;
  const promise = new Promise<number>((r) => resolve = r);
  // Why a checkpoint: a virtual clock does not jump while a task waits on a Promise.
  assert.deepEqual(await cancelWhileWaiting(() => wait(promise), {}, checkpoint), [
    "Cancelled",
    "finally at 0",
    "cancel -> true",
    "cancel again -> false",
  ]);
  resolve(1);
});

Deno.test("cancel() interrupts readWait() and writeWait() and unregisters the interest", async () => {
  for (const op of [readWait, writeWait]) {
    const selector = new FakeSelector();
    assert.deepEqual(await cancelWhileWaiting(() => op("sock"), { selector }), cancelled);
    assert.equal(selector.size, 0);
  }
});

Deno.test("cancel() interrupts cancel(): the canceller stops waiting", async () => {
  const log = await cancelWhileWaiting(function* (log) {
    const stubborn = yield* spawn(function* stubborn() {
      try {
        yield* sleep(60);
      } finally {
        yield* sleep(10); // slow cleanup
        log.push(`stubborn cleaned up at ${yield* now()}`);
      }
    });
    yield;
    yield* cancel(stubborn);
  });
  assert.deepEqual(log, [...cancelled, "stubborn cleaned up at 10"]);
});

Deno.test("a finally block may sleep, and a second cancel does not cut it short", async () => {
  const log: string[] = [];
  await run(function* main() {
    const task = yield* spawn(function* worker() {
      try {
        yield* sleep(60);
      } finally {
        log.push(`cleanup starts at ${yield* now()}`);
        yield* sleep(5);
        log.push(`cleanup ends at ${yield* now()}`);
      }
    });
    yield* spawn(function* impatient() {
      yield* sleep(2);
      log.push(`second cancel -> ${yield* cancel(task)} at ${yield* now()}`);
    });
    yield* sleep(1);
    log.push(`first cancel -> ${yield* cancel(task)} at ${yield* now()}`);
  }, virtual);
  assert.deepEqual(log, [
    "cleanup starts at 1",
    "cleanup ends at 6",
    "first cancel -> true at 6",
    "second cancel -> false at 6",
  ]);
});

Deno.test("cancel() of a finished task returns false at once", async () => {
  await run(function* main() {
    const task = yield* spawn(function* quick() {});
    yield;
    assert.equal(task.done, true);
    assert.equal(yield* cancel(task), false);
  });
});

Deno.test("cancel() of a task that is not waiting raises at its next blocking trap", async () => {
  const log: string[] = [];
  await run(function* main() {
    const task = yield* spawn(function* busy() {
      yield* spawn(function* helper() {}); // non-blocking traps do not raise
      log.push("still running");
      try {
        yield* checkpoint();
      } catch (error) {
        log.push(`raised at checkpoint: ${error instanceof Cancelled}`);
        throw error;
      }
    });
    // Not waiting: its Cancelled is not raised yet, so this says false.
    assert.equal(yield* cancel(task, { wait: false }), false);
    assert.equal(task.cancelled, true);
    try {
      yield* join(task);
    } catch (error) {
      log.push(`join: ${(error as Error).name}`);
    }
  });
  assert.deepEqual(log, ["still running", "raised at checkpoint: true", "join: Cancelled"]);
});

Deno.test("cancel() returns true only when its Cancelled was raised in the task", async () => {
  // Regression: a task cancelled before it started, which then returned 5
  // without ever waiting, made cancel() return true.
  const outcome = await run(function* main() {
    const never = yield* spawn(function* never() {
      return 5;
    });
    const delivered = yield* cancel(never);
    const met = yield* spawn(function* met() {
      yield* sleep(1);
    });
    const caught = yield* spawn(function* caught() {
      try {
        yield* sleep(1);
      } catch {
        return "swallowed";
      }
    });
    yield;
    const waiting = yield* cancel(met, { wait: false });
    return [delivered, yield* join(never), waiting, yield* cancel(caught), yield* join(caught)];
  }, virtual);
  assert.deepEqual(outcome, [false, 5, true, true, "swallowed"]);
});

Deno.test("`using` disposal runs when a task is cancelled", async () => {
  const log: string[] = [];
  await run(function* main() {
    const task = yield* spawn(function* holder() {
      using _resource = { [Symbol.dispose]: () => log.push("disposed") };
      yield* sleep(60);
    });
    yield* sleep(1);
    yield* cancel(task);
  }, virtual);
  assert.deepEqual(log, ["disposed"]);
});

Deno.test("cancel() of the calling task is refused", async () => {
  await assert.rejects(
    run(function* main() {
      yield* cancel(yield* current());
    }),
    { message: 'Cannot cancel task 1 ("main") from itself: throw an error or return instead' },
  );
});
