/**
 * The schedule timeline: a kernel trace turned into lanes, one per task.
 *
 * The data counts **scheduler steps**: every `run` event opens a column, in
 * which exactly one task runs, and the column starts at the clock time of
 * that event. Where the clock moves while no task runs (the virtual clock
 * jumping to the next deadline, or a real-clock wait), an **idle** column is
 * put in, starting when the last step ended. Time that passes while a task
 * runs (a long computation) stays in its step. `timeline_svg.ts` draws the
 * columns as wide as the time they took, with a minimum width, so a round
 * robin at t=0 is readable and a long stall looks long.
 *
 * Between its runs a task is `ready` (in the queue) or `blocked` (in a trap,
 * labelled with what it waits for, e.g. `sleep 1s` or `join task 2`). Marks
 * show wakeups, cancellations and how each task exited.
 *
 * {@linkcode buildTimeline} is pure data; `renderTimeline` in
 * `timeline_svg.ts` draws it as an SVG string, so both run in Deno tests and
 * in the page.
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
  /** Clock time at the start of each column; a column lasts until the next one starts. */
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
  // Between a task's run and its next trap (or exit) the clock is that task's:
  // time passing then is time it ran, not idle time.
  let midStep = false;
  let last = 0; // clock time of the latest event

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
    if (step >= 0 && !midStep && event.time - last > minGap) {
      // The clock moved since the last step ended: time passed with nobody running.
      step++;
      times.push(last);
      idle.push(true);
      if (running !== null && running.state === "run") begin(running, "ready", step);
      running = null;
    }
    last = Math.max(last, event.time);
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
        midStep = true;
        break;
      }
      case "trap":
        if (running?.lane.task === event.task) midStep = false;
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
        if (o === running) midStep = false;
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
  return { lanes, steps, runs, times, idle, endTime: last };
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
