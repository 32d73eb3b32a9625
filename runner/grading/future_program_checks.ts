/**
 * The check on generated Future programs (`future_programs.ts`): both
 * kernels run the program, the traces and how `run()` ended are compared,
 * and a counterexample prints as the program described in words and run by
 * {@linkcode showFutureRuns}.
 *
 * @module
 */

import { show } from "./explore.ts";
import {
  ERRORS,
  type FutureOutcome,
  type FutureProgram,
  type LearnerFutureKernel,
  learnerFutureRun,
  referenceFutureRun,
  VALUES,
} from "./future_programs.ts";
import { Mistake } from "./grader.ts";
import {
  assertSameTrace,
  describeDivergence,
  type Divergence,
  firstDivergence,
  formatEvent,
} from "./trace_diff.ts";

/** The program as comment lines a person can read. */
export function describeFutureProgram(program: FutureProgram): string[] {
  const f = (i: number) => `futures[${i}]`;
  const lines = [`// ${program.futures} Future(s): futures[0..${program.futures - 1}]`];
  program.tasks.forEach((task, i) => {
    const steps = task.steps.map((step) => {
      switch (step.k) {
        case "yield":
          return "yield";
        case "spawn":
          return `spawn t${step.task}`;
        case "wait":
          return `${step.catch ? "try " : ""}wait ${f(step.future)}`;
        case "complete":
          return `${f(step.future)}.setResult(${show(VALUES[step.value])}) if pending`;
        case "fail":
          return `${f(step.future)}.setError(${show(ERRORS[step.error]())}) if pending`;
      }
    });
    const end = task.end === "seen"
      ? "return what it saw"
      : task.end >= 0
      ? `return ${show(VALUES[task.end])}`
      : `throw ${show(ERRORS[-1 - task.end]())}`;
    lines.push(`// ${i === 0 ? "main" : `t${i}`}: ${[...steps, end].join(", ")}`);
  });
  const outside = program.outside.map((o) =>
    "value" in o
      ? `${f(o.future)}.setResult(${show(VALUES[o.value])})`
      : `${f(o.future)}.setError(${show(ERRORS[o.error]())})`
  );
  lines.push(
    `// from outside, one each time the kernel idles: ${outside.join(", ") || "nothing"}`,
  );
  return lines;
}

/** What to say when a done callback of the learner's kernel threw `error`. */
export function doneCallbackThrew(error: unknown): string {
  return `a done callback of your kernel threw ${
    String(error)
  } when its Future completed, so its task was never queued. Tell the outcomes apart by state (future.state === "rejected"), not by whether exception() is truthy (a Future may be rejected with null or 0), and read a rejected Future with exception(): result() throws its error`;
}

/** How a run ended, in words. */
function describeEnd(outcome: FutureOutcome): string {
  if (outcome.end === "stuck") {
    return "run() never ended: tasks still wait on Futures nobody completes";
  }
  return outcome.end === "threw" ? `run() threw ${outcome.error}` : "run() returned";
}

/**
 * Compare one program on both kernels: the traces (`explain` says why they
 * part), then how `run()` ended. Throws a {@linkcode Mistake}.
 */
export async function compareFutureProgram(
  program: FutureProgram,
  kernel: LearnerFutureKernel,
  explain: (d: Divergence) => string | undefined,
): Promise<void> {
  const reference = await referenceFutureRun(program);
  const yours = await learnerFutureRun(program, kernel);
  if (yours.reported.length > 0 && reference.reported.length === 0) {
    throw new Mistake(`on this program ${doneCallbackThrew(yours.reported[0])}`);
  }
  assertSameTrace(yours.events, reference.events, "on this program", {
    reference: "the kernel",
    explain: (d) => {
      if (d.actual === undefined && yours.end !== "returned") {
        return `${describeEnd(yours)} here, where the kernel goes on`;
      }
      return explain(d);
    },
  });
  // Why "threw" counts as "returned": the exercise's run() ends with every
  // task and does not rethrow main's error (the trace shows it).
  const expected = reference.end === "threw" ? "returned" : reference.end;
  if (yours.end !== expected) {
    throw new Mistake(
      `on this program the traces agree, but ${describeEnd(yours)} where the kernel's ${
        describeEnd({ ...reference, end: expected }).replace(/^run\(\) /, "")
      }`,
    );
  }
}

/** Run `program` on both kernels and print both traces and where they part (for counterexamples). */
export async function showFutureRuns(
  program: FutureProgram,
  kernel: LearnerFutureKernel,
): Promise<void> {
  const reference = await referenceFutureRun(program);
  const yours = await learnerFutureRun(program, kernel);
  for (const [who, side] of [["the kernel", reference], ["yours", yours]] as const) {
    console.log(`${who}:`);
    for (const event of side.events) console.log(`  ${formatEvent(event)}`);
    console.log(`  ${describeEnd(side)}`);
  }
  const d = firstDivergence(reference.events, yours.events);
  console.log(
    d === undefined ? "the traces agree" : describeDivergence(d, {
      expected: reference.events.length,
      actual: yours.events.length,
    }, { reference: "the kernel" }),
  );
}
