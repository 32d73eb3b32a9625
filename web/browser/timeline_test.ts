import assert from "node:assert/strict";
import { cancel, join, run, sleep, spawn, TraceRecorder } from "../../kernel/mod.ts";
import { buildTimeline, renderTimeline } from "./timeline.ts";

async function traceOf(main: () => Generator<unknown, unknown, unknown>) {
  const recorder = new TraceRecorder();
  await run(main as never, { clock: "virtual", trace: recorder.observer });
  return recorder.events;
}

Deno.test("buildTimeline() draws the trace schema's worked example", async () => {
  const events = await traceOf(function* main() {
    const child = yield* spawn(function* child() {
      yield* sleep(1);
      return 2;
    });
    return yield* join(child);
  });
  const timeline = buildTimeline(events);
  assert.deepEqual(timeline.lanes.map((l) => [l.task, l.name, l.parent]), [
    [1, "main", null],
    [2, "child", 1],
  ]);
  // main runs, child runs, [the clock jumps: an idle column], child runs, main runs.
  assert.equal(timeline.runs, 4);
  assert.deepEqual(timeline.idle, [false, false, true, false, false]);
  assert.deepEqual(timeline.times, [0, 0, 1, 1, 1]);
  const [main, child] = timeline.lanes;
  assert.deepEqual(main.spans, [
    { kind: "run", from: 0, to: 1 },
    { kind: "blocked", from: 1, to: 4, label: "join task 2" },
    { kind: "run", from: 4, to: 5 },
  ]);
  assert.ok(child.spans.every((s) => s.to > s.from), "no empty spans");
  assert.deepEqual(child.spans.map((s) => s.kind), ["run", "blocked", "run"]);
  assert.equal(child.spans[1].label, "sleep 1s");
  assert.deepEqual(child.marks, [{ kind: "wake", at: 3, label: "sleep" }, {
    kind: "exit",
    at: 4,
    label: "2",
  }]);
  assert.deepEqual(main.marks.map((m) => m.kind), ["wake", "exit"]);
});

Deno.test("buildTimeline() tells a checkpoint from a block, and a cancel from an error", async () => {
  const events = await traceOf(function* main() {
    const looper = yield* spawn(function* looper() {
      yield;
      yield* sleep(60);
    });
    const broken = yield* spawn(function* broken() {
      yield;
      throw new Error("boom");
    });
    yield* sleep(1);
    yield* cancel(looper);
    try {
      yield* join(broken);
    } catch {
      // joined: reported here, not as an unjoined error
    }
  });
  const timeline = buildTimeline(events);
  const [, looper, broken] = timeline.lanes;
  assert.deepEqual(looper.spans.slice(0, 3).map((s) => s.kind), ["run", "ready", "run"]);
  assert.deepEqual(looper.marks.map((m) => m.kind), ["cancel", "wake", "cancelled"]);
  assert.deepEqual(broken.marks.at(-1), {
    kind: "error",
    at: broken.marks.at(-1)!.at,
    label: "Error: boom",
  });
  const svg = renderTimeline(timeline);
  assert.match(svg, /<g class="lane" data-task="3">/);
  assert.match(svg, /data-kind="error"/);
  assert.match(svg, /data-kind="cancel"/);
  assert.match(svg, /waits: sleep 60s/);
  assert.match(svg, />t=1</);
});

Deno.test("renderTimeline() escapes names and shrinks long runs to a bounded width", () => {
  const events = [
    { type: "spawn", time: 0, task: 1, name: "<main>", parent: null },
    ...Array.from({ length: 5000 }, () => ({ type: "run", time: 0, task: 1 })),
    { type: "exit", time: 0, task: 1 },
  ] as const;
  const svg = renderTimeline(buildTimeline(events as never));
  assert.match(svg, /&lt;main&gt;/);
  const width = Number(/width="(\d+)"/.exec(svg)![1]);
  assert.ok(width <= 150 + 5000 * 3 + 90, `width ${width}`);
});
