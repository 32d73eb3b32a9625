/**
 * Awaitables: the things an `await`, a `then` or a `resolve` can meet,
 * generated as data and made twice, once for each side of a comparison.
 *
 * A {@linkcode Spec} says what a value is: a plain value (falsy ones
 * included), a native promise that settles at a given microtask tick, a
 * hand-written thenable that calls back at once or later, twice, throws
 * after resolving, resolves with another thenable, hides its `then` behind a
 * getter, or a promise that never settles. A {@linkcode Stage} makes the
 * value for one side, with its own clock of native ticks and its own log,
 * so the learner's code and the truth each get fresh objects that behave
 * the same. {@linkcode codeOf} writes the same value as TypeScript, for the
 * replayable snippet of a counterexample.
 *
 * Objects are shown by label (`Error#2 "b"`, `thenable#1`), never by
 * structure: a reason that was wrapped or copied shows as a different one.
 *
 * @module
 */

import { fc } from "./explore.ts";

/** A plain value; `{ error }` is an Error with that message, `{ box }` a plain object. */
export type Plain =
  | number
  | string
  | boolean
  | null
  | undefined
  | { error: string }
  | { box: number };

/** One call a thenable makes on the callbacks its `then` was given. */
export type Call =
  | { resolve: Plain }
  | { reject: Plain }
  | { throw: Plain }
  | { resolveWith: Spec };

/** What a value is. */
export type Spec =
  | { plain: Plain }
  /** A native promise: settled already when `at` is 0, else in the job of tick `at`. */
  | { native: "fulfil" | "reject"; value: Plain; at: number }
  /**
   * A thenable whose `then` makes `calls`: inside `then` when `at` is 0,
   * else in the job of tick `at` (a throw only counts inside `then`).
   * `then` may be a getter that logs each read, or one that throws.
   */
  | { thenable: Call[]; at: number; getter?: "logged" | "throws"; fn?: boolean }
  /** An object whose `then` is not a function: a plain value. */
  | { notThenable: true }
  /** A promise that never settles. */
  | { pending: true };

/** Plain values, falsy ones first (fast-check shrinks towards the first). */
export const plainValues: fc.Arbitrary<Plain> = fc.oneof(
  fc.constantFrom<Plain>(0, "", null, undefined, false, 1, "a"),
  fc.constantFrom<Plain>({ error: "a" }, { error: "b" }, { box: 1 }),
);

/** Options for {@linkcode specs}. */
export interface SpecOptions {
  /** The latest tick a value settles at. @default 6 */
  maxTick?: number;
  /** Whether a spec may never settle. @default false */
  pending?: boolean;
  /** How deep `resolveWith` nests thenables. @default 1 */
  depth?: number;
}

/** Generated specs: plain values, native promises, thenables of every kind. */
export function specs(options: SpecOptions = {}): fc.Arbitrary<Spec> {
  const maxTick = options.maxTick ?? 6;
  const depth = options.depth ?? 1;
  const tick = fc.integer({ min: 0, max: maxTick });
  const leaf = fc.oneof(
    plainValues.map((plain): Spec => ({ plain })),
    fc.record({
      native: fc.constantFrom("fulfil" as const, "reject" as const),
      value: plainValues,
      at: tick,
    }),
  );
  const nested: fc.Arbitrary<Spec> = depth > 0
    ? specs({ ...options, depth: depth - 1, pending: false })
    : leaf;
  const call = (sync: boolean): fc.Arbitrary<Call> =>
    fc.oneof(
      plainValues.map((resolve): Call => ({ resolve })),
      plainValues.map((reject): Call => ({ reject })),
      ...(sync ? [plainValues.map((thrown): Call => ({ throw: thrown }))] : []),
      nested.map((resolveWith): Call => ({ resolveWith })),
    );
  const thenable = fc.boolean().chain((sync) =>
    fc.record({
      thenable: fc.array(call(sync), { minLength: 0, maxLength: 3 }),
      at: sync ? fc.constant(0) : fc.integer({ min: 1, max: maxTick }),
      getter: fc.option(fc.constantFrom("logged" as const, "throws" as const), {
        nil: undefined,
        freq: 3,
      }),
      fn: fc.option(fc.constant(true), { nil: undefined, freq: 4 }),
    }, { requiredKeys: ["thenable", "at"] })
  ) as fc.Arbitrary<Spec>;
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    { arbitrary: thenable, weight: 3 },
    { arbitrary: fc.constant<Spec>({ notThenable: true }), weight: 1 },
    ...(options.pending ? [{ arbitrary: fc.constant<Spec>({ pending: true }), weight: 1 }] : []),
  );
}

/**
 * A native microtask clock: one chain of `count` jobs, tick 1 to tick
 * `count`. Work registered with {@linkcode Ticks.on} runs inside the job of
 * its tick, so it lands at the same place among other microtasks on both
 * sides of a comparison.
 */
export class Ticks {
  readonly #work = new Map<number, (() => void)[]>();
  /** Settles after the last tick. */
  readonly done: Promise<void>;

  /** Start the chain now; `log` (when given) hears `tick k` at each tick. */
  constructor(count: number, log?: (line: string) => void) {
    let chain = Promise.resolve();
    for (let k = 1; k <= count; k++) {
      chain = chain.then(() => {
        log?.(`tick ${k}`);
        for (const work of this.#work.get(k) ?? []) work();
      });
    }
    this.done = chain;
  }

  /** Run `work` in the job of tick `k` (k >= 1). */
  on(k: number, work: () => void): void {
    const list = this.#work.get(k) ?? [];
    list.push(work);
    this.#work.set(k, list);
  }
}

/**
 * One side of a comparison: the values it was handed, labelled so they can
 * be recognised in a log, and its clock.
 */
export class Stage {
  readonly #labels = new WeakMap<object, string>();
  #counts = new Map<string, number>();
  /** What happened on this side, in order. */
  readonly lines: string[] = [];
  /** The side's clock (start it with {@linkcode Stage.startClock}). */
  ticks: Ticks | undefined = undefined;

  /** Write a line to this side's log. */
  readonly log = (line: string): void => void this.lines.push(line);

  /** Start this side's native clock of `count` ticks. */
  startClock(count: number, options: { logTicks?: boolean } = {}): Ticks {
    this.ticks = new Ticks(count, options.logTicks === false ? undefined : this.log);
    return this.ticks;
  }

  /** Give `object` a label (`thenable#1`) that {@linkcode Stage.show} uses. */
  label<T extends object>(object: T, kind: string): T {
    const n = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, n);
    this.#labels.set(object, `${kind}#${n}`);
    return object;
  }

  /** Give `object` exactly the label `name` (`p2`). */
  name<T extends object>(object: T, name: string): T {
    this.#labels.set(object, name);
    return object;
  }

  /** Show `object` with the label `like` already has (a stand-in for it). */
  sameLabel<T extends object>(object: T, like: object): T {
    const label = this.#labels.get(like);
    if (label !== undefined) this.#labels.set(object, label);
    return object;
  }

  /** Make a plain value for this side (a fresh, labelled Error or box). */
  plain(value: Plain): unknown {
    if (value === null || typeof value !== "object") return value;
    if ("error" in value) {
      const error = new Error(value.error);
      this.#labels.set(error, `Error ${JSON.stringify(value.error)}`);
      return error;
    }
    return this.label({ box: value.box }, "box");
  }

  /** Make the value `spec` describes, for this side. */
  make(spec: Spec): unknown {
    if ("plain" in spec) return this.plain(spec.plain);
    if ("pending" in spec) return this.label(new Promise(() => {}), "pending promise");
    if ("notThenable" in spec) return this.label({ then: 42 }, "{ then: 42 }");
    if ("native" in spec) {
      const value = this.plain(spec.value);
      const promise = spec.at === 0
        ? spec.native === "fulfil" ? Promise.resolve(value) : Promise.reject(value)
        : new Promise((resolve, reject) =>
          this.#clock().on(spec.at, () => spec.native === "fulfil" ? resolve(value) : reject(value))
        );
      return this.label(promise, "promise");
    }
    return this.#thenable(spec);
  }

  #thenable(spec: Extract<Spec, { thenable: Call[] }>): unknown {
    // Why make every value now: the same objects are handed over however
    // many times `then` is called, and labels are given in the same order
    // on both sides.
    const calls = spec.thenable.map((call) =>
      "resolveWith" in call
        ? { kind: "resolve" as const, value: this.make(call.resolveWith) }
        : "resolve" in call
        ? { kind: "resolve" as const, value: this.plain(call.resolve) }
        : "reject" in call
        ? { kind: "reject" as const, value: this.plain(call.reject) }
        : { kind: "throw" as const, value: this.plain(call.throw) }
    );
    const then = (resolve: (v: unknown) => void, reject: (e: unknown) => void) => {
      const act = () => {
        for (const call of calls) {
          if (call.kind === "resolve") resolve(call.value);
          else if (call.kind === "reject") reject(call.value);
          else throw call.value;
        }
      };
      if (spec.at === 0) act();
      else {this.#clock().on(spec.at, () => {
          try {
            act();
          } catch { /* a throw after then() returned goes nowhere */ }
        });}
    };
    const target: object = spec.fn ? () => {} : {};
    if (spec.getter === undefined) Object.defineProperty(target, "then", { value: then });
    else {
      const name = () => this.show(target);
      const log = this.log;
      const plain = (value: Plain) => this.plain(value);
      Object.defineProperty(target, "then", {
        get() {
          // Why a plain value: labelled, so the log shows it as the snippet prints it.
          if (spec.getter === "throws") throw plain({ error: "then getter" });
          log(`${name()}.then read`);
          return then;
        },
      });
    }
    return this.label(target, spec.fn ? "thenable function" : "thenable");
  }

  #clock(): Ticks {
    if (this.ticks === undefined) {
      throw new Error("Stage: start the clock before making timed values");
    }
    return this.ticks;
  }

  /** A value as this side's log shows it: labels for the objects it made. */
  show(value: unknown): string {
    if (value !== null && (typeof value === "object" || typeof value === "function")) {
      const label = this.#labels.get(value);
      if (label !== undefined) return label;
      // Why no message: errors made by the code under test (a TypeError for
      // a promise resolved with itself) have the engine's words, or the
      // learner's; their kind is what must agree.
      if (value instanceof Error) return `a new ${value.name}`;
      if (Array.isArray(value)) return `[${value.map((v) => this.show(v)).join(", ")}]`;
      if (value instanceof Promise) return "an unknown promise";
      return `an unknown ${Deno.inspect(value, { depth: 1, colors: false })}`;
    }
    return Deno.inspect(value);
  }
}

/** A plain value as TypeScript. */
export function plainCode(value: Plain): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if ("error" in value) return `new Error(${JSON.stringify(value.error)})`;
  return `{ box: ${value.box} }`;
}

/**
 * A spec as a TypeScript expression. Timed values use `at(k, f)`, which
 * the snippet defines: run `f` in the job of native tick `k`.
 */
export function codeOf(spec: Spec): string {
  if ("plain" in spec) return plainCode(spec.plain);
  if ("pending" in spec) return "new Promise(() => {})";
  if ("notThenable" in spec) return "{ then: 42 }";
  if ("native" in spec) {
    const v = plainCode(spec.value);
    if (spec.at === 0) {
      return spec.native === "fulfil" ? `Promise.resolve(${v})` : `Promise.reject(${v})`;
    }
    const settle = spec.native === "fulfil" ? "resolve" : "reject";
    return `new Promise((resolve, reject) => at(${spec.at}, () => ${settle}(${v})))`;
  }
  const calls = spec.thenable.map((call) =>
    "resolveWith" in call
      ? `resolve(${codeOf(call.resolveWith)});`
      : "resolve" in call
      ? `resolve(${plainCode(call.resolve)});`
      : "reject" in call
      ? `reject(${plainCode(call.reject)});`
      : `throw ${plainCode(call.throw)};`
  ).join(" ");
  const body = spec.at === 0 ? calls : `at(${spec.at}, () => { ${calls} });`;
  const fn = `(resolve: any, reject: any) => { ${body} }`;
  const then = spec.getter === "throws"
    ? `get then(): any { throw new Error("then getter"); }`
    : spec.getter === "logged"
    ? `get then(): any { console.log("then read"); return ${fn}; }`
    : `then: ${fn}`;
  return spec.fn ? `Object.assign(() => {}, { ${then} })` : `{ ${then} }`;
}

/** Whether `spec` (or a thenable it resolves with) needs the snippet's `at` helper. */
export function usesClock(spec: Spec): boolean {
  if ("native" in spec) return spec.at > 0;
  if ("thenable" in spec) {
    return spec.at > 0 || spec.thenable.some((c) => "resolveWith" in c && usesClock(c.resolveWith));
  }
  return false;
}

/**
 * The snippet's clock: `at(k, f)` runs `f` in the job of native tick `k`,
 * and `tick k` lines are printed among the events.
 */
export const CLOCK_CODE: string[] = [
  `const work: (() => void)[][] = [];`,
  `const at = (k: number, f: () => void) => void (work[k] ??= []).push(f);`,
  `let clock = Promise.resolve();`,
  `for (let k = 1; k <= 12; k++) clock = clock.then(() => { console.log("tick", k); work[k]?.forEach((f) => f()); });`,
];

/** A log as one line for a report: `tick 1 | fulfilled 2`, or a word for nothing. */
export function logLine(lines: string[]): string {
  return lines.length === 0 ? "(nothing happened)" : lines.join(" | ");
}

/**
 * Run `body` with an `unhandledrejection` listener that calls
 * `preventDefault()`: Deno ends a program on an unhandled rejection, and
 * wrong code under test may leave one behind, which must fail a check, not
 * end the grading. The listener is removed once a macrotask has let Deno
 * report what the body left.
 */
export async function withoutUnhandledRejections<T>(body: () => Promise<T>): Promise<T> {
  const quiet = (event: PromiseRejectionEvent) => event.preventDefault();
  globalThis.addEventListener("unhandledrejection", quiet);
  try {
    return await body();
  } finally {
    await new Promise((resolve) => setTimeout(resolve, 0));
    globalThis.removeEventListener("unhandledrejection", quiet);
  }
}
