import assert from "node:assert/strict";
import {
  cancel,
  current,
  DeadlockError,
  Future,
  join,
  type KernelOp,
  now,
  type ReadyEvent,
  run,
  sleep,
  spawn,
  type Task,
  TraceRecorder,
  wait,
} from "./mod.ts";
import { IdleSelector } from "./idle_selector.ts";
import { MemoryNetwork } from "./memory_network.ts";
import { PollNetwork, pollUnsupportedReason } from "./poll_selector.ts";

Deno.test("run() resolves with main's value after every task has finished", async () => {
  const log: string[] = [];
  const value = await run(function* main() {
    yield* spawn(function* straggler() {
      yield* sleep(5);
      log.push("straggler done");
    });
    return "main value";
  }, { clock: "virtual" });
  assert.equal(value, "main value");
  assert.deepEqual(log, ["straggler done"]);
});

Deno.test("run() rejects with main's error", async () => {
  const boom = new Error("boom");
  await assert.rejects(
    run(function* main() {
      yield;
      throw boom;
    }),
    (error) => error === boom,
  );
});

Deno.test("the trace of a small scenario is exactly this", async () => {
  const trace = new TraceRecorder();
  await run(function* main() {
    const child = yield* spawn(function* child() {
      yield* sleep(1);
      return { n: 2 };
    });
    const failing = yield* spawn(function* failing() {
      yield;
      throw new Error("boom");
    });
    try {
      yield* join(failing);
    } catch { /* seen in the trace */ }
    yield* cancel(child);
    return yield* join(child);
  }, { clock: "virtual", trace: trace.observer, onUnjoinedError: () => {} }).catch(() => {});
  assert.deepEqual(trace.format().split("\n"), [
    "0 spawn 1 main parent=null",
    "0 run 1",
    "0 trap 1 spawn",
    "0 spawn 2 child parent=1",
    "0 trap 1 spawn",
    "0 spawn 3 failing parent=1",
    "0 trap 1 join",
    "0 block 1 join task 3",
    "0 run 2",
    "0 trap 2 sleep",
    "0 block 2 sleep 1s",
    "0 run 3",
    "0 trap 3 checkpoint",
    "0 run 3",
    "0 exit 3 error=Error: boom",
    "0 wake 1 join",
    "0 run 1",
    "0 trap 1 cancel",
    "0 cancel 2 by=1",
    "0 wake 2 sleep",
    "0 block 1 cancel task 2",
    "0 run 2",
    '0 exit 2 error=Cancelled: Task 2 ("child") was cancelled by task 1 ("main")',
    "0 wake 1 cancel",
    "0 run 1",
    "0 trap 1 join",
    '0 exit 1 error=Cancelled: Task 2 ("child") was cancelled by task 1 ("main")',
  ]);
  // The events are plain JSON.
  assert.deepEqual(JSON.parse(JSON.stringify(trace.events)), trace.events);
  assert.deepEqual(trace.events[0], {
    type: "spawn",
    time: 0,
    task: 1,
    name: "main",
    parent: null,
  });
});

Deno.test("exit events carry JSON-able values", async () => {
  const trace = new TraceRecorder();
  await run(function* main() {
    yield* spawn(function* object() {
      return { a: [1, "x"] };
    });
    yield* spawn(function* big() {
      return 10n;
    });
    yield* spawn(function* handle() {
      return yield* current();
    });
  }, { trace: trace.observer });
  const exits = trace.events.filter((e) => e.type === "exit");
  assert.deepEqual(exits.map((e) => "value" in e ? e.value : "(none)"), [
    "(none)",
    { a: [1, "x"] },
    "10",
    { id: 4, name: "handle" },
  ]);
});

Deno.test("rule 1 and 2: FIFO, and a pass runs only the tasks ready at its start", async () => {
  const log: string[] = [];
  await run(function* main() {
    yield* spawn(function* a() {
      log.push("a");
      yield* spawn(function* c() {
        log.push("c"); // spawned during the pass: runs after b, and after main's turn
      });
    });
    yield* spawn(function* b() {
      log.push("b");
    });
    yield;
    log.push("main");
  });
  assert.deepEqual(log, ["a", "b", "main", "c"]);
});

Deno.test("rule 5: equal deadlines wake in the order the tasks went to sleep", async () => {
  const log: string[] = [];
  await run(function* main() {
    for (const [name, seconds] of [["x", 2], ["y", 1], ["z", 2], ["w", 1]] as const) {
      yield* spawn(function* sleeper() {
        yield* sleep(seconds);
        log.push(`${name}@${yield* now()}`);
      });
    }
  }, { clock: "virtual" });
  assert.deepEqual(log, ["y@1", "w@1", "x@2", "z@2"]);
});

Deno.test("10,000 tasks where every tenth throws: the rest finish, each error at its join", async () => {
  const N = 10_000;
  const reported: unknown[] = [];
  const outcome = await run(function* main() {
    const tasks: Task<number>[] = [];
    for (let i = 0; i < N; i++) {
      tasks.push(
        yield* spawn(function* worker(i: number): KernelOp<number> {
          yield* sleep(i % 7);
          if (i % 10 === 9) throw new Error(`worker ${i} failed`);
          return i;
        }, i),
      );
    }
    let sum = 0;
    const errors: string[] = [];
    for (const task of tasks) {
      try {
        sum += yield* join(task);
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    return { sum, errors };
  }, { clock: "virtual", onUnjoinedError: (error) => reported.push(error) });
  let expected = 0;
  const expectedErrors: string[] = [];
  for (let i = 0; i < N; i++) {
    if (i % 10 === 9) expectedErrors.push(`worker ${i} failed`);
    else expected += i;
  }
  assert.equal(outcome.sum, expected);
  assert.deepEqual(outcome.errors, expectedErrors);
  // A worker that failed before main came to its join was reported as it
  // ended (nobody waited for it then); each report is a real failure, once.
  const messages = reported.map((error) => (error as Error).message);
  assert.ok(messages.length > 0);
  assert.equal(new Set(messages).size, messages.length);
  assert.ok(messages.every((message) => expectedErrors.includes(message)));
});

Deno.test("a crash is reported as the task ends, not when run() ends, and a later join still sees it", async () => {
  // Regression: crashes were held until run() ended, so a long-running server
  // reported nothing while it ran (and kept every failed task alive).
  const log: string[] = [];
  const value = await run(function* main() {
    yield* spawn(function* orphan() {
      yield* sleep(1);
      throw new Error("lost?");
    });
    const joinedLater = yield* spawn(function* joinedLater() {
      throw new Error("seen by main too");
    });
    yield* spawn(function* quick() {
      throw new Error("also lost?");
    });
    yield* sleep(2);
    log.push(`main at ${yield* now()}`);
    try {
      yield* join(joinedLater);
    } catch (error) {
      log.push(`main joined: ${(error as Error).message}`);
    }
    const waitedFor = yield* spawn(function* waitedFor() {
      yield* sleep(1);
      throw new Error("received by its join");
    });
    try {
      yield* join(waitedFor); // waiting when it fails: not a crash
    } catch { /* handled */ }
    return "main ok";
  }, {
    clock: "virtual",
    onUnjoinedError: (error, task) => log.push(`crash: ${task}: ${(error as Error).message}`),
  });
  assert.equal(value, "main ok");
  assert.deepEqual(log, [
    'crash: task 3 ("joinedLater"): seen by main too',
    'crash: task 4 ("quick"): also lost?',
    'crash: task 2 ("orphan"): lost?',
    "main at 2",
    "main joined: seen by main too",
  ]);
});

Deno.test("the default crash report names the task and prints the error's stack", async () => {
  const printed: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void printed.push(args);
  try {
    await run(function* main() {
      yield* spawn(function* broken() {
        throw new Error("boom");
      });
    });
  } finally {
    console.error = original;
  }
  assert.equal(printed.length, 1);
  assert.match(String(printed[0][0]), /^Task crash: task 2 \("broken"\) ended with an error/);
  assert.match((printed[0][1] as Error).stack ?? "", /boom\n\s+at broken/);
});

Deno.test("a task that dies of its own cancellation is not reported", async () => {
  const reported: unknown[] = [];
  await run(function* main() {
    const task = yield* spawn(function* sleeper() {
      yield* sleep(60);
    });
    yield;
    yield* cancel(task);
  }, { clock: "virtual", onUnjoinedError: (error) => reported.push(error) });
  assert.deepEqual(reported, []);
});

Deno.test("run() rejects with DeadlockError when tasks can never wake, after closing them", async () => {
  const log: string[] = [];
  await assert.rejects(
    run(function* main() {
      const me = yield* current();
      const child = yield* spawn(function* child() {
        try {
          yield* join(me);
        } finally {
          log.push("child's finally ran");
          yield* sleep(1); // a finally that waits again cannot be served
          log.push("not reached");
        }
      });
      try {
        yield* join(child);
      } finally {
        log.push("main's finally ran");
      }
    }),
    (error) => {
      assert.ok(error instanceof DeadlockError);
      assert.equal(
        error.message,
        "Cannot continue as 2 task(s) wait and nothing can wake them: " +
          "every remaining task joins or cancels another in a cycle:\n" +
          '  task 1 ("main") waits in join for task 2 ("child")\n' +
          '  task 2 ("child") waits in join for task 1 ("main")',
      );
      assert.deepEqual(error.tasks, [
        { id: 1, name: "main", trap: "join", waitingFor: [2] },
        { id: 2, name: "child", trap: "join", waitingFor: [1] },
      ]);
      return true;
    },
  );
  // Regression: the stuck generators were dropped without their finally.
  assert.deepEqual(log, ["main's finally ran", "child's finally ran"]);
  assert.ok(new DeadlockError("x") instanceof Error);
});

Deno.test("a real-clock sleep waits on the host timer, in order", async () => {
  const log: string[] = [];
  await run(function* main() {
    yield* spawn(function* slower() {
      yield* sleep(0.004);
      log.push("slower");
    });
    yield* sleep(0.002);
    log.push("faster");
  });
  assert.deepEqual(log, ["faster", "slower"]);
});

Deno.test("a busy kernel still lets Promise callbacks in while a task waits on one", async () => {
  // The ticker never blocks, so the loop never idles; the host turn every few
  // milliseconds lets the setTimeout callback run and wake the waiter.
  let spins = 0;
  const value = await run(function* main() {
    const ticker = yield* spawn(function* ticker() {
      for (;;) {
        spins++;
        yield;
      }
    });
    const value = yield* wait(new Promise((resolve) => setTimeout(() => resolve("in"), 1)));
    yield* cancel(ticker);
    return value;
  });
  assert.equal(value, "in");
  assert.ok(spins > 0);
});

// Why ignore: the poll(2) selector needs FFI (Linux or Intel macOS, --allow-ffi).
const noPoll = pollUnsupportedReason();

Deno.test({
  name: "with the poll(2) selector, wait(promise) is woken by a setTimeout, idle or busy",
  ignore: noPoll !== null,
  async fn() {
    // Regression: poll(2) blocks the thread and answers synchronously, so the
    // loop never returned to the host and the timer could never fire.
    const net = new PollNetwork();
    try {
      const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(resolve, 2, value));
      const idle = await run(function* main() {
        return yield* wait(later("idle"));
      }, { selector: net });
      assert.equal(idle, "idle");
      let settled = false;
      const busy = await run(function* main() {
        yield* spawn(function* spinner() {
          while (!settled) yield; // never blocks: the loop never idles
        });
        const value = yield* wait(later("busy"));
        settled = true;
        return value;
      }, { selector: net });
      assert.equal(busy, "busy");
    } finally {
      net.close();
    }
  },
});
if (noPoll !== null) console.warn(`kernel_test.ts: poll(2) test skipped: ${noPoll}`);

Deno.test("with the in-memory network, a spinning task does not starve wait(promise)", async () => {
  let settled = false;
  const value = await run(function* main() {
    yield* spawn(function* spinner() {
      while (!settled) yield;
    });
    const value = yield* wait(new Promise((resolve) => setTimeout(resolve, 2, "in")));
    settled = true;
    return value;
  }, { selector: new MemoryNetwork() });
  assert.equal(value, "in");
});

Deno.test("known limit: a task that never yields runs to completion before anyone else", async () => {
  // Cooperative scheduling: nothing can take the turn away from a task. This
  // one does 100,000 steps without yielding, so the task spawned before it,
  // and every timer that expires meanwhile, waits until it is done.
  const log: string[] = [];
  await run(function* main() {
    yield* spawn(function* polite() {
      log.push("polite runs");
    });
    let steps = 0;
    for (let i = 0; i < 100_000; i++) steps++; // no yield inside
    log.push(`main did ${steps} steps first`);
    yield;
    log.push("main after its first yield");
  });
  assert.deepEqual(log, [
    "main did 100000 steps first",
    "polite runs",
    "main after its first yield",
  ]);
});

Deno.test("a virtual clock does not jump while a task waits on a Promise", async () => {
  // Regression: a sleeper at t=100 woke before a Promise of 20 ms resolved.
  const log: string[] = [];
  await run(function* main() {
    yield* spawn(function* sleeper() {
      yield* sleep(100);
      log.push(`sleeper woke at ${yield* now()}`);
    });
    const value = yield* wait(new Promise((resolve) => setTimeout(resolve, 20, "answer")));
    log.push(`${value} at ${yield* now()}`);
  }, { clock: "virtual" });
  assert.deepEqual(log, ["answer at 0", "sleeper woke at 100"]);
});

Deno.test("a virtual clock still jumps past a Future that a task will complete", async () => {
  const log: string[] = [];
  await run(function* main() {
    const box = new Future<string>(); // not external: a task completes it
    yield* spawn(function* filler() {
      yield* sleep(5);
      box.setResult("filled");
    });
    log.push(`${yield* wait(box)} at ${yield* now()}`);
  }, { clock: "virtual" });
  assert.deepEqual(log, ["filled at 5"]);
});

/** The default selector, counting its select() calls. */
class CountingIdleSelector extends IdleSelector {
  calls: (number | null)[] = [];
  override select(timeout: number | null): ReadyEvent[] | Promise<ReadyEvent[]> {
    this.calls.push(timeout);
    return super.select(timeout);
  }
}

Deno.test("a wait on a Promise under the idle selector blocks once, not every 5 ms", async () => {
  // Regression: the host-turn cap applied to every selector, so one 500 ms
  // wait(promise) made 83 select() calls; only a selector that blocks the
  // thread needs it.
  const selector = new CountingIdleSelector();
  const value = await run(function* main() {
    return yield* wait(new Promise((resolve) => setTimeout(resolve, 60, "late")));
  }, { selector });
  selector.close();
  assert.equal(value, "late");
  assert.deepEqual(selector.calls, [null]);
});
