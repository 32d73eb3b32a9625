/**
 * The generated check of the kernel exercises (lessons 06 and 07): task
 * programs from `task_programs.ts`, run on the learner's kernel and on
 * `kernel/`, trace for trace, and the result of `run()` compared.
 *
 * A difference is reported as the first event where the traces part (with
 * the exercise's own explanation of the likely mistake), followed by the
 * smallest program fast-check found, printed as task code the learner runs
 * with {@linkcode showRuns} to see both traces.
 *
 * @example In a grader
 * ```ts ignore
 * "your kernel agrees with the kernel on generated programs": ({ Kernel }) =>
 *   exploreKernelPrograms({
 *     features: { join: true },
 *     run: (main, trace) => new Kernel(trace).run(main),
 *     runner: (from) => [`import { Kernel } from "${from}";`, "..."],
 *     explain,
 *   }),
 * ```
 *
 * @module
 */

import type { RunOptions } from "../../kernel/kernel.ts";
import { MemoryNetwork } from "../../kernel/memory_network.ts";
import type { KernelOp } from "../../kernel/types.ts";
import { explore, show } from "./explore.ts";
import { Mistake } from "./grader.ts";
import {
  assertSameRun,
  assertSameWorldRun,
  learnerRun,
  type Outcome,
  referenceRun,
  type SelectCall,
  SteppedWorld,
} from "./kernel_runs.ts";
import {
  type Program,
  programArbitrary,
  type ProgramFeatures,
  programMain,
  taskCount,
} from "./task_programs.ts";
import { renderProgram } from "./task_program_source.ts";
import {
  describeDivergence,
  type Divergence,
  firstDivergence,
  formatEvent,
  type TraceLike,
} from "./trace_diff.ts";

/** Options for {@linkcode exploreKernelPrograms}. */
export interface KernelProgramOptions {
  /** The steps programs may use: the traps this exercise's kernel answers. */
  features: ProgramFeatures;
  /**
   * Run `main` on the learner's kernel, reporting to `trace`. With
   * `world`, the kernel must use that world as its selector and clock
   * (lesson 07's kernels).
   */
  run: (
    main: () => KernelOp<unknown>,
    trace: (event: TraceLike) => void,
    world: SteppedWorld | undefined,
  ) => unknown;
  /** Run both kernels on a {@linkcode SteppedWorld} and compare the `select()` calls too. */
  world?: boolean;
  /** The exercise's explanation of a divergence, tried first. */
  explain: (d: Divergence) => string | undefined;
  /**
   * The lines that run the printed program on the learner's kernel with
   * {@linkcode showRuns} (or {@linkcode showWorldRuns}); `from` is the
   * import path of the file under test.
   */
  runner: (from: string) => string[];
  /** How many programs. @default 60 */
  runs?: number;
}

/** Run one program on both kernels and throw a {@linkcode Mistake} at the first difference. */
async function compareProgram(program: Program, options: KernelProgramOptions): Promise<void> {
  const main = programMain(program);
  const what = "on this program";
  if (options.world) {
    const ref = await worldRun(main);
    const net = new MemoryNetwork();
    const world = new SteppedWorld(net, ref.calls);
    try {
      const learner = await learnerRun((trace) => options.run(main, trace, world), world);
      assertSameWorldRun(
        { learner, reference: ref.outcome, world, referenceWorld: ref.world },
        what,
        options.explain,
      );
    } finally {
      net.close();
    }
    return;
  }
  const reference = await referenceRun(main);
  const learner = await learnerRun((trace) => options.run(main, trace, undefined));
  assertSameRun(learner, reference, what, options.explain);
}

/** Run `main` on the kernel over a fresh {@linkcode SteppedWorld}; the outcome and the world's calls. */
export async function worldRun(
  main: () => KernelOp<unknown>,
): Promise<{ outcome: Outcome; calls: readonly SelectCall[]; world: SteppedWorld }> {
  const net = new MemoryNetwork();
  const world = new SteppedWorld(net);
  try {
    const outcome = await referenceRun(main, { selector: world, clock: world.clock });
    return { outcome, calls: world.calls, world };
  } finally {
    net.close();
  }
}

/**
 * Generate programs with `options.features`, run each on the learner's
 * kernel and on `kernel/`, and throw at the first one whose trace or
 * result differs, shrunk to the smallest.
 */
export function exploreKernelPrograms(options: KernelProgramOptions): Promise<void> {
  return explore({
    truth: "the kernel",
    // Why the filter: a program of a hundred tasks shows nothing a small one does not, slowly.
    arbitrary: programArbitrary(options.features).filter((p) => taskCount(p) <= 24),
    runs: options.runs ?? 60,
    compare: async (program) => {
      await compareProgram(program, options);
      return undefined;
    },
    snippet: (program, from) => [...renderProgram(program), ...options.runner(from)],
  });
}

/** One side's run as lines: the trace, then how `run()` ended. */
function describeRun(outcome: Outcome | { mistake: string }): string[] {
  if ("mistake" in outcome) return [`  (the grader stopped it: ${outcome.mistake})`];
  const lines = outcome.events.map((event) => `  ${formatEvent(event)}`);
  lines.push(
    outcome.threw
      ? `  run() threw ${String(outcome.result)}`
      : `  run() returned ${show(outcome.result)}`,
  );
  return lines;
}

async function learnerSide(start: () => Promise<Outcome>): Promise<Outcome | { mistake: string }> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof Mistake) return { mistake: error.message };
    throw error;
  }
}

function printComparison(
  reference: Outcome,
  yours: Outcome | { mistake: string },
  calls?: { reference: readonly SelectCall[]; yours: readonly SelectCall[] },
): void {
  console.log("the kernel:");
  console.log(describeRun(reference).join("\n"));
  console.log("yours:");
  console.log(describeRun(yours).join("\n"));
  if ("mistake" in yours) return;
  const d = firstDivergence(reference.events, yours.events);
  if (d !== undefined) {
    console.log(
      describeDivergence(d, { expected: reference.events.length, actual: yours.events.length }, {
        reference: "the kernel",
      }),
    );
  } else if (calls !== undefined && firstDivergence(calls.reference, calls.yours) !== undefined) {
    const c = firstDivergence(calls.reference, calls.yours)!;
    console.log(
      "the traces agree; the select() calls differ:\n" +
        describeDivergence(c, { expected: calls.reference.length, actual: calls.yours.length }, {
          reference: "the kernel",
          format: (e) => `select(${(e as SelectCall).timeout})`,
        }),
    );
  } else console.log("the traces agree");
}

/**
 * Run `main` on the kernel (virtual clock) and on the learner's kernel
 * (`start(trace)` builds and runs it), and print both traces and where
 * they part. For the counterexamples of lesson 06.
 */
export async function showRuns(
  main: () => KernelOp<unknown>,
  start: (trace: (event: TraceLike) => void) => unknown,
  options: Omit<RunOptions, "trace" | "onUnjoinedError"> = { clock: "virtual" },
): Promise<void> {
  const reference = await referenceRun(main, options);
  const yours = await learnerSide(() => learnerRun(start));
  printComparison(reference, yours);
}

/**
 * Like {@linkcode showRuns}, each kernel on its own {@linkcode SteppedWorld}
 * (lesson 07's kernels take the world as selector and clock); the
 * `select()` calls are compared too.
 */
export async function showWorldRuns(
  main: () => KernelOp<unknown>,
  start: (world: SteppedWorld, trace: (event: TraceLike) => void) => unknown,
): Promise<void> {
  const ref = await worldRun(main);
  const net = new MemoryNetwork();
  const world = new SteppedWorld(net, ref.calls);
  try {
    const yours = await learnerSide(() => learnerRun((trace) => start(world, trace), world));
    printComparison(ref.outcome, yours, { reference: ref.calls, yours: world.calls });
  } finally {
    net.close();
  }
}

/** One event per line (for messages). */
export function formatEvents(events: readonly TraceLike[]): string {
  return events.map((e) => formatEvent(e)).join("\n");
}
