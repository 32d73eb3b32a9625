/**
 * Generated scripts, sources and generators for the graders of lessons 01–05.
 *
 * The exploring layer (`explore.ts`) runs one generated case on the
 * learner's code and on the truth. For iterators, generators and
 * coroutines a case is made of three kinds of data, all plain and
 * printable, so a shrunk case can be pasted into a file and run:
 *
 * - a **script** of calls, `[["next", 0], ["throw", "a"], ["return", ""]]`,
 *   played on anything with `next`, `throw` and `return` by {@linkcode play};
 * - a **source**, {@linkcode SourceShape}: an iterable that logs every call
 *   made on it and that can end, throw from `next()`, throw from `return()`,
 *   or have no `return()`, at any point ({@linkcode source});
 * - a **generator shape**, {@linkcode Shape}: a real `function*` with yields,
 *   a catch, a finally that yields, throws or returns, an error of its own,
 *   and a call on itself while it runs ({@linkcode shaped}); or a
 *   **hand-written iterator**, {@linkcode HandShape}, that misbehaves the
 *   ways `yield*` must survive: no `throw()`, no `return()`, a `return()`
 *   that throws or yields ({@linkcode handWritten}).
 *
 * Values come from {@linkcode someValue}, which favours the falsy ones
 * (`0`, `-0`, `""`, `null`, `undefined`, `false`, `NaN`): the values that a
 * truthiness test mistakes for "nothing". {@linkcode literal} prints any of
 * them as TypeScript.
 *
 * @example Play a script on a shaped generator
 * ```ts
 * import assert from "node:assert/strict";
 * import { play, shaped } from "./iterator_scripts.ts";
 *
 * const log: string[] = [];
 * const gen = shaped({ yields: [1, 2], returns: "end" }, { log });
 * assert.deepEqual(play(gen, [["next"], ["next", "a"], ["return", 0]]), [
 *   "next() → yield 1",
 *   'next("a") → yield 2',
 *   "return(0) → done 0",
 * ]);
 * assert.deepEqual(log, ["starts", 'got "a"', "finally"]);
 * ```
 *
 * @module
 */

import { fc } from "./explore.ts";
import { Mistake } from "./grader.ts";

// ── values ───────────────────────────────────────────────────────────────

/** The values a truthiness test takes for "nothing". */
export const FALSY: readonly unknown[] = [0, -0, "", null, undefined, false, NaN];

/** A value to send, yield, return or throw: falsy half the time. */
export const someValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...FALSY),
  fc.constantFrom(1, -1, 2.5, "a", "b", Infinity, true),
);

/**
 * `arbitrary` with probability `chance`, else `undefined` (what a case
 * shrinks to). Like `fc.option`, whose `freq` says the odds of `undefined` instead.
 */
export function sometimes<T>(
  arbitrary: fc.Arbitrary<T>,
  chance: number,
): fc.Arbitrary<T | undefined> {
  const present = Math.round(chance * 100);
  const absent: fc.Arbitrary<T | undefined> = fc.constant(undefined);
  const some: fc.Arbitrary<T | undefined> = arbitrary;
  // Why cross-shrinking: a failing case then shrinks an option away when it is not needed.
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 100 - present, arbitrary: absent },
    { weight: present, arbitrary: some },
  );
}

/** Show a value as `Deno.inspect` does, without colours: `-0`, `"a"`, `NaN`. */
export function show(value: unknown): string {
  return Deno.inspect(value, { colors: false, depth: 4, breakLength: Infinity });
}

/**
 * A value as TypeScript source: `undefined`, `-0`, `NaN`, `/a/gi`, nested
 * arrays and plain objects. What {@linkcode JSON.stringify} cannot write.
 */
export function literal(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number") {
    if (Object.is(value, -0)) return "-0";
    return String(value); // NaN, Infinity and -Infinity are names in scope
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === null || typeof value === "boolean") return String(value);
  if (value instanceof RegExp) return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) =>
      `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v)}`
    );
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  throw new TypeError(`Cannot write ${show(value)} as a literal`);
}

// ── errors ───────────────────────────────────────────────────────────────

/** The error scripts throw in and sources throw out, told apart by its label. */
export class Boom extends Error {
  /** Makes `Boom(label)`. */
  constructor(label: string) {
    super(label);
    this.name = "Boom";
  }
}

/** What a script throws: a label means `new Boom(label)`; `["raw", v]` throws `v` itself. */
export type Thrown = string | ["raw", unknown];

/** The thrown value a {@linkcode Thrown} stands for. */
export function thrownValue(thrown: Thrown): unknown {
  return typeof thrown === "string" ? new Boom(thrown) : thrown[1];
}

/** An error as the logs write it: `Boom(a)`, `TypeError: <message>`, `the value 0`. */
export function label(error: unknown): string {
  if (error instanceof Boom) return `Boom(${error.message})`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `the value ${show(error)}`;
}

/** Like {@linkcode label}, but only the class of an error that is not a Boom. */
export function kindOf(error: unknown): string {
  if (error instanceof Boom) return `Boom(${error.message})`;
  if (error instanceof Error) return `a ${error.name}`;
  return `the value ${show(error)}`;
}

/** What a script may throw: Booms, and the falsy values thrown as they are. */
export const someThrown: fc.Arbitrary<Thrown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("a", "b", "c") },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Thrown>(["raw", 0], ["raw", undefined], ["raw", null], ["raw", ""]),
  },
);

/** Rethrow a stub's "not implemented yet", so the stub reads as not started. */
export function rethrowStub(error: unknown): void {
  if (error instanceof Error && error.message === "not implemented yet") throw error;
}

// ── scripts ──────────────────────────────────────────────────────────────

/** One call on a generator-like object. */
export type Call =
  | ["next"]
  | ["next", unknown]
  | ["throw", Thrown]
  | ["return"]
  | ["return", unknown];

/** Anything a script can drive. */
export interface Resumable {
  /** Resume with a value. */
  next(...value: [] | [unknown]): IteratorResult<unknown, unknown>;
  /** Resume by throwing in. */
  throw?(error: unknown): IteratorResult<unknown, unknown>;
  /** Resume by returning. */
  return?(value?: unknown): IteratorResult<unknown, unknown>;
}

/** A call as a learner writes it: `next()`, `next(0)`, `throw(Boom(a))`, `return("")`. */
export function callText(call: Call): string {
  if (call[0] === "throw") return `throw(${label(thrownValue(call[1]))})`;
  return call.length === 1 ? `${call[0]}()` : `${call[0]}(${show(call[1])})`;
}

/** Make one call of a script on `target`. */
export function callOn(target: Resumable, call: Call): IteratorResult<unknown, unknown> {
  const method = target[call[0]] as ((...args: unknown[]) => IteratorResult<unknown>) | undefined;
  if (typeof method !== "function") throw new TypeError(`it has no ${call[0]}() method`);
  if (call[0] === "throw") return method.call(target, thrownValue(call[1]));
  return call.length === 1 ? method.call(target) : method.call(target, call[1]);
}

/** A result as the logs write it: `yield 1`, `done undefined`. */
export function resultText(result: IteratorResult<unknown, unknown>): string {
  if (result === null || typeof result !== "object") {
    return `a result that is not an object: ${show(result)}`;
  }
  return `${result.done ? "done" : "yield"} ${show(result.value)}`;
}

/**
 * Play `script` on `target` and write down what each call gave:
 * `next(0) → yield 1`, `throw(Boom(a)) → threw Boom(a)`. A stub's
 * "not implemented yet" is rethrown.
 */
export function play(
  target: Resumable,
  script: readonly Call[],
  options: { errors?: (error: unknown) => string } = {},
): string[] {
  const describe = options.errors ?? label;
  const seen: string[] = [];
  for (const call of script) {
    try {
      seen.push(`${callText(call)} → ${resultText(callOn(target, call))}`);
    } catch (error) {
      rethrowStub(error);
      if (error instanceof Mistake) throw error;
      seen.push(`${callText(call)} → threw ${describe(error)}`);
    }
  }
  return seen;
}

/** Scripts of up to `maxLength` calls, with falsy values and falsy throws. */
export function someScript(
  options: { maxLength?: number; minLength?: number; calls?: ("next" | "throw" | "return")[] } = {},
): fc.Arbitrary<Call[]> {
  const kinds = options.calls ?? ["next", "throw", "return"];
  const call: fc.Arbitrary<Call>[] = [];
  if (kinds.includes("next")) {
    call.push(fc.constant<Call>(["next"]), fc.constant<Call>(["next"]));
    call.push(someValue.map((v): Call => ["next", v]));
  }
  if (kinds.includes("throw")) call.push(someThrown.map((t): Call => ["throw", t]));
  if (kinds.includes("return")) call.push(someValue.map((v): Call => ["return", v]));
  return fc.array(fc.oneof(...call), {
    minLength: options.minLength ?? 1,
    maxLength: options.maxLength ?? 6,
  });
}

// ── sources: iterables that log, end and fail at any point ──────────────

/** How a logging source behaves. */
export interface SourceShape {
  /** The values it gives, in order; `"naturals"` gives 0, 1, 2, ... without end. */
  values: readonly unknown[] | "naturals";
  /**
   * The value of its done result, `{ value: returns, done: true }`, as a
   * generator that ends with `return x` gives. @default undefined
   */
  returns?: unknown;
  /** The pull (counting from 0) whose `next()` throws `Boom(next <n>)` instead. */
  throwsAt?: number;
  /** `return()` throws `Boom(return)`, or `Boom(<name> return)` (after logging the call). */
  returnThrows?: boolean;
  /** It has no `return()` method at all. */
  noReturn?: boolean;
}

/** How far an endless source goes before it calls the consumer eager. */
const ENDLESS_LIMIT = 10_000;

/**
 * An iterable over `shape.values` that writes every call made on it into
 * `log`: `open`, `next → 1`, `next → done`, `next threw Boom(next 2)`,
 * `return`. With a `name`, each line and each error starts with it
 * (`left next → 1`, `Boom(left return)`), so two sources' errors differ.
 * Each `[Symbol.iterator]()` starts again. After `return()` it gives done.
 */
export function source(
  shape: SourceShape,
  log: string[],
  name?: string,
): Iterable<unknown> {
  const prefix = name ? `${name} ` : "";
  return {
    [Symbol.iterator]() {
      log.push(`${prefix}open`);
      let i = 0;
      let closed = false;
      const iterator: Iterator<unknown> = {
        next() {
          if (closed) {
            log.push(`${prefix}next → done (closed)`);
            return { value: undefined, done: true };
          }
          const at = i++;
          if (at >= ENDLESS_LIMIT) {
            throw new Mistake(
              `${prefix}pulled ${ENDLESS_LIMIT} values from a source without stopping: is something eager, or does it never stop?`,
            );
          }
          if (shape.throwsAt === at) {
            log.push(`${prefix}next threw Boom(${prefix}next ${at})`);
            throw new Boom(`${prefix}next ${at}`);
          }
          const ended = shape.values !== "naturals" && at >= shape.values.length;
          const value = shape.values === "naturals" ? at : shape.values[at];
          log.push(`${prefix}next → ${ended ? doneText(shape.returns) : show(value)}`);
          return ended ? { value: shape.returns, done: true } : { value, done: false };
        },
      };
      if (!shape.noReturn) {
        iterator.return = () => {
          log.push(`${prefix}return`);
          closed = true;
          if (shape.returnThrows) throw new Boom(`${prefix}return`);
          return { value: undefined, done: true };
        };
      }
      return iterator;
    },
  };
}

/** A done result as the logs write it: `done`, or `done with 0` when it carries a value. */
function doneText(value: unknown): string {
  return value === undefined ? "done" : `done with ${show(value)}`;
}

/**
 * Sources of up to `maxLength` values from `values`, that may throw or lack
 * `return()`, and whose done result may carry a value (falsy ones too).
 */
export function someSource(
  values: fc.Arbitrary<unknown> = someValue,
  options: { maxLength?: number; endless?: boolean; failures?: boolean } = {},
): fc.Arbitrary<SourceShape> {
  const finite = fc.array(values, { maxLength: options.maxLength ?? 5 });
  const failures = options.failures ?? true;
  const chance = failures ? 1 : 0;
  return fc.record({
    values: options.endless ? fc.oneof(finite, fc.constant("naturals" as const)) : finite,
    // Why not a failure: a generator that ends with `return x` is an ordinary source.
    returns: sometimes(fc.constantFrom<unknown>("end", 0, null, false, ""), 0.25),
    throwsAt: sometimes(fc.nat(5), 0.25 * chance),
    returnThrows: sometimes(fc.constant(true), 0.25 * chance),
    noReturn: sometimes(fc.constant(true), 0.2 * chance),
  }).map(compact);
}

/** Drop the `undefined` fields, so a printed shape says only what matters. */
export function compact<T extends object>(shape: T): T {
  return Object.fromEntries(Object.entries(shape).filter(([, v]) => v !== undefined)) as T;
}

/** One thing a consumer does to an iterator: pull once, or close it. */
export type Pull = "next" | "return";

/**
 * Pull from `iterator` as `pulls` say, writing what came into `log`:
 * `got 1`, `done` (`done with 0` when the done result carries a value),
 * `return → done undefined`, `threw Boom(next 2)`. Goes on after a throw (a
 * learner's iterator must stay sane).
 */
export function consume(iterator: Iterator<unknown>, pulls: readonly Pull[], log: string[]): void {
  for (const pull of pulls) {
    try {
      if (pull === "return") {
        const result = iterator.return?.();
        log.push(result === undefined ? "no return()" : `return → ${resultText(result)}`);
      } else {
        const result = iterator.next();
        log.push(result.done ? doneText(result.value) : `got ${show(result.value)}`);
      }
    } catch (error) {
      rethrowStub(error);
      if (error instanceof Mistake) throw error;
      log.push(`threw ${label(error)}`);
    }
  }
}

/** Consumer scripts: mostly pulls, sometimes a close. */
export function somePulls(maxLength = 7): fc.Arbitrary<Pull[]> {
  return fc.array(
    fc.oneof({ weight: 4, arbitrary: fc.constant<Pull>("next") }, {
      weight: 1,
      arbitrary: fc.constant<Pull>("return"),
    }),
    { minLength: 1, maxLength },
  );
}

// ── shaped generators: a real function* built from data ─────────────────

/** What a shaped generator's `catch` does with an error thrown in at one of its yields. */
export type OnCatch = "continue" | "return" | "rethrow";

/**
 * A generator, as data. Its body, in order: log `starts`; then for each
 * value of `yields`: at `throwsAt`, throw `Boom(own)`; at `reenterAt`, call
 * itself (`ctx.self`) while running and log what came of it; at `peekAt`,
 * log `ctx.peek()`; yield the value and log what was sent (`got "a"`). With
 * `onCatch`, each yield is wrapped in a try/catch that logs the error and
 * then goes on to the next yield, returns `caughtReturns`, or rethrows.
 * After the last yield it returns `returns`. All of it sits in a
 * try/finally whose finally logs `finally`, yields each of `finallyYields`,
 * then throws `Boom(finally)` with `finallyThrows`, or returns
 * `finallyReturns` when that key is present.
 */
export interface Shape {
  /** The values it yields. */
  yields: readonly unknown[];
  /** What it returns after the last yield. */
  returns?: unknown;
  /** Before which yield (from 0) it throws `Boom(own)`. */
  throwsAt?: number;
  /** Catch errors thrown in at a yield, and then do this. */
  onCatch?: OnCatch;
  /** What a `return` in the catch gives. */
  caughtReturns?: unknown;
  /** What its finally yields on the way out. */
  finallyYields?: readonly unknown[];
  /** Its finally throws `Boom(finally)`. */
  finallyThrows?: boolean;
  /** Its finally returns this value (when the key is present). */
  finallyReturns?: unknown;
  /** Before which yield it calls itself, and how. */
  reenterAt?: number;
  /** The call it makes on itself. */
  reenter?: "next" | "throw" | "return";
  /** Before which yield it logs `ctx.peek()` (the tracked state, say). */
  peekAt?: number;
  /** Log its arguments when it starts (primed passes them on). */
  logArgs?: boolean;
}

/** What a shaped generator can reach: its log, itself, and what to peek at. */
export interface ShapeContext {
  /** Where the body writes what it does. */
  log: { push(line: string): unknown };
  /** The object to call while running (the generator, or its wrapper). */
  self?: () => Resumable;
  /** What to log at `peekAt`. */
  peek?: () => unknown;
  /** The arguments it was made with, logged with `logArgs`. */
  args?: readonly unknown[];
  /** How the error of a call on itself is written. @default label */
  errors?: (error: unknown) => string;
}

/** Build the generator a {@linkcode Shape} describes. */
export function* shaped(shape: Shape, ctx: ShapeContext): Generator<unknown, unknown, unknown> {
  const { log } = ctx;
  log.push(shape.logArgs ? `starts with ${show(ctx.args ?? [])}` : "starts");
  try {
    for (let i = 0; i < shape.yields.length; i++) {
      if (shape.throwsAt === i) {
        log.push("throws Boom(own)");
        throw new Boom("own");
      }
      if (shape.reenterAt === i && ctx.self) {
        try {
          const call: Call = shape.reenter === "throw"
            ? ["throw", "reentry"]
            : [shape.reenter ?? "next", "reentry"] as Call;
          const result = callOn(ctx.self(), call);
          log.push(`${call[0]}() on itself gave ${resultText(result)}`);
        } catch (error) {
          rethrowStub(error);
          log.push(`${shape.reenter ?? "next"}() on itself threw ${(ctx.errors ?? label)(error)}`);
        }
      }
      if (shape.peekAt === i && ctx.peek) log.push(`peeks: ${show(ctx.peek())}`);
      if (shape.onCatch === undefined) {
        log.push(`got ${show(yield shape.yields[i])}`);
        continue;
      }
      try {
        log.push(`got ${show(yield shape.yields[i])}`);
      } catch (error) {
        log.push(`caught ${label(error)}`);
        if (shape.onCatch === "rethrow") throw error;
        if (shape.onCatch === "return") return shape.caughtReturns;
      }
    }
    if (shape.throwsAt !== undefined && shape.throwsAt >= shape.yields.length) {
      log.push("throws Boom(own)");
      throw new Boom("own");
    }
    return shape.returns;
  } finally {
    log.push("finally");
    for (const value of shape.finallyYields ?? []) log.push(`finally got ${show(yield value)}`);
    // deno-lint-ignore no-unsafe-finally -- on purpose: a finally that throws replaces the completion
    if (shape.finallyThrows) throw new Boom("finally");
    // deno-lint-ignore no-unsafe-finally -- on purpose: a finally that returns replaces the value
    if ("finallyReturns" in shape) return shape.finallyReturns;
  }
}

/**
 * A {@linkcode Shape} written out as the generator it builds, as comment
 * lines for a snippet (`log(...)` stands for what goes into the log).
 */
export function shapeSource(shape: Shape): string[] {
  const out = ["// the generator this shape builds, written out:", "// function* body() {"];
  const line = (depth: number, text: string) => out.push(`// ${"  ".repeat(depth)}${text}`);
  line(1, shape.logArgs ? 'log("starts with", args);' : 'log("starts");');
  line(1, "try {");
  let stopped = false;
  for (let i = 0; i < shape.yields.length && !stopped; i++) {
    if (shape.throwsAt === i) {
      line(2, 'throw new Boom("own");');
      stopped = true;
      break;
    }
    if (shape.reenterAt === i) {
      line(2, `try { self.${shape.reenter ?? "next"}(…); } catch (e) { log(e); } // while running`);
    }
    if (shape.peekAt === i) line(2, "log(tracked.state);");
    const value = literal(shape.yields[i]);
    if (shape.onCatch === undefined) line(2, `log(yield ${value});`);
    else {
      const then = shape.onCatch === "continue"
        ? "/* and go on */"
        : shape.onCatch === "return"
        ? `return ${literal(shape.caughtReturns)};`
        : "throw e;";
      line(2, `try { log(yield ${value}); } catch (e) { log(e); ${then} }`);
    }
  }
  if (!stopped) {
    if (shape.throwsAt !== undefined) line(2, 'throw new Boom("own");');
    else line(2, `return ${literal(shape.returns)};`);
  }
  line(1, "} finally {");
  line(2, 'log("finally");');
  for (const value of shape.finallyYields ?? []) line(2, `log(yield ${literal(value)});`);
  if (shape.finallyThrows) line(2, 'throw new Boom("finally");');
  else if ("finallyReturns" in shape) line(2, `return ${literal(shape.finallyReturns)};`);
  line(1, "}");
  out.push("// }");
  return out;
}

/** A {@linkcode HandShape} in one comment line, for a snippet. */
export function handSource(hand: HandShape): string {
  const method = (name: string, how: HandMethod | undefined) =>
    !how || how === "absent" ? `no ${name}()` : `${name}() ${how}`;
  const parts = [
    `next() gives 1..${hand.count}, then done with ${literal(hand.final)}`,
    ...(hand.nextThrowsAt !== undefined ? [`call ${hand.nextThrowsAt} of next() throws`] : []),
    method("throw", hand.throwMethod),
    method("return", hand.returnMethod),
    ...(hand.openThrows ? ["[Symbol.iterator]() throws"] : []),
  ];
  return `// a hand-written iterator: ${parts.join("; ")}`;
}

/** Options for {@linkcode someShape}. */
export interface ShapeOptions {
  /** Generate calls on itself while running. */
  reenter?: boolean;
  /** Generate peeks. */
  peek?: boolean;
  /** Most yields. @default 3 */
  maxYields?: number;
}

/** Generator shapes: yields, catches, finallys that yield, throw or return, errors of its own. */
export function someShape(options: ShapeOptions = {}): fc.Arbitrary<Shape> {
  const at = fc.nat(options.maxYields ?? 3);
  return fc.record({
    yields: fc.array(someValue, { maxLength: options.maxYields ?? 3 }),
    returns: sometimes(someValue, 0.5),
    throwsAt: sometimes(at, 0.25),
    onCatch: sometimes(fc.constantFrom<OnCatch>("continue", "return", "rethrow"), 0.4),
    caughtReturns: sometimes(someValue, 0.5),
    finallyYields: sometimes(fc.array(someValue, { minLength: 1, maxLength: 2 }), 0.3),
    finallyThrows: sometimes(fc.constant(true), 0.2),
    reentry: options.reenter
      ? sometimes(
        fc.tuple(at, fc.constantFrom("next" as const, "throw" as const, "return" as const)),
        0.4,
      )
      : fc.constant(undefined),
    peekAt: options.peek ? sometimes(at, 0.4) : fc.constant(undefined),
    finallyReturns: sometimes(fc.tuple(someValue), 0.2),
  }).map(({ reentry, finallyReturns, ...shape }) => {
    const out: Shape = compact(shape);
    if (reentry) Object.assign(out, { reenterAt: reentry[0], reenter: reentry[1] });
    // Why a tuple: "finallyReturns" counts by its key, so even undefined is a value to return.
    if (finallyReturns) Object.assign(out, { finallyReturns: finallyReturns[0] });
    return out;
  });
}

// ── hand-written iterators that misbehave ────────────────────────────────

/** What a hand-written iterator's `throw(e)` or `return(v)` does. */
export type HandMethod = "absent" | "finishes" | "yields" | "throws";

/**
 * A hand-written iterator, as data. `next()` gives `{ value: 1 }`,
 * `{ value: 2 }`, ... `count` times, then `{ value: final, done: true }`;
 * the `nextThrowsAt`-th call (from 0) throws `Boom(next)`. `throw(e)` and
 * `return(v)` are absent, finish (`done: true`), yield (`done: false`, the
 * iterator goes on) or throw `Boom(throw)` / `Boom(return)`. With
 * `openThrows`, `[Symbol.iterator]()` itself throws `Boom(open)`. Every call
 * is logged with its argument.
 */
export interface HandShape {
  /** How many values `next()` gives before it is done. */
  count: number;
  /** The value of the done result. */
  final?: unknown;
  /** Which `next()` call (from 0) throws. */
  nextThrowsAt?: number;
  /** What `throw(e)` does. @default "absent" */
  throwMethod?: HandMethod;
  /** What `return(v)` does. @default "absent" */
  returnMethod?: HandMethod;
  /** `[Symbol.iterator]()` throws. */
  openThrows?: boolean;
}

/** Build the iterable a {@linkcode HandShape} describes; its calls go into `log`. */
export function handWritten(shape: HandShape, log: string[]): Iterable<unknown> {
  return {
    [Symbol.iterator]() {
      log.push("open");
      if (shape.openThrows) throw new Boom("open");
      let calls = 0;
      let given = 0;
      const it: Iterator<unknown> = {
        next(...args: unknown[]) {
          // Why not the number of arguments: next() and next(undefined) mean the same.
          log.push(`next(${show(args[0])})`);
          if (shape.nextThrowsAt === calls++) throw new Boom("next");
          given++;
          return given <= shape.count
            ? { value: given, done: false }
            : { value: shape.final, done: true };
        },
      };
      const method = (name: "throw" | "return", how: HandMethod | undefined) => {
        if (how === undefined || how === "absent") return;
        it[name] = (...args: unknown[]) => {
          log.push(`${name}(${name === "throw" ? label(args[0]) : show(args[0])})`);
          if (how === "throws") throw new Boom(name);
          if (how === "yields") return { value: `${name} yields`, done: false };
          return { value: name === "return" ? args[0] : "finished by throw", done: true };
        };
      };
      method("throw", shape.throwMethod);
      method("return", shape.returnMethod);
      return it;
    },
  };
}

/** A method that is mostly `favoured`, else any of the others. */
function someMethod(favoured: HandMethod): fc.Arbitrary<HandMethod> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(favoured) },
    { weight: 4, arbitrary: fc.constantFrom<HandMethod>("absent", "finishes", "yields", "throws") },
  );
}

/**
 * Hand-written iterators with every combination of missing and misbehaving
 * methods. Why the favourites: the paths that differ most from a generator
 * are a missing `throw()` (the inner one is closed instead) and a `return()`
 * that throws, and a drawn pair of methods is one of sixteen; so each of
 * those comes up a little over half the time, and both together about one
 * time in three.
 */
export const someHandShape: fc.Arbitrary<HandShape> = fc.record({
  count: fc.nat(3),
  final: sometimes(someValue, 0.5),
  nextThrowsAt: sometimes(fc.nat(3), 0.25),
  throwMethod: someMethod("absent"),
  returnMethod: someMethod("throws"),
  openThrows: sometimes(fc.constant(true), 0.1),
}).map(compact);
