// Worker pool: fib in a Worker leaves the ticker running
// needs: workers
import { join, run, sleep, spawn } from "../../kernel/mod.ts";
import { runInWorker, WorkerPool } from "../../kernel/worker_pool.ts";
import { fib, JOBS } from "../browser/jobs.ts";

// fib is CPU work. Called in a task, it holds the kernel's only thread and
// the ticker stops; sent to a Worker, it runs beside the kernel.
await using pool = new WorkerPool({ size: 1 });

function* ticker(ticks) {
  for (let i = 1; i <= ticks; i++) {
    yield* sleep(0.05);
    console.log("tick", i);
  }
}

function* inKernel() {
  yield; // a checkpoint: the ticker takes its turn and starts sleeping
  return fib(34); // then this blocks the thread: no tick can happen meanwhile
}

function* inWorker() {
  return yield* runInWorker(pool, JOBS, "fib", 34); // waits on a Future
}

for (const how of [inKernel, inWorker]) {
  console.log(`-- ${how.name}`);
  await run(function* main() {
    const tick = yield* spawn(ticker, 4);
    console.log("fib(34) =", yield* join(yield* spawn(how)));
    yield* join(tick);
  }, { clock: "real" });
}
