import assert from "node:assert/strict";
import { formatTrace, type TraceEvent, TraceRecorder, traceValue } from "./trace.ts";
import { run, sleep } from "./mod.ts";

Deno.test("formatTrace() writes one line per event type", () => {
  const events: TraceEvent[] = [
    { type: "spawn", time: 0, task: 1, name: "main", parent: null },
    { type: "run", time: 0, task: 1 },
    { type: "trap", time: 0, task: 1, trap: "sleep" },
    { type: "block", time: 0, task: 1, trap: "sleep", detail: "1s" },
    { type: "block", time: 0, task: 1, trap: "future" },
    { type: "wake", time: 1, task: 1, trap: "sleep" },
    { type: "cancel", time: 1, task: 2, by: 1 },
    { type: "exit", time: 1, task: 2, error: "Error: boom" },
    { type: "exit", time: 1, task: 3, value: [1] },
    { type: "exit", time: 1, task: 1 },
  ];
  assert.equal(
    formatTrace(events),
    [
      "0 spawn 1 main parent=null",
      "0 run 1",
      "0 trap 1 sleep",
      "0 block 1 sleep 1s",
      "0 block 1 future",
      "1 wake 1 sleep",
      "1 cancel 2 by=1",
      "1 exit 2 error=Error: boom",
      "1 exit 3 value=[1]",
      "1 exit 1",
    ].join("\n"),
  );
});

Deno.test("traceValue() keeps JSON-able values and stringifies the rest", () => {
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  assert.equal(traceValue("s"), "s");
  assert.equal(traceValue(1.5), 1.5);
  assert.equal(traceValue(Infinity), "Infinity");
  assert.equal(traceValue(null), null);
  assert.equal(traceValue(cyclic), "[object Object]");
  assert.equal(traceValue(Symbol("x")), "Symbol(x)");
  const original = { list: [1] };
  const copy = traceValue(original);
  assert.deepEqual(copy, original);
  assert.notEqual(copy, original, "the event does not share the task's object");
});

Deno.test("TraceRecorder records a sleeping run with virtual times", async () => {
  const recorder = new TraceRecorder();
  await run(function* main() {
    yield* sleep(1.5);
    return "ok";
  }, { clock: "virtual", trace: recorder.observer });
  assert.equal(
    recorder.format(),
    [
      "0 spawn 1 main parent=null",
      "0 run 1",
      "0 trap 1 sleep",
      "0 block 1 sleep 1.5s",
      "1.5 wake 1 sleep",
      "1.5 run 1",
      '1.5 exit 1 value="ok"',
    ].join("\n"),
  );
});
