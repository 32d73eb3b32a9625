/**
 * Trace diffs: where a learner's trace first parts from the reference's.
 *
 * Scheduling exercises are graded by running the same tasks on the
 * learner's code and on the reference kernel (`kernel/`, see
 * `kernel/trace.ts` for the event schema) and comparing the two event
 * lists. A whole-list diff buries the mistake; what a learner needs is the
 * first event that differs, the few events before it that still agree, and
 * both versions of the event itself:
 *
 * ```text
 * three tasks: your trace parts from the kernel's at event 5 of 15
 *               3  spawn 3 c
 *               4  run 1
 *   expected    5  trap 1 checkpoint
 *   received    5  exit 1
 * ```
 *
 * Events are compared field by field, so only compare what the learner's
 * code can know: {@linkcode projectTrace} keeps some event types and drops
 * fields (`time`, `parent`) before the comparison.
 *
 * @example In a grader
 * ```ts ignore
 * import { assertSameTrace, projectTrace } from "../../runner/grading/trace_diff.ts";
 *
 * const expected = projectTrace(kernelEvents, { types: ["run", "exit"], omit: ["time"] });
 * assertSameTrace(learnerEvents, expected, "two tasks", {
 *   explain: (d) => d.actual === undefined ? "your scheduler stopped early" : undefined,
 * });
 * ```
 *
 * @module
 */

import { isDeepStrictEqual } from "node:util";
import { Mistake } from "./grader.ts";

/** A trace event: a `type` and any JSON-able fields (`task`, `time`, `name`, ...). */
export interface TraceLike {
  /** The event type: `spawn`, `run`, `trap`, ... */
  readonly type: string;
}

/** Where two traces first differ. */
export interface Divergence<E extends TraceLike = TraceLike> {
  /** Position of the first differing event, from 0. */
  index: number;
  /** The reference's event there; `undefined` when the reference ended. */
  expected: E | undefined;
  /** The learner's event there; `undefined` when the learner's trace ended. */
  actual: E | undefined;
  /** The events just before it, which both traces share (at most `context`). */
  before: E[];
}

/**
 * The first place where `actual` differs from `expected`, comparing events
 * with deep strict equality, or `undefined` when they are equal. A trace
 * that stops early or goes on too long diverges where the shorter one ends.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { firstDivergence } from "./trace_diff.ts";
 *
 * const d = firstDivergence(
 *   [{ type: "run", task: 1 }, { type: "run", task: 2 }],
 *   [{ type: "run", task: 1 }, { type: "run", task: 1 }],
 * );
 * assert.deepEqual(d, {
 *   index: 1,
 *   expected: { type: "run", task: 2 },
 *   actual: { type: "run", task: 1 },
 *   before: [{ type: "run", task: 1 }],
 * });
 * ```
 */
export function firstDivergence<E extends TraceLike>(
  expected: readonly E[],
  actual: readonly E[],
  context = 3,
): Divergence<E> | undefined {
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length; index++) {
    if (index < expected.length && index < actual.length) {
      if (isDeepStrictEqual(expected[index], actual[index])) continue;
    }
    return {
      index,
      expected: expected[index],
      actual: actual[index],
      before: expected.slice(Math.max(0, index - context), index),
    };
  }
  return undefined;
}

/** Options for {@linkcode projectTrace}. */
export interface ProjectOptions {
  /** Keep only events of these types. @default {every type} */
  types?: readonly string[];
  /** Drop these fields from every event (`"time"`, `"parent"`). @default {none} */
  omit?: readonly string[];
  /** Keep only the events this returns true for (applied before `omit`). */
  where?: (event: TraceLike & Record<string, unknown>) => boolean;
}

/**
 * Keep the events and fields a comparison is about. Fields whose value is
 * `undefined` are dropped too, so `{ value: undefined }` and no `value` at
 * all compare equal, as the kernel's schema means them to.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { projectTrace } from "./trace_diff.ts";
 *
 * const events = [
 *   { type: "spawn", time: 0, task: 1, name: "main", parent: null },
 *   { type: "block", time: 0, task: 1, trap: "sleep" },
 *   { type: "exit", time: 1, task: 1, value: undefined },
 * ];
 * assert.deepEqual(projectTrace(events, { types: ["spawn", "exit"], omit: ["time", "parent"] }), [
 *   { type: "spawn", task: 1, name: "main" },
 *   { type: "exit", task: 1 },
 * ]);
 * ```
 */
export function projectTrace(
  events: readonly TraceLike[],
  options: ProjectOptions = {},
): (TraceLike & Record<string, unknown>)[] {
  const omit = new Set(options.omit ?? []);
  const out: (TraceLike & Record<string, unknown>)[] = [];
  for (const event of events as readonly (TraceLike & Record<string, unknown>)[]) {
    if (options.types !== undefined && !options.types.includes(event.type)) continue;
    if (options.where !== undefined && !options.where(event)) continue;
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(event)) {
      if (!omit.has(key) && value !== undefined) kept[key] = value;
    }
    out.push(kept as TraceLike & Record<string, unknown>);
  }
  return out;
}

/** Fields printed bare after `<type> <task>`, in this order. */
const BARE = ["name", "trap", "detail"];
/** Fields printed as `key=value`, in this order, before any others. */
const KEYED = ["parent", "by", "value", "error"];

/**
 * One event as one line, `[<time>] <type> <task> <details>`: the same line
 * as the kernel's `formatTrace` for a kernel event, and still readable for
 * a partial one (no `time`, a field missing, a field the schema lacks).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatEvent, type TraceLike } from "./trace_diff.ts";
 *
 * // Partial events may carry any fields beside `type`.
 * const events: (TraceLike & Record<string, unknown>)[] = [
 *   { type: "spawn", time: 0, task: 2, name: "child", parent: 1 },
 *   { type: "exit", task: 3, error: "Error: boom" },
 *   { type: "exit", task: 3, value: "ok" },
 * ];
 * assert.deepEqual(events.map(formatEvent), [
 *   "0 spawn 2 child parent=1",
 *   "exit 3 error=Error: boom",
 *   'exit 3 value="ok"',
 * ]);
 * ```
 */
export function formatEvent(event: TraceLike): string {
  const fields = event as TraceLike & Record<string, unknown>;
  const parts: string[] = [];
  if ("time" in fields) parts.push(String(fields.time));
  parts.push(event.type);
  if ("task" in fields) parts.push(String(fields.task));
  for (const key of BARE) if (key in fields) parts.push(String(fields[key]));
  const rest = Object.keys(fields).filter((k) =>
    !["time", "type", "task", ...BARE].includes(k) && !KEYED.includes(k)
  );
  for (const key of [...KEYED.filter((k) => k in fields), ...rest]) {
    const value = fields[key];
    const shown = key === "error" && typeof value === "string"
      ? value
      : key === "value" || rest.includes(key)
      ? show(value)
      : String(value);
    parts.push(`${key}=${shown}`);
  }
  return parts.join(" ");
}

function show(value: unknown): string {
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Options for {@linkcode describeDivergence} and {@linkcode assertSameTrace}. */
export interface SameTraceOptions<E extends TraceLike = TraceLike> {
  /** How many agreeing events to show before the first difference. @default {3} */
  context?: number;
  /** What the reference is called in the message. @default {"the reference"} */
  reference?: string;
  /** A sentence about the likely mistake, given the divergence; `undefined` for none. */
  explain?: (divergence: Divergence<E>) => string | undefined;
  /** How to print one event. @default {formatEvent} */
  format?: (event: E) => string;
}

/**
 * The message for a divergence: a title, the agreeing events before it,
 * then the expected and the received event, numbered from 1.
 */
export function describeDivergence<E extends TraceLike>(
  divergence: Divergence<E>,
  lengths: { expected: number; actual: number },
  options: SameTraceOptions<E> = {},
): string {
  const format = options.format ?? formatEvent;
  const reference = options.reference ?? "the reference";
  const { index, expected, actual, before } = divergence;
  const n = (i: number) => String(i + 1).padStart(3);
  const lines = [
    `your trace parts from ${reference}'s at event ${index + 1} of ${lengths.expected}`,
  ];
  if (before.length > 0) {
    if (index > before.length) {
      lines.push(`            ... ${index - before.length} earlier events agree`);
    }
    before.forEach((event, i) =>
      lines.push(`           ${n(index - before.length + i)}  ${format(event)}`)
    );
  }
  lines.push(
    `  expected ${n(index)}  ${
      expected === undefined ? `(nothing: ${reference}'s trace ends here)` : format(expected)
    }`,
    `  received ${n(index)}  ${
      actual === undefined
        ? `(nothing: your trace ends after ${lengths.actual} events)`
        : format(actual)
    }`,
  );
  const why = options.explain?.(divergence);
  if (why !== undefined) lines.push(why);
  return lines.join("\n");
}

/**
 * Throw a {@linkcode Mistake} describing the first divergence when `actual`
 * differs from `expected`; `what` names the scenario (`"three tasks"`).
 */
export function assertSameTrace<E extends TraceLike>(
  actual: readonly E[],
  expected: readonly E[],
  what: string,
  options: SameTraceOptions<E> = {},
): void {
  const divergence = firstDivergence(expected, actual, options.context ?? 3);
  if (divergence === undefined) return;
  const lengths = { expected: expected.length, actual: actual.length };
  throw new Mistake(`${what}: ${describeDivergence(divergence, lengths, options)}`);
}
