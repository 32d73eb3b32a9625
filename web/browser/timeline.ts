/**
 * The schedule timeline: a kernel trace turned into lanes, one per task.
 *
 * The x axis counts **scheduler steps**: every `run` event opens a column,
 * in which exactly one task runs. Why steps and not seconds: on the virtual
 * clock a whole round robin happens at t=0, and a time axis would draw it
 * as one line. The clock is drawn as a ruler instead, labelled at each step
 * where the time changed. Where the clock moves while no task runs (the
 * virtual clock jumping to the next deadline), an **idle** column is put in,
 * so a task sleeping across the jump is drawn with some length.
 *
 * Between its runs a task is `ready` (in the queue) or `blocked` (in a trap,
 * labelled with what it waits for, e.g. `sleep 1s` or `join task 2`). Marks
 * show wakeups, cancellations and how each task exited.
 *
 * {@linkcode buildTimeline} is pure data; {@linkcode renderTimeline} draws
 * it as an SVG string, so both run in Deno tests and in the page.
 *
 * @module
 */

import type { TraceEvent } from "../../kernel/trace.ts";

/** A stretch of one task's life, in step units: `[from, to)`. */
export interface Span {
  /** What the task was doing. */
  kind: "run" | "ready" | "blocked";
  /** First step (columns count from 0; boundaries are whole numbers). */
  from: number;
  /** Step where it ended (exclusive). */
  to: number;
  /** For `blocked`: the trap and what it waits for, `"sleep 1s"`. */
  label?: string;
}

/** Something that happened to a task at a step boundary. */
export interface Mark {
  /**
   * `wake`: put back in the queue; `cancel`: cancellation delivered;
   * `exit`: returned; `cancelled`: ended by its cancellation; `error`: threw.
   */
  kind: "wake" | "cancel" | "exit" | "cancelled" | "error";
  /** Step boundary where it happened. */
  at: number;
  /** Details: the trap woken from, the canceller, the value or the error. */
  label?: string;
}

/** One task's lane. */
export interface Lane {
  /** Task id (main is 1). */
  task: number;
  /** Task name. */
  name: string;
  /** Parent task id, `null` for main. */
  parent: number | null;
  /** Its spans, oldest first. */
  spans: Span[];
  /** Its marks, oldest first. */
  marks: Mark[];
}

/** A whole run, ready to draw. */
export interface Timeline {
  /** One lane per task, in spawn order. */
  lanes: Lane[];
  /** How many columns there are (steps and idle columns). */
  steps: number;
  /** How many of them are steps, where a task ran. */
  runs: number;
  /** Clock time at the start of each column. */
  times: number[];
  /** Which columns are idle: the clock moved and nothing ran. */
  idle: boolean[];
  /** Clock time of the last event. */
  endTime: number;
}

type Open = { span: Span | null; lane: Lane; state: "new" | Span["kind"] | "done" };

/**
 * Turn trace events (of one run) into lanes of spans and marks.
 *
 * @example A child that sleeps while main waits to join it
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildTimeline } from "./timeline.ts";
 *
 * const timeline = buildTimeline([
 *   { type: "spawn", time: 0, task: 1, name: "main", parent: null },
 *   { type: "run", time: 0, task: 1 },
 *   { type: "exit", time: 0, task: 1 },
 * ]);
 * assert.equal(timeline.steps, 1);
 * assert.deepEqual(timeline.lanes[0].spans, [{ kind: "run", from: 0, to: 1 }]);
 * ```
 */
export function buildTimeline(events: readonly TraceEvent[], options: BuildOptions = {}): Timeline {
  const minGap = options.minGap ?? 0;
  const lanes: Lane[] = [];
  const open = new Map<number, Open>();
  const times: number[] = [];
  const idle: boolean[] = [];
  let runs = 0;
  let step = -1; // the column being filled; -1 before the first run
  let running: Open | null = null;

  const begin = (o: Open, kind: Span["kind"], at: number, label?: string) => {
    end(o, at);
    o.span = label === undefined ? { kind, from: at, to: at } : { kind, from: at, to: at, label };
    o.state = kind;
  };
  const end = (o: Open, at: number) => {
    if (o.span === null) return;
    o.span.to = at;
    if (o.span.to > o.span.from) o.lane.spans.push(o.span);
    o.span = null;
  };
  const get = (task: number): Open => {
    let o = open.get(task);
    if (o === undefined) {
      // Why: a trace may start mid-run (a capped recording); give it a lane anyway.
      const lane: Lane = { task, name: `task ${task}`, parent: null, spans: [], marks: [] };
      lanes.push(lane);
      o = { span: null, lane, state: "new" };
      open.set(task, o);
    }
    return o;
  };

  for (const event of events) {
    if (step >= 0 && event.time - times[step] > minGap) {
      // The clock moved since this column began: time passed with nobody running.
      step++;
      times.push(event.time);
      idle.push(true);
      if (running !== null && running.state === "run") begin(running, "ready", step);
      running = null;
    }
    const at = step + 1; // every non-run event sits at the end of the current column
    switch (event.type) {
      case "spawn": {
        const o = get(event.task);
        o.lane.name = event.name;
        o.lane.parent = event.parent;
        begin(o, "ready", at);
        break;
      }
      case "run": {
        step++;
        runs++;
        times.push(event.time);
        idle.push(false);
        // The task that ran last is still "running": it yielded a checkpoint
        // and went to the back of the queue.
        if (running !== null && running.state === "run") begin(running, "ready", step);
        running = get(event.task);
        begin(running, "run", step);
        break;
      }
      case "trap":
        break; // shown through what follows: a block, or a requeue at the next run
      case "block": {
        const label = event.detail === undefined ? event.trap : `${event.trap} ${event.detail}`;
        begin(get(event.task), "blocked", at, label);
        break;
      }
      case "wake": {
        const o = get(event.task);
        begin(o, "ready", at);
        o.lane.marks.push({ kind: "wake", at, label: event.trap });
        break;
      }
      case "cancel": {
        const by = event.by === null ? "the kernel" : `task ${event.by}`;
        get(event.task).lane.marks.push({ kind: "cancel", at, label: `cancelled by ${by}` });
        break;
      }
      case "exit": {
        const o = get(event.task);
        end(o, at);
        o.state = "done";
        const cancelled = o.lane.marks.some((m) => m.kind === "cancel") &&
          event.error?.startsWith("Cancelled") === true;
        if (cancelled) {
          o.lane.marks.push({ kind: "cancelled", at, label: event.error });
        } else if (event.error !== undefined) {
          o.lane.marks.push({ kind: "error", at, label: event.error });
        } else {
          const mark: Mark = { kind: "exit", at };
          if ("value" in event) mark.label = JSON.stringify(event.value);
          o.lane.marks.push(mark);
        }
        break;
      }
    }
  }
  const steps = step + 1;
  for (const o of open.values()) end(o, steps);
  return { lanes, steps, runs, times, idle, endTime: events.at(-1)?.time ?? 0 };
}

/** Options for {@linkcode buildTimeline}. */
export interface BuildOptions {
  /**
   * Put in an idle column only when the clock moved by more than this many
   * seconds: 0 for the virtual clock, a few milliseconds for the real one.
   * @default {0}
   */
  minGap?: number;
}

/** Drawing options for {@linkcode renderTimeline}. */
export interface RenderOptions {
  /** Name of the clock, for the ruler: `"virtual"` or `"real"`. @default {"virtual"} */
  clock?: string;
  /** Width of one step in pixels; shrinks for long runs. @default {28} */
  stepWidth?: number;
}

const LANE = 30;
const LABELS = 150;
const RULER = 30;
const MAX_WIDTH = 4000;

/**
 * Draw a timeline as an SVG document (a string). Elements carry
 * `data-task` and `data-kind`, and each has a `<title>` for hovering.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildTimeline, renderTimeline } from "./timeline.ts";
 *
 * const svg = renderTimeline(buildTimeline([
 *   { type: "spawn", time: 0, task: 1, name: "main", parent: null },
 *   { type: "run", time: 0, task: 1 },
 *   { type: "exit", time: 0, task: 1, value: 42 },
 * ]));
 * assert.match(svg, /data-kind="run"/);
 * ```
 */
export function renderTimeline(timeline: Timeline, options: RenderOptions = {}): string {
  const clock = options.clock ?? "virtual";
  const steps = Math.max(timeline.steps, 1);
  const w = Math.max(3, Math.min(options.stepWidth ?? 28, Math.floor(MAX_WIDTH / steps)));
  const width = LABELS + steps * w + 90;
  const height = RULER + timeline.lanes.length * LANE + 8;
  const x = (step: number) => LABELS + step * w;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" role="img" aria-label="schedule timeline">`,
  );
  // Ruler: the clock time at each step where it changed.
  out.push(`<text class="ruler-title" x="4" y="14">${esc(clock)} clock (s)</text>`);
  let last = Number.NaN;
  let lastLabelX = -Infinity;
  for (let i = 0; i < timeline.times.length; i++) {
    if (timeline.idle[i]) {
      out.push(
        `<rect class="idle" x="${x(i)}" y="${RULER - 6}" width="${w}" height="${
          height - RULER + 6
        }">` +
          `<title>the clock moved; no task ran</title></rect>`,
      );
    }
    const t = timeline.times[i];
    if (t === last) continue;
    last = t;
    out.push(`<line class="tick" x1="${x(i)}" y1="${RULER - 8}" x2="${x(i)}" y2="${height}"/>`);
    if (x(i) - lastLabelX >= 40) {
      out.push(`<text class="tick-label" x="${x(i) + 2}" y="${RULER - 12}">t=${fmtTime(t)}</text>`);
      lastLabelX = x(i);
    }
  }
  for (const [row, lane] of timeline.lanes.entries()) {
    const top = RULER + row * LANE;
    const mid = top + LANE / 2;
    const hue = (lane.task * 137) % 360;
    out.push(`<g class="lane" data-task="${lane.task}">`);
    out.push(
      `<rect class="lane-bg${
        row % 2 ? " odd" : ""
      }" x="0" y="${top}" width="${width}" height="${LANE}"/>`,
    );
    const parent = lane.parent === null ? "" : ` ← ${lane.parent}`;
    out.push(
      `<text class="lane-label" x="6" y="${mid + 4}">${lane.task} ${esc(clip(lane.name, 14))}` +
        `<tspan class="parent">${parent}</tspan><title>task ${lane.task} "${esc(lane.name)}"${
          lane.parent === null ? "" : `, spawned by task ${lane.parent}`
        }</title></text>`,
    );
    for (const span of lane.spans) {
      const x0 = x(span.from);
      const sw = (span.to - span.from) * w;
      const at = `data-task="${lane.task}" data-kind="${span.kind}"`;
      if (span.kind === "run") {
        out.push(
          `<rect class="run" ${at} x="${x0 + 0.5}" y="${top + 5}" width="${Math.max(sw - 1, 1)}" ` +
            `height="${LANE - 10}" fill="hsl(${hue} 65% 52%)"><title>task ${lane.task} runs ` +
            `(step ${span.from + 1}${span.to - span.from > 1 ? `–${span.to}` : ""})</title></rect>`,
        );
      } else if (span.kind === "blocked") {
        const label = span.label ?? "blocked";
        out.push(
          `<g class="blocked" ${at}><rect x="${x0 + 0.5}" y="${top + 9}" width="${
            Math.max(sw - 1, 1)
          }" height="${LANE - 18}" stroke="hsl(${hue} 50% 45%)"/>` +
            (sw >= 36
              ? `<text x="${x0 + 4}" y="${top + 7}" class="wait-label">${
                esc(clip(label, Math.floor(sw / 6)))
              }</text>`
              : "") +
            `<title>task ${lane.task} waits: ${esc(label)}</title></g>`,
        );
      } else {
        out.push(
          `<line class="ready" ${at} x1="${x0}" y1="${mid}" x2="${x0 + sw}" y2="${mid}">` +
            `<title>task ${lane.task} ready, in the queue</title></line>`,
        );
      }
    }
    for (const mark of lane.marks) out.push(drawMark(mark, lane.task, x(mark.at), mid));
    out.push(`</g>`);
  }
  out.push(`</svg>`);
  return out.join("");
}

function drawMark(mark: Mark, task: number, cx: number, mid: number): string {
  const at = `data-task="${task}" data-kind="${mark.kind}"`;
  const title = `<title>task ${task}: ${esc(markText(mark))}</title>`;
  switch (mark.kind) {
    case "wake":
      return `<circle class="wake" ${at} cx="${cx}" cy="${mid}" r="3.5">${title}</circle>`;
    case "cancel":
      return `<g class="cancel" ${at}><path d="M${cx - 5} ${
        mid - 5
      }l10 10m0 -10l-10 10"/>${title}</g>`;
    case "error":
      return `<g class="error" ${at}><path d="M${cx - 6} ${mid - 6}l12 12m0 -12l-12 12"/>` +
        `<text x="${cx + 9}" y="${mid + 4}">${esc(clip(mark.label ?? "", 40))}</text>${title}</g>`;
    case "cancelled":
      return `<g class="cancelled" ${at}><rect x="${cx - 1}" y="${
        mid - 7
      }" width="3" height="14"/>` +
        `<text x="${cx + 6}" y="${mid + 4}">cancelled</text>${title}</g>`;
    case "exit":
      return `<g class="exit" ${at}><rect x="${cx - 1}" y="${mid - 7}" width="3" height="14"/>` +
        (mark.label === undefined
          ? ""
          : `<text x="${cx + 6}" y="${mid + 4}">→ ${esc(clip(mark.label, 24))}</text>`) +
        `${title}</g>`;
  }
}

function markText(mark: Mark): string {
  switch (mark.kind) {
    case "wake":
      return `woken from ${mark.label}`;
    case "cancel":
      return mark.label ?? "cancelled";
    case "error":
      return `threw ${mark.label}`;
    case "cancelled":
      return `ended by its cancellation (${mark.label})`;
    case "exit":
      return mark.label === undefined ? "returned" : `returned ${mark.label}`;
  }
}

function fmtTime(t: number): string {
  return Number.isInteger(t) ? String(t) : t.toFixed(t < 10 ? 3 : 1).replace(/0+$/, "");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(1, max - 1)) + "…";
}

/**
 * Escape text for HTML and SVG.
 *
 * @example
 * ```ts
 * import { esc } from "./timeline.ts";
 * console.assert(esc("<a&b>") === "&lt;a&amp;b&gt;");
 * ```
 */
export function esc(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}
