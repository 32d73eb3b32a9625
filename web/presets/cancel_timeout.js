// Cancel and time out: cleanup runs, errors arrive where a task waits
import { cancel, run, sleep, spawn, timeoutAfter, TimeoutError } from "../../kernel/mod.ts";

function* worker() {
  try {
    console.log("worker: starting a long sleep");
    yield* sleep(60);
  } finally {
    // Cancellation is raised inside the task, at the sleep: cleanup runs.
    console.log("worker: cleaning up");
  }
}

await run(function* main() {
  const task = yield* spawn(worker);
  yield* sleep(1);
  console.log("main: cancel delivered?", yield* cancel(task));
  try {
    yield* timeoutAfter(2, function* slowRequest() {
      yield* sleep(10);
    });
  } catch (error) {
    console.log("main: timed out?", error instanceof TimeoutError);
  }
}, { clock: "virtual" });
