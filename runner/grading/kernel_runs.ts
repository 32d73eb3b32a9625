/**
 * One scenario, two kernels: the grading side of lessons 06 and 07.
 *
 * A learner's kernel takes the same trap objects as the reference kernel
 * (`kernel/types.ts`), so one task body written with `kernel/operations.ts`
 * (`yield* spawn(...)`, `yield* join(task)`, `yield* sleep(1)`) runs on
 * both. {@linkcode referenceRun} runs it on `kernel/` and
 * {@linkcode learnerRun} on the learner's code; both give an
 * {@linkcode Outcome} (the trace, and what `run` returned or threw), and
 * `trace_diff.ts` reports the first event where they part.
 *
 * {@linkcode SteppedWorld} (in `stepped_world.ts`, exported here too) is a selector for lesson 07: an in-memory network
 * plus a clock that moves only when a kernel blocks in `select(timeout)`, and
 * a script of things the outside world does at given times. Sleeping and
 * waiting for I/O are then graded exactly and instantly, and every `select`
 * call is written down, so a loop that busy-polls is caught by count, not by
 * the wall clock.
 *
 * @module
 */

import { DeadlockError } from "../../kernel/errors.ts";
import { run, type RunOptions } from "../../kernel/kernel.ts";
import { type TraceEvent, traceValue } from "../../kernel/trace.ts";
import type { KernelOp } from "../../kernel/types.ts";
import { Mistake } from "./grader.ts";
import { assertSameCalls, SteppedWorld } from "./stepped_world.ts";
import { assertSameTrace, type Divergence, firstDivergence, type TraceLike } from "./trace_diff.ts";

export {
  assertSameCalls,
  BUSY_POLL_LIMIT,
  explainSelectCalls,
  SAME_TIME_LIMIT,
  type SelectCall,
  SteppedWorld,
} from "./stepped_world.ts";

/** What one run of a scenario gave. */
export interface Outcome {
  /** The trace, exit values made JSON-able as the kernel makes them. */
  events: TraceLike[];
  /** `true` when `run` threw (rejected). */
  threw: boolean;
  /** What `run` returned, or what it threw. */
  result: unknown;
}

/** Exit values as the kernel's trace holds them (`traceValue`), and no `undefined` fields. */
export function normalizeTrace(events: readonly TraceLike[]): TraceLike[] {
  return events.map((event) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(event)) {
      if (value === undefined) continue;
      out[key] = event.type === "exit" && key === "value" ? traceValue(value) : value;
    }
    return out as unknown as TraceLike;
  });
}

/**
 * Run `main` on the reference kernel. Unjoined errors are not printed: the
 * trace already shows them.
 */
export async function referenceRun(
  main: () => KernelOp<unknown>,
  options: Omit<RunOptions, "trace" | "onUnjoinedError"> = { clock: "virtual" },
): Promise<Outcome> {
  const events: TraceEvent[] = [];
  const world = options.selector instanceof SteppedWorld ? options.selector : undefined;
  try {
    const result = await run(main, {
      ...options,
      trace: (event) => {
        world?.noteEvent();
        events.push(event);
      },
      onUnjoinedError: () => {},
    });
    return { events: normalizeTrace(events), threw: false, result };
  } catch (error) {
    return { events: normalizeTrace(events), threw: true, result: error };
  }
}

/**
 * Run a learner's kernel: `start(trace)` builds it with `trace` as its event
 * observer and runs the scenario (with `world`, each event is counted
 * there, so its `select()` calls can be placed in the trace). A stub's "not implemented yet" and a
 * grader's own {@linkcode Mistake} go straight through; anything else the
 * run throws is the outcome.
 */
export async function learnerRun(
  start: (trace: (event: TraceLike) => void) => unknown,
  world?: SteppedWorld,
): Promise<Outcome> {
  const events: TraceLike[] = [];
  try {
    const result = await start((event) => {
      world?.noteEvent();
      events.push({ ...event });
    });
    return { events: normalizeTrace(events), threw: false, result };
  } catch (error) {
    if (error instanceof Mistake) throw error;
    if (error instanceof Error && error.message === "not implemented yet") throw error;
    return { events: normalizeTrace(events), threw: true, result: error };
  }
}

/** Check that `run` ended the same way on both sides (after the traces were compared). */
export function assertSameResult(learner: Outcome, reference: Outcome, what: string): void {
  const show = (o: Outcome) =>
    o.threw ? `threw ${String(o.result)}` : `returned ${JSON.stringify(traceValue(o.result))}`;
  if (learner.threw !== reference.threw || show(learner) !== show(reference)) {
    throw new Mistake(
      `${what}: the traces agree, but your run() ${show(learner)} where the kernel's ${
        show(reference)
      }: run() gives main's return value, or throws main's error`,
    );
  }
}

/** Whether the kernel stopped on a deadlock: only that the learner's kernel throws is compared then. */
function isDeadlock(outcome: Outcome): boolean {
  return outcome.threw && outcome.result instanceof DeadlockError;
}

/**
 * Check that `run()` ended as the kernel's did (after the traces were
 * compared): a deadlock must make it throw too, with any message; otherwise
 * {@linkcode assertSameResult}.
 */
export function assertSameEnd(learner: Outcome, reference: Outcome, what: string): void {
  if (isDeadlock(reference)) {
    if (learner.threw) return;
    throw new Mistake(
      `${what}: the traces agree up to the end, where every task left waits for another and nothing can wake any of them. The kernel's run() stops there with ${
        String(reference.result)
      }; yours returned ${
        JSON.stringify(traceValue(learner.result))
      }. When no task is ready and nothing can ever wake one, throw`,
    );
  }
  assertSameResult(learner, reference, what);
}

/**
 * Compare a learner's run with the kernel's: the traces event by event
 * (`explain` says why they part; when the learner's `run()` threw where
 * its trace stops, that is said first), then how `run()` ended.
 */
export function assertSameRun(
  learner: Outcome,
  reference: Outcome,
  what: string,
  explain: (d: Divergence) => string | undefined,
): void {
  assertSameTrace(learner.events, reference.events, what, {
    reference: "the kernel",
    explain: (d) => {
      if (d.actual === undefined && learner.threw && !reference.threw) {
        return `your run() threw ${String(learner.result)} here, where the kernel's goes on`;
      }
      return explain(d);
    },
  });
  assertSameEnd(learner, reference, what);
}

/**
 * Compare two kernels' runs over their worlds: the trace, how `run()`
 * ended, and the `select()` calls. Whichever parts first, placing each
 * select call in the trace, is reported: a loop that calls select() where
 * it should not shows as a wrong call, not as the late wake it causes.
 */
export function assertSameWorldRun(
  sides: {
    learner: Outcome;
    reference: Outcome;
    world: SteppedWorld;
    referenceWorld: SteppedWorld;
  },
  what: string,
  explain: (d: Divergence) => string | undefined,
): void {
  const { learner, reference, world, referenceWorld } = sides;
  const trace = firstDivergence(reference.events, learner.events);
  const calls = firstDivergence(referenceWorld.calls, world.calls);
  if (calls !== undefined) {
    const at = Math.min(
      world.positions[calls.index] ?? Infinity,
      referenceWorld.positions[calls.index] ?? Infinity,
    );
    // Why not when yours threw: its calls stop because its run did, which the trace says better.
    const stopped = calls.actual === undefined && learner.threw && !reference.threw;
    if (!stopped && (trace === undefined || at <= trace.index)) {
      assertSameCalls(world, referenceWorld, what);
    }
  }
  assertSameRun(learner, reference, what, explain);
  assertSameCalls(world, referenceWorld, what);
}

type Event = TraceLike & {
  task?: number;
  trap?: string;
  time?: number;
  detail?: string;
  error?: string;
};

/**
 * A sentence on the usual scheduling mistakes behind a divergence, or
 * `undefined`. Graders try their own explanations first and fall back on
 * this one.
 */
export function explainSchedule(
  d: { expected: TraceLike | undefined; actual: TraceLike | undefined; before: TraceLike[] },
): string | undefined {
  const expected = d.expected as Event | undefined;
  const actual = d.actual as Event | undefined;
  const previous = d.before.at(-1) as Event | undefined;
  if (actual === undefined) {
    return "your trace stops early: a task that should still run (or be woken) never was";
  }
  if (expected === undefined) {
    return "your kernel goes on after the kernel's run has ended";
  }
  if (expected.type === "run" && actual.type === "run") {
    return `task ${actual.task} ran instead of task ${expected.task}: the ready queue is first in, first out, and a task that is woken or spawned joins it at the back`;
  }
  if (expected.type === "block" && actual.type !== "block") {
    return `task ${expected.task} should have blocked here (${expected.trap}): it waits, off the ready queue, until something wakes it`;
  }
  if (
    actual.type === "run" && expected.type !== "run" && expected.type !== "wake" &&
    previous?.type === "trap"
  ) {
    return `task ${previous.task} should have gone on in the same turn after its ${previous.trap} trap: a trap that does not block (spawn, current, now, join of a finished task) is answered at once, with no switch`;
  }
  if (expected.type === "wake" && actual.type !== "wake") {
    return `task ${expected.task} should have been woken here (it waited in ${expected.trap})`;
  }
  const named = (e: Event) => (e as { name?: unknown }).name;
  if (expected.type === "spawn" && actual.type === "spawn" && named(expected) !== named(actual)) {
    return named(expected) === "task"
      ? `task ${expected.task}'s function has no name (fn.name is ""), so the kernel calls it "task": use fn.name || "task" (?? keeps the empty string)`
      : `task ${expected.task} is called ${
        JSON.stringify(named(expected))
      }: a spawn trap's own name when it carries one (used as given, "" too: check it with ??, not ||), else the function's name, else "task"`;
  }
  if (expected.type === "exit" && actual.type === "exit" && expected.task === actual.task) {
    const has = (e: Event) => Object.hasOwn(e, "value");
    if (has(expected) && !has(actual) && expected.error === undefined) {
      return `task ${expected.task} returned ${
        JSON.stringify((expected as { value?: unknown }).value)
      }, and its exit event must say so: an exit carries value whenever the task returned something other than undefined (0, "", false and null included)`;
    }
  }
  if (
    expected.type === actual.type && expected.task === actual.task &&
    expected.time !== actual.time
  ) {
    return `the event is right but its time is not: ${actual.time} instead of ${expected.time}`;
  }
  return undefined;
}
