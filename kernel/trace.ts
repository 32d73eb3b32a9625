/**
 * Trace events: what the kernel did, as plain JSON-able objects.
 *
 * Pass `trace: (event) => ...` to `run()` to receive every event. Graders
 * compare a learner's trace with the reference kernel's for the same
 * scenario, and the playground draws it, so the field names are fixed. When
 * no observer is given, the kernel allocates no events at all.
 *
 * ## Schema
 *
 * Every event has `type`, `time` (kernel clock, seconds; the virtual clock
 * starts at 0) and `task` (the task id; main is 1).
 *
 * | type    | extra fields                      | emitted when                                        |
 * | ------- | --------------------------------- | --------------------------------------------------- |
 * | `spawn` | `name`, `parent` (id or `null`)   | a task is created (and appended to the ready queue) |
 * | `run`   |                                   | a task is taken from the ready queue and resumed    |
 * | `trap`  | `trap` (kind)                     | the running task yielded a trap (a bare `yield` is `"checkpoint"`) |
 * | `block` | `trap`, `detail?`                 | that trap suspended the task                        |
 * | `wake`  | `trap` (what it was blocked on)   | a blocked task is put back on the ready queue       |
 * | `cancel`| `by` (id or `null`)               | cancellation is delivered to a task                 |
 * | `exit`  | `value?` or `error`               | the task returned or threw                          |
 *
 * `detail` is `"<seconds>s"` for `sleep` and `"task <id>"` for `join` and
 * `cancel`. A `cancel` event comes from `cancel(task)` (`by` the canceller),
 * or from a cancel scope being cancelled, once for each task inside it: by a
 * task group's failure (`by` the task that failed), by a deadline or by
 * `scope.cancel()` (`by` is `null`). `exit.value` is present when the task returned something other
 * than `undefined`: the value itself when JSON-able, else `String(value)`.
 * `exit.error` is `String(error)`, e.g. `"Error: boom"`. A checkpoint emits
 * `trap` only (no `block`/`wake`): the task goes straight back to the ready
 * queue and its next `run` shows when it resumed.
 *
 * ## Worked example
 *
 * ```ts ignore
 * run(function* main() {
 *   const child = yield* spawn(function* child() { yield* sleep(1); return 2; });
 *   return yield* join(child);
 * }, { clock: "virtual", trace });
 * ```
 * emits, in order:
 * ```text
 * 0 spawn 1 main parent=null
 * 0 run 1
 * 0 trap 1 spawn
 * 0 spawn 2 child parent=1
 * 0 trap 1 join
 * 0 block 1 join task 2
 * 0 run 2
 * 0 trap 2 sleep
 * 0 block 2 sleep 1s
 * 1 wake 2 sleep
 * 1 run 2
 * 1 exit 2 value=2
 * 1 wake 1 join
 * 1 run 1
 * 1 exit 1 value=2
 * ```
 * (the lines are {@linkcode formatTrace} output).
 *
 * @module
 */

/** A task was created. */
export interface SpawnEvent {
  /** Event type. */
  type: "spawn";
  /** Kernel clock, seconds. */
  time: number;
  /** The new task's id. */
  task: number;
  /** The new task's name. */
  name: string;
  /** The spawning task's id; `null` for main. */
  parent: number | null;
}

/** A task was taken from the ready queue and resumed. */
export interface RunEvent {
  /** Event type. */
  type: "run";
  /** Kernel clock, seconds. */
  time: number;
  /** Task id. */
  task: number;
}

/** The running task yielded a trap. */
export interface TrapEvent {
  /** Event type. */
  type: "trap";
  /** Kernel clock, seconds. */
  time: number;
  /** Task id. */
  task: number;
  /** The trap kind. */
  trap: string;
}

/** The trap suspended the task. */
export interface BlockEvent {
  /** Event type. */
  type: "block";
  /** Kernel clock, seconds. */
  time: number;
  /** Task id. */
  task: number;
  /** The trap kind it waits in. */
  trap: string;
  /** What it waits for: `"1.5s"` for sleep, `"task 2"` for join and cancel. */
  detail?: string;
}

/** A blocked task was put back on the ready queue. */
export interface WakeEvent {
  /** Event type. */
  type: "wake";
  /** Kernel clock, seconds. */
  time: number;
  /** Task id. */
  task: number;
  /** The trap kind it was blocked in. */
  trap: string;
}

/** Cancellation was delivered to a task. */
export interface CancelEvent {
  /** Event type. */
  type: "cancel";
  /** Kernel clock, seconds. */
  time: number;
  /** The cancelled task's id. */
  task: number;
  /** The cancelling task's id; `null` when the kernel cancelled it. */
  by: number | null;
}

/** A task returned or threw. */
export interface ExitEvent {
  /** Event type. */
  type: "exit";
  /** Kernel clock, seconds. */
  time: number;
  /** Task id. */
  task: number;
  /** The return value (absent when `undefined`); `String(value)` when not JSON-able. */
  value?: unknown;
  /** `String(error)` when the task threw. */
  error?: string;
}

/**
 * One kernel event.
 *
 * @example Narrowing on `type`
 * ```ts
 * import type { TraceEvent } from "./mod.ts";
 *
 * function describe(event: TraceEvent): string {
 *   return event.type === "exit" ? `task ${event.task} exited` : event.type;
 * }
 * ```
 */
export type TraceEvent =
  | SpawnEvent
  | RunEvent
  | TrapEvent
  | BlockEvent
  | WakeEvent
  | CancelEvent
  | ExitEvent;

/** Receives each event as it happens. It must not throw or call back into the kernel. */
export type TraceObserver = (event: TraceEvent) => void;

/**
 * The JSON-able form of a task's return value for an `exit` event.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { traceValue } from "./trace.ts";
 *
 * assert.deepEqual(traceValue({ a: [1, 2] }), { a: [1, 2] });
 * assert.equal(traceValue(10n), "10");
 * assert.equal(traceValue(NaN), "NaN");
 * ```
 */
export function traceValue(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "object") {
    try {
      // Why a round trip: the event must not share mutable state with the
      // task, and must survive `JSON.stringify` on the other side.
      const json = JSON.stringify(value);
      if (json !== undefined) return JSON.parse(json);
    } catch {
      // Cyclic or otherwise not JSON-able: fall through to its string form.
    }
  }
  return String(value);
}

/**
 * One line per event, for assertions and logs:
 * `<time> <type> <task> <details>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatTrace } from "./trace.ts";
 *
 * assert.equal(
 *   formatTrace([{ type: "block", time: 0, task: 2, trap: "sleep", detail: "1s" }]),
 *   "0 block 2 sleep 1s",
 * );
 * ```
 */
export function formatTrace(events: readonly TraceEvent[]): string {
  return events.map((event) => {
    const head = `${event.time} ${event.type} ${event.task}`;
    switch (event.type) {
      case "spawn":
        return `${head} ${event.name} parent=${event.parent}`;
      case "run":
        return head;
      case "trap":
      case "wake":
        return `${head} ${event.trap}`;
      case "block":
        return event.detail === undefined
          ? `${head} ${event.trap}`
          : `${head} ${event.trap} ${event.detail}`;
      case "cancel":
        return `${head} by=${event.by}`;
      case "exit":
        if (event.error !== undefined) return `${head} error=${event.error}`;
        return "value" in event ? `${head} value=${JSON.stringify(event.value)}` : head;
    }
  }).join("\n");
}

/**
 * Collects events in an array.
 *
 * @example Recording a run
 * ```ts
 * import assert from "node:assert/strict";
 * import { run, TraceRecorder } from "./mod.ts";
 *
 * const recorder = new TraceRecorder();
 * await run(function* main() {}, { clock: "virtual", trace: recorder.observer });
 * assert.deepEqual(recorder.format().split("\n"), [
 *   "0 spawn 1 main parent=null",
 *   "0 run 1",
 *   "0 exit 1",
 * ]);
 * ```
 */
export class TraceRecorder {
  /** The events so far, oldest first. */
  readonly events: TraceEvent[] = [];
  /** Pass this as `run(main, { trace: recorder.observer })`. */
  readonly observer: TraceObserver = (event) => {
    this.events.push(event);
  };

  /** The events as {@linkcode formatTrace} lines. */
  format(): string {
    return formatTrace(this.events);
  }
}
