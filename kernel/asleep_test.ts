import assert from "node:assert/strict";
import { asleep } from "./asleep.ts";
import { run } from "./kernel.ts";
import { cancel, checkpoint, join, now, sleep, spawn } from "./operations.ts";
import { WorkerPool } from "./worker_pool.ts";

const JOBS = new URL("./testdata/pool_jobs.ts", import.meta.url);

Deno.test("five asleep() run at once and other tasks keep running meanwhile", async () => {
  await using pool = new WorkerPool({ size: 5 });
  const log = await run(function* main() {
    const log: string[] = [];
    const sleepers = [];
    for (let i = 0; i < 5; i++) {
      sleepers.push(
        yield* spawn(function* sleeper() {
          yield* asleep(pool, 0.05);
          log.push(`asleep ${i} done`);
        }),
      );
    }
    // The kernel's clock is virtual, and does not jump while the sleepers
    // wait on their Workers: the ticks come after the sleepers are done, in
    // virtual seconds that take no wall time. The kernel never blocks on them.
    for (let tick = 1; tick <= 3; tick++) {
      yield* sleep(1);
      log.push(`tick at ${yield* now()}`);
    }
    for (const sleeper of sleepers) yield* join(sleeper);
    return log;
  }, { clock: "virtual" });
  // Why no order between ticks and sleepers: that would race the Workers.
  assert.deepEqual(log.filter((line) => line.startsWith("tick")), [
    "tick at 1",
    "tick at 2",
    "tick at 3",
  ]);
  assert.deepEqual(
    log.filter((line) => line.startsWith("asleep")).sort(),
    [0, 1, 2, 3, 4].map((i) => `asleep ${i} done`),
  );
  assert.equal(pool.workers, 5);
});

Deno.test("asleep() does not use the kernel's clock", async () => {
  await using pool = new WorkerPool({ size: 1 });
  const time = await run(function* main() {
    yield* asleep(pool, 0.01);
    return yield* now();
  }, { clock: "virtual" });
  assert.equal(time, 0); // the wait was on a Worker, not on a kernel timer
});

Deno.test("cancelling asleep() wakes its Worker at once", async () => {
  await using pool = new WorkerPool({ size: 1 });
  await run(function* main() {
    const sleeper = yield* spawn(function* sleeper() {
      yield* asleep(pool, 3600);
    });
    // Why a checkpoint, not a sleep: a virtual clock does not jump while a
    // task waits on a Worker (the job could finish first).
    yield* checkpoint(); // the sleeper submits its job and waits on it
    assert.equal(yield* cancel(sleeper), true);
  }, { clock: "virtual" });
  // The only Worker is free again: an hour-long block would keep this waiting.
  assert.equal(await pool.submit(JOBS, "add", 1, 2), 3);
});

Deno.test("asleep() on a real clock finishes every sleeper", async () => {
  await using pool = new WorkerPool({ size: 5 });
  const done = await run(function* main() {
    const sleepers = [];
    for (let i = 0; i < 5; i++) {
      sleepers.push(
        yield* spawn(function* sleeper() {
          yield* asleep(pool, 0.02);
          return i;
        }),
      );
    }
    const done = [];
    for (const sleeper of sleepers) done.push(yield* join(sleeper));
    return done;
  });
  assert.deepEqual(done, [0, 1, 2, 3, 4]);
});

Deno.test("asleep() refuses a negative time", async () => {
  await using pool = new WorkerPool({ size: 1 });
  await assert.rejects(
    run(function* main() {
      yield* asleep(pool, -1);
    }),
    new RangeError("Cannot asleep for -1 s: use a finite number of seconds >= 0"),
  );
  assert.equal(pool.workers, 0);
});
