import assert from "node:assert/strict";
import { cancel, join, run, sleep, spawn, TraceRecorder } from "../../kernel/mod.ts";
import { buildTimeline } from "./timeline.ts";
import { columnLayout, formatTime, renderTimeline, textWidth } from "./timeline_svg.ts";

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
  // main runs, child runs, [the clock jumps: an idle column from t=0], child runs, main runs.
  assert.equal(timeline.runs, 4);
  assert.deepEqual(timeline.idle, [false, false, true, false, false]);
  assert.deepEqual(timeline.times, [0, 0, 0, 1, 1]);
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
  assert.ok(width <= 200 + 5001 * 3 + 100, `width ${width}: steps shrink to 3 px`);
});

/** A real-clock trace: quick steps, a long stall, then quick steps again. */
function realClockTrace() {
  const events: Record<string, unknown>[] = [
    { type: "spawn", time: 0, task: 1, name: "main", parent: null },
    { type: "run", time: 0.001, task: 1 },
  ];
  let t = 0.001;
  for (let task = 2; task <= 6; task++) {
    t += 0.0004;
    events.push({ type: "trap", time: t, task: 1, trap: "spawn" });
    events.push({ type: "spawn", time: t, task, name: "sleeper", parent: 1 });
    events.push({ type: "run", time: t, task: 1 });
  }
  events.push({ type: "trap", time: t, task: 1, trap: "join" });
  events.push({ type: "block", time: t, task: 1, trap: "join", detail: "task 2" });
  for (let task = 2; task <= 6; task++) {
    t += 0.0003;
    events.push({ type: "run", time: t, task });
    events.push({ type: "trap", time: t, task, trap: "future" });
    events.push({ type: "block", time: t, task, trap: "future" });
  }
  t = 0.6931;
  for (let task = 2; task <= 6; task++) {
    events.push({ type: "wake", time: t, task, trap: "future" });
    events.push({ type: "run", time: t, task });
    events.push({ type: "exit", time: t, task, value: `sleeper ${task} done, a long value` });
    t += 0.0001;
  }
  events.push({ type: "wake", time: t, task: 1, trap: "join" });
  events.push({ type: "run", time: t, task: 1 });
  events.push({ type: "exit", time: t, task: 1, value: "all five sleepers are done" });
  return events as never;
}

Deno.test("renderTimeline() on the real clock: a stall is wide, labels never collide, nothing is cut off", () => {
  const timeline = buildTimeline(realClockTrace(), { minGap: 0.005 });
  assert.equal(timeline.lanes.length, 6);
  const stall = timeline.idle.indexOf(true);
  assert.ok(stall > 0, "the 0.69 s wait is an idle column");
  const xs = columnLayout(timeline, 700);
  const widths = xs.slice(1).map((x, i) => x - xs[i]);
  const steps = widths.filter((_, i) => !timeline.idle[i]);
  assert.ok(widths[stall] > 10 * Math.max(...steps), `the stall is wide: ${widths}`);
  assert.ok(Math.min(...steps) >= 3, "every step keeps a minimum width");

  const svg = renderTimeline(timeline, { clock: "real", width: 700 });
  const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)![1]);
  const labels = [...svg.matchAll(/<text class="tick-label" x="([\d.]+)"[^>]*>([^<]+)</g)].map((
    m,
  ) => ({ x: Number(m[1]), text: m[2] }));
  assert.ok(labels.length >= 2, `some ruler labels: ${JSON.stringify(labels)}`);
  for (const [i, label] of labels.entries()) {
    assert.match(label.text, /^t=\d+(\.\d*[1-9])?$/, "no trailing zeros, no bare point");
    const next = labels[i + 1];
    if (next !== undefined) {
      assert.ok(label.x + textWidth(label.text, 11) < next.x, `${label.text} clears ${next.text}`);
      assert.notEqual(label.text, next.text, "a time is not printed twice in a row");
    }
  }
  const texts = [...svg.matchAll(/<text[^>]* x="([\d.]+)"[^>]*>([^<]*)</g)];
  for (const [, x, html] of texts) {
    const text = html.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&amp;/g, "&");
    assert.ok(Number(x) + textWidth(text, 11) <= width, `"${text}" fits in ${width} px`);
  }
  assert.match(svg, /→ &quot;all five sleepers are …/);
});

Deno.test("buildTimeline() keeps time a task spends running inside its step", () => {
  const timeline = buildTimeline([
    { type: "spawn", time: 0, task: 1, name: "main", parent: null },
    { type: "run", time: 0, task: 1 },
    { type: "trap", time: 0.4, task: 1, trap: "checkpoint" }, // fib(34) on the kernel's thread
    { type: "run", time: 0.4, task: 1 },
    { type: "exit", time: 0.4, task: 1 },
  ] as never, { minGap: 0.005 });
  assert.deepEqual(timeline.idle, [false, false], "no idle column: main was running");
  assert.deepEqual(timeline.times, [0, 0.4]);
  const xs = columnLayout(timeline, 400);
  assert.ok(xs[1] - xs[0] > 4 * (xs[2] - xs[1]), `the long step is wide: ${xs}`);
  assert.equal(formatTime(0.4), "0.4");
});

Deno.test("renderTimeline() does not print one time twice when two steps round to it", () => {
  const timeline = buildTimeline([
    { type: "spawn", time: 0.0011, task: 1, name: "main", parent: null },
    { type: "run", time: 0.0011, task: 1 },
    { type: "trap", time: 0.0012, task: 1, trap: "checkpoint" },
    { type: "run", time: 0.0014, task: 1 },
    { type: "exit", time: 0.0014, task: 1 },
  ] as never, { minGap: 0.005 });
  const svg = renderTimeline(timeline, { clock: "real", width: 1200 });
  const labels = [...svg.matchAll(/class="tick-label"[^>]*>([^<]+)</g)].map((m) => m[1]);
  assert.deepEqual(labels, ["t=0.001"]);
});
