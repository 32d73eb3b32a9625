/**
 * The exploring layer of a grader: generated cases, run side by side on the
 * learner's code and on the truth (a built-in, or `kernel/`), compared, and
 * on a difference shrunk by fast-check to the smallest case it can find.
 *
 * The example checks of a grader give the course its clear messages; this
 * layer finds what nobody thought to list. A check written with it reads:
 *
 * ```ts ignore
 * "take agrees with Iterator.prototype.take on generated cases": ({ take }) =>
 *   explore({
 *     truth: "the built-in",
 *     arbitrary: fc.record({ values: fc.array(fc.integer()), limit: limits }),
 *     compare: ({ values, limit }) =>
 *       differ(observe(() => [...take(values, limit)]), observe(() => [...values.values().take(limit)])),
 *     snippet: ({ values, limit }, from) => [
 *       `import { take } from "${from}";`,
 *       `const values = ${JSON.stringify(values)};`,
 *       `console.log("the built-in:", [...values.values().take(${limit})]);`,
 *       `console.log("yours:       ", [...take(values, ${limit})]);`,
 *     ],
 *   }),
 * ```
 *
 * A failure is a small program: the {@linkcode Counterexample} message holds
 * the shrunk case as TypeScript the learner pastes into a file at the
 * repository root and runs, what the truth did and what theirs did, and the
 * seed that replays exactly this grade (`deno task grade <id> --seed <n>`).
 *
 * Grading is deterministic: with no `--seed`, every property of an exercise
 * runs from a seed fixed by the exercise's id and the check's name, so a
 * learner, watch mode and CI see the same verdict. `--explore` makes the
 * runner grade again under fresh seeds (see `grade.ts`).
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- the graders' one npm dependency, pinned here and in deno.lock
import fc from "npm:fast-check@4.10.2";
import { Mistake } from "./grader.ts";

export { fc };

/** What one side did: returned a value, or threw. */
export type Observed =
  | { returned: unknown }
  | { threw: { name: string; message: string } };

/** Where this grading run stands: set once by the grading subprocess. */
interface ExplorationState {
  /** `01-iterators/lazy`. */
  exercise: string;
  /** The file under test, as an import path from the repository root: `./exercises/...`. */
  from: string;
  /** The base seed of this run. */
  seed: number;
  /** The check running now, for per-check seeds. */
  check: string;
  /** How many properties this check has run so far. */
  ordinal: number;
}

const state: ExplorationState = {
  exercise: "unknown",
  from: "./exercise.ts",
  seed: 0,
  check: "",
  ordinal: 0,
};

/** A stable 32-bit hash of a string (FNV-1a): seeds that do not change between runs. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The seed an exercise is graded with when no `--seed` is given. */
export function defaultSeed(exercise: string): number {
  return stableHash(exercise) % 1_000_000;
}

/** Options for {@linkcode configureExploration}. */
export interface ExplorationOptions {
  /** The exercise's id, `01-iterators/lazy`. */
  exercise: string;
  /** The graded file, relative to the repository root. */
  file: string;
  /** The base seed. @default defaultSeed(exercise) */
  seed?: number;
  /**
   * Refuse any later configuration, and {@linkcode beginCheck}: the grading
   * subprocess seals the layer before learner code loads, so only the
   * returned session can say which check runs. @default false
   */
  seal?: boolean;
}

/** The hold on this run's bookkeeping that {@linkcode configureExploration} returns. */
export interface ExplorationSession {
  /** Say which check runs now; call it before each check. */
  beginCheck(name: string): void;
}

let sealed = false;

function refuseWhenSealed(what: string): void {
  if (sealed) {
    throw new Error(
      `Cannot ${what}: the grading process configured this run before your code loaded`,
    );
  }
}

/**
 * Set up this grading run; the grading subprocess calls it once, before any
 * check, with `seal: true`. Graders never call it.
 */
export function configureExploration(options: ExplorationOptions): ExplorationSession {
  refuseWhenSealed("configure the exploring layer again");
  state.exercise = options.exercise;
  state.from = "./" + options.file.replace(/^\.\//, "");
  state.seed = options.seed ?? defaultSeed(options.exercise);
  if (options.seal) sealed = true;
  return Object.freeze({
    beginCheck(name: string) {
      state.check = name;
      state.ordinal = 0;
    },
  });
}

/**
 * Tell the layer which check runs now, for tests that configure it without
 * sealing; a sealed run refuses it (use the session instead).
 */
export function beginCheck(name: string): void {
  refuseWhenSealed("change which check is running");
  state.check = name;
  state.ordinal = 0;
}

/** The base seed of this run, as `--seed` takes it. */
export function currentSeed(): number {
  return state.seed;
}

/** Options for {@linkcode observe} and {@linkcode observeAsync}. */
export interface ObserveOptions {
  /**
   * Compare thrown errors by message too. Turn it off where the truth is a
   * built-in whose messages are the engine's own ("NaN must be positive").
   * @default true
   */
  messages?: boolean;
}

/** Run `action` and write down what it did. */
export function observe(action: () => unknown, options: ObserveOptions = {}): Observed {
  try {
    return { returned: action() };
  } catch (error) {
    return { threw: errorShape(error, options) };
  }
}

/** Like {@linkcode observe}, for an action that returns a promise. */
export async function observeAsync(
  action: () => unknown,
  options: ObserveOptions = {},
): Promise<Observed> {
  try {
    return { returned: await action() };
  } catch (error) {
    return { threw: errorShape(error, options) };
  }
}

/** An error as the grader compares it: its class name and (unless turned off) its message. */
export function errorShape(
  error: unknown,
  options: ObserveOptions = {},
): { name: string; message: string } {
  // Why keep "not implemented yet" whatever the options: it marks a stub.
  const message = error instanceof Error ? error.message : show(error);
  const keep = options.messages !== false || message === "not implemented yet";
  const name = error instanceof Error ? error.name : typeof error;
  return { name, message: keep ? message : "(any message)" };
}

/** Show a value as a learner would write it. */
export function show(value: unknown): string {
  return Deno.inspect(value, {
    depth: 6,
    colors: false,
    strAbbreviateSize: 200,
    iterableLimit: 50,
    breakLength: 96,
  });
}

/** One difference between the truth and the learner's code, in words. */
export interface Difference {
  /** What the truth did. */
  truth: unknown;
  /** What the learner's code did. */
  yours: unknown;
  /** Optional: what was compared, when it is not the whole outcome ("the source's log"). */
  what?: string;
}

/**
 * Compare two observations (or any two JSON-like values) deeply; the
 * {@linkcode Difference} when they differ, `undefined` when they agree.
 * A stub's "not implemented yet" is never a difference: it is rethrown, so
 * an untouched stub reads as not started.
 */
export function differ(yours: unknown, truth: unknown, what?: string): Difference | undefined {
  rethrowNotImplemented(yours);
  return sameValue(yours, truth) ? undefined : { truth, yours, what };
}

/** Deep equality for plain data: arrays, plain objects, primitives (NaN equals NaN, -0 is not 0). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) =>
    sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])
  );
}

function rethrowNotImplemented(observed: unknown): void {
  const threw = (observed as { threw?: { message?: unknown } } | undefined)?.threw;
  if (threw?.message === "not implemented yet") throw new Error("not implemented yet");
}

/** Options for {@linkcode explore}. */
export interface ExploreOptions<T> {
  /** What the learner's code is compared with, as the message names it: "the built-in". */
  truth: string;
  /** The cases to generate. */
  arbitrary: fc.Arbitrary<T>;
  /**
   * Run one case on both sides. Return `undefined` when they agree, or the
   * difference. Throw a {@linkcode Mistake} to report something that is not
   * a difference of outcomes (it is shown as is, with the case).
   */
  compare: (input: T) => Difference | undefined | Promise<Difference | undefined>;
  /**
   * The case as lines of TypeScript that a learner pastes into a file at the
   * repository root and runs with `deno run`; `from` is the import path of
   * the file under test (`./exercises/01-iterators/lazy.ts`). Print both
   * sides when the truth can be imported, so the snippet shows the difference.
   */
  snippet: (input: T, from: string) => string[];
  /** How many cases. @default 100 */
  runs?: number;
  /** Permissions the snippet needs, as `deno run` flags. @default [] */
  permissions?: string[];
  /**
   * Shrink a failing case. Turn it off where one case costs real time (a
   * Worker pool, a wait bounded by the wall clock): the first failing case
   * is then reported as it was generated.
   * @default true
   */
  shrink?: boolean;
}

/** Why the layer stopped: the case, both outcomes, and how to see it again. */
export class Counterexample extends Mistake {
  /** The shrunk case, as a runnable program. */
  readonly snippet: string;
  /** What the truth did. */
  readonly truthOutcome: string;
  /** What the learner's code did. */
  readonly yoursOutcome: string;
  /** The base seed that replays this grade. */
  readonly seed: number;

  /** Build the report; the message is what the learner sees. */
  constructor(
    options: {
      truth: string;
      difference: Difference;
      snippet: string;
      seed: number;
      exercise: string;
      permissions: string[];
    },
  ) {
    const { truth, difference, snippet, seed, exercise } = options;
    const truthOutcome = describeOutcome(difference.truth);
    const yoursOutcome = describeOutcome(difference.yours);
    const label = `${truth}:`;
    const width = Math.max(label.length, "yours:".length) + 1;
    const what = difference.what ? ` (${difference.what})` : "";
    const run = ["deno run", ...options.permissions, "case.ts"].join(" ");
    super(
      [
        `a generated case where yours and ${truth} differ${what}; the smallest found:`,
        "",
        indentBlock(snippet, "    "),
        "",
        `  ${label.padEnd(width)}${indentRest(truthOutcome, 2 + width)}`,
        `  ${"yours:".padEnd(width)}${indentRest(yoursOutcome, 2 + width)}`,
        "",
        `Run it: save it as case.ts at the repository root, then \`${run}\`.`,
        `Replay this grade: deno task grade ${exercise} --seed ${seed}`,
      ].join("\n"),
    );
    this.snippet = snippet;
    this.truthOutcome = truthOutcome;
    this.yoursOutcome = yoursOutcome;
    this.seed = seed;
  }
}

function describeOutcome(value: unknown): string {
  if (value !== null && typeof value === "object") {
    const o = value as Partial<{ returned: unknown; threw: { name: string; message: string } }>;
    const keys = Object.keys(value);
    if (keys.length === 1 && "threw" in o && o.threw) {
      return `threw ${o.threw.name}: ${o.threw.message}`;
    }
    if (keys.length === 1 && "returned" in o) return `returned ${show(o.returned)}`;
  }
  return show(value);
}

function indentBlock(text: string, prefix: string): string {
  return text.split("\n").map((line) => (line ? prefix + line : line)).join("\n");
}

function indentRest(text: string, column: number): string {
  return text.split("\n").join("\n" + " ".repeat(column));
}

/** Marks a thrown "not implemented yet", so it leaves fast-check untouched. */
class NotImplemented extends Error {}

/**
 * Generate cases and compare the learner's code with the truth on each;
 * throws a {@linkcode Counterexample} with the smallest differing case.
 */
export async function explore<T>(options: ExploreOptions<T>): Promise<void> {
  const seed = (state.seed ^ stableHash(`${state.check}#${state.ordinal++}`)) | 0;
  fc.resetConfigureGlobal(); // no global hooks (beforeEach/afterEach) around the cases
  let found: Difference | undefined;
  let mistake: Mistake | undefined;
  let stub = false;
  const property = fc.asyncProperty(options.arbitrary, async (input) => {
    let difference: Difference | undefined;
    try {
      difference = await options.compare(input);
    } catch (error) {
      if (error instanceof Error && error.message === "not implemented yet") {
        stub = true;
        throw new NotImplemented("not implemented yet");
      }
      if (error instanceof Mistake && !(error instanceof Counterexample)) {
        mistake = error;
        return false;
      }
      difference = { truth: "(no error)", yours: { threw: errorShape(error) } };
    }
    found = difference;
    return difference === undefined;
  });
  // Why the last failing run is the one reported: fast-check shrinks by
  // running smaller cases, so the last one that failed is the smallest.
  // Why spell out every parameter: fc.configureGlobal() would otherwise let
  // code in the same process shorten the run, skip cases or cut it off.
  const details = await fc.check(property, {
    seed,
    numRuns: options.runs ?? 100,
    path: undefined,
    endOnFailure: options.shrink === false,
    skipAllAfterTimeLimit: undefined,
    interruptAfterTimeLimit: undefined,
    markInterruptAsFailure: true,
    timeout: undefined,
    skipEqualValues: false,
    ignoreEqualValues: false,
    unbiased: false,
    examples: [],
    maxSkipsPerRun: 100,
    randomType: "xorshift128plus",
    reporter: undefined,
    asyncReporter: undefined,
  });
  if (stub) throw new Error("not implemented yet");
  if (!details.failed) return;
  const [input] = details.counterexample ?? [];
  // Replay the shrunk case once more, so `found` belongs to it.
  found = undefined;
  mistake = undefined;
  await property.run([input as T]);
  const snippet = options.snippet(input as T, state.from).join("\n");
  if (mistake) {
    throw new Mistake(
      `${(mistake as Mistake).message}\n\nThe smallest case that shows it:\n\n${
        indentBlock(snippet, "    ")
      }\n\nReplay this grade: deno task grade ${state.exercise} --seed ${state.seed}`,
    );
  }
  const difference = found ??
    {
      truth: "(see the case)",
      yours: details.errorInstance ? { threw: errorShape(details.errorInstance) } : "(differs)",
    };
  throw new Counterexample({
    truth: options.truth,
    difference,
    snippet,
    seed: state.seed,
    exercise: state.exercise,
    permissions: options.permissions ?? [],
  });
}
