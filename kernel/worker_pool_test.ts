import assert from "node:assert/strict";
import { Cancelled } from "./errors.ts";
import { run } from "./kernel.ts";
import { cancel, checkpoint, join, spawn } from "./operations.ts";
import { PollNetwork, pollUnsupportedReason } from "./poll_selector.ts";
import { runInWorker, WorkerError, WorkerPool } from "./worker_pool.ts";

const JOBS = new URL("./testdata/pool_jobs.ts", import.meta.url);

Deno.test("submit() returns a Future that await and wait() both read", async () => {
  await using pool = new WorkerPool({ size: 1 });
  assert.equal(await pool.submit<number>(JOBS, "add", 2, 3), 5);
  const value = await run(function* main() {
    return yield* runInWorker<string>(pool, JOBS, "later", "async job", 1);
  }, { clock: "virtual" });
  assert.equal(value, "async job");
});

Deno.test("runInWorker() lets other tasks run while the job runs", async () => {
  await using pool = new WorkerPool({ size: 1 });
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const log = await run(function* main() {
    const log: string[] = [];
    const job = yield* spawn(function* blocker() {
      log.push(`job returned ${yield* runInWorker(pool, JOBS, "blockUntil", flag)}`);
    });
    for (let i = 0; i < 3; i++) {
      yield* checkpoint(); // the Worker is still blocked: the kernel runs other tasks
      log.push(`tick ${i}`);
    }
    Atomics.store(flag, 0, 7);
    Atomics.notify(flag, 0);
    yield* join(job);
    return log;
  }, { clock: "virtual" });
  assert.deepEqual(log, ["tick 0", "tick 1", "tick 2", "job returned 7"]);
});

Deno.test("a job that throws rejects with WorkerError and its Worker stays", async () => {
  await using pool = new WorkerPool({ size: 1 });
  await assert.rejects(Promise.resolve(pool.submit(JOBS, "fail", "boom")), (error) => {
    assert.ok(error instanceof WorkerError);
    assert.equal(error.message, 'Job "fail" threw in worker 1: Error: boom');
    assert.equal((error.cause as Error).message, "boom");
    assert.match((error.cause as Error).stack ?? "", /pool_jobs\.ts/);
    return true;
  });
  await assert.rejects(
    Promise.resolve(pool.submit(JOBS, "missing")),
    /Job "missing" threw in worker 1: TypeError: Cannot run "missing" as .*pool_jobs\.ts exports no function by that name/,
  );
  await assert.rejects(
    Promise.resolve(pool.submit(JOBS, "unclonable")),
    /Job "unclonable" threw in worker 1: DataCloneError/,
  );
  assert.equal(await pool.submit(JOBS, "add", 1, 1), 2);
  assert.equal(pool.workers, 1);
});

Deno.test("a Worker that dies rejects its job and is replaced", async () => {
  await using pool = new WorkerPool({ size: 1 });
  const crashed = pool.submit(JOBS, "crash", "kaboom");
  const queued = pool.submit<number>(JOBS, "add", 40, 2); // waits for the only Worker
  await assert.rejects(Promise.resolve(crashed), (error) => {
    assert.ok(error instanceof WorkerError);
    assert.equal(error.message, 'Worker 1 died while running "crash": Error: kaboom');
    return true;
  });
  assert.equal(await queued, 42); // ran on worker 2, the replacement
  assert.equal(pool.workers, 1);
  await assert.rejects(Promise.resolve(pool.submit(JOBS, "fail", "x")), /threw in worker 2/);
});

Deno.test("the pool never runs more Workers than its size, and queues the rest in order", async () => {
  await using pool = new WorkerPool({ size: 2 });
  const futures = [1, 2, 3, 4, 5].map((i) => pool.submit<number>(JOBS, "later", i, 5));
  assert.equal(pool.workers, 2);
  assert.equal(pool.pending, 5);
  assert.deepEqual(await Promise.all(futures), [1, 2, 3, 4, 5]);
  assert.equal(pool.workers, 2);
  assert.equal(pool.pending, 0);
});

Deno.test("prestart starts every Worker at once, and jobs reuse them", async () => {
  await using pool = new WorkerPool({ size: 2, prestart: true });
  assert.equal(pool.workers, 2);
  assert.equal(pool.pending, 0);
  assert.deepEqual(
    await Promise.all([pool.submit(JOBS, "add", 1, 1), pool.submit(JOBS, "add", 2, 2)]),
    [2, 4],
  );
  assert.equal(pool.workers, 2);
});

Deno.test("a pool of size n runs n jobs at the same time", async () => {
  await using pool = new WorkerPool({ size: 3 });
  const counter = new Int32Array(new SharedArrayBuffer(4));
  // Each job blocks until all three have arrived: only parallel Workers finish.
  const jobs = [1, 2, 3].map(() => pool.submit<number>(JOBS, "barrier", counter, 3));
  assert.deepEqual(await Promise.all(jobs), [3, 3, 3]);
});

Deno.test("close() rejects running and queued jobs and refuses new ones", async () => {
  const pool = new WorkerPool({ size: 1 });
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const running = pool.submit(JOBS, "blockUntil", flag);
  const queued = pool.submit(JOBS, "add", 1, 2);
  pool.close();
  pool.close(); // idempotent
  assert.equal(pool.workers, 0);
  await assert.rejects(
    Promise.resolve(running),
    new WorkerError('Job "blockUntil" was abandoned as the worker pool closed'),
  );
  await assert.rejects(
    Promise.resolve(queued),
    new WorkerError('Job "add" was abandoned as the worker pool closed'),
  );
  assert.throws(
    () => pool.submit(JOBS, "add", 1, 2),
    new Error('Cannot run "add" as the worker pool is closed: create a new WorkerPool'),
  );
});

Deno.test("submit() refuses a relative module and reports arguments that cannot be sent", async () => {
  await using pool = new WorkerPool({ size: 1 });
  assert.throws(
    () => pool.submit("./jobs.ts", "add"),
    new Error(
      'Cannot run "add" from "./jobs.ts" as it is not an absolute URL: pass new URL("./jobs.ts", import.meta.url)',
    ),
  );
  await assert.rejects(
    Promise.resolve(pool.submit(JOBS, "add", () => 1)),
    /Cannot send the arguments of "add" to a worker: DataCloneError/,
  );
  assert.throws(() => new WorkerPool({ size: 0 }), RangeError);
});

Deno.test("cancelling a task that waits on a job leaves the job running and the pool usable", async () => {
  await using pool = new WorkerPool({ size: 1 });
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const job = pool.submit(JOBS, "blockUntil", flag);
  const caught = await run(function* main() {
    const waiter = yield* spawn(function* waiter() {
      try {
        yield* runInWorker(pool, JOBS, "add", 1, 2); // queued behind blockUntil
      } catch (error) {
        return error;
      }
    });
    yield* checkpoint();
    yield* cancel(waiter, { wait: false });
    return yield* join(waiter);
  });
  assert.ok(caught instanceof Cancelled);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  assert.equal(await job, 1);
  assert.equal(await pool.submit(JOBS, "add", 2, 2), 4);
});

Deno.test({
  name: "watch() lets a Worker wake a kernel blocked in poll(2)",
  ignore: pollUnsupportedReason() !== null,
  async fn() {
    const net = new PollNetwork();
    try {
      await using pool = new WorkerPool({ size: 2 });
      const selector = pool.watch(net);
      const value = await run(function* main() {
        const a = yield* spawn(function* a() {
          return yield* runInWorker<string>(pool, JOBS, "later", "a", 20);
        });
        const b = yield* runInWorker<number>(pool, JOBS, "add", 1, 2);
        return [yield* join(a), b];
      }, { selector });
      assert.deepEqual(value, ["a", 3]);
      assert.ok(net.selector.wakeups >= 1, "no Worker wrote to the wakeup pipe");
    } finally {
      net.close();
    }
  },
});

Deno.test({
  name: "watch(): when poll(2) returns for a Worker's byte, its result is already delivered",
  ignore: pollUnsupportedReason() !== null,
  async fn() {
    // Why not a timed test: the point is where the result arrives. Without
    // watch() the kernel's poll() is ended by its 5 ms host-turn cap and the
    // result waits for the next host turn (~5.6 ms a job, against ~0.08 ms
    // with it); with watch(), the select that the Worker's byte ends hands
    // back a Promise that settles once the message is in.
    const net = new PollNetwork();
    try {
      await using pool = new WorkerPool({ size: 1, prestart: true });
      const selector = pool.watch(net);
      // Why no warm-up job first: its byte may reach the pipe after its result
      // reached us, and then end the next poll() for nothing.
      for (let i = 0; i < 3; i++) {
        const job = pool.submit<number>(JOBS, "later", i, 5);
        // Blocks in poll(2) until the Worker's byte (10 s: only a broken watch() waits that long).
        const events = selector.select(10);
        assert.ok(!Array.isArray(events), "select() did not wait for the Worker's message");
        assert.deepEqual(await events, []);
        assert.equal(job.done, true, "the result was not delivered when poll() returned");
        assert.equal(await job, i);
      }
      assert.ok(net.selector.wakeups >= 3);
    } finally {
      net.close();
    }
  },
});
