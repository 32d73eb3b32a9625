/**
 * Generated bodies for `run(genFn)`: the same small program written once as
 * a native `async function` (with `await`) and once as a generator for the
 * learner's driver (with `yield`), run each beside a native microtask
 * clock, and logged event for event.
 *
 * A body is a template, `before; try { body } catch { handler } finally {
 * cleanup }; after; return`, whose parts are lists of statements: await a
 * value (any {@linkcode Spec}: plain, native promise, odd thenable), return
 * a value, throw a value. That covers a rejection caught or escaping, a
 * finally that awaits, a return inside finally, a throw inside catch, and a
 * value or promise returned. A body may also take a parameter whose
 * default value is computed when the function is called, and may throw
 * there: an async function turns that throw into a rejection, so the
 * driver must catch what calling `genFn` throws. Both sides run the very
 * same template code; only `await` and `yield` differ, so any difference
 * in the logs is the driver's.
 *
 * @module
 */

import { fc } from "./explore.ts";
import {
  codeOf,
  type Plain,
  plainCode,
  plainValues,
  type Spec,
  specs,
  Stage,
} from "./awaitables.ts";

/** One statement of a body. */
export type Statement = { await: Spec } | { return: Spec } | { throw: Plain };

/**
 * A parameter with a default value: computed when the function is called
 * (it logs `parameters`), and it may throw then.
 */
export type Params = { logs: true } | { throws: Plain };

/** A body: the template's parts. */
export interface Body {
  params?: Params;
  before: Statement[];
  guarded?: { body: Statement[]; catch?: Statement[]; finally?: Statement[] };
  after: Statement[];
  /** What the body returns at its end (nothing: it fulfils with undefined). */
  end?: Spec;
}

const statement: fc.Arbitrary<Statement> = fc.oneof(
  { arbitrary: specs().map((s): Statement => ({ await: s })), weight: 6 },
  { arbitrary: specs({ depth: 0 }).map((s): Statement => ({ return: s })), weight: 1 },
  { arbitrary: plainValues.map((v): Statement => ({ throw: v })), weight: 1 },
);
const statements = (max: number) => fc.array(statement, { maxLength: max, size: "-1" });

/**
 * An await of something that rejects (a native promise, now or at a tick,
 * or a thenable): what a try block is for, so its body meets one often.
 */
const rejection: fc.Arbitrary<Statement> = fc.oneof(
  fc.record({
    native: fc.constant("reject" as const),
    value: plainValues,
    at: fc.integer({ min: 0, max: 6 }),
  }),
  fc.record({
    thenable: plainValues.map((reject) => [{ reject }]),
    at: fc.integer({ min: 0, max: 6 }),
  }),
).map((spec): Statement => ({ await: spec }));
const guardedStatements = fc.array(
  fc.oneof({ arbitrary: statement, weight: 2 }, { arbitrary: rejection, weight: 1 }),
  { maxLength: 3 },
);

/** Generated bodies. */
export const bodies: fc.Arbitrary<Body> = fc.record({
  params: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    { arbitrary: fc.constant<Params>({ logs: true }), weight: 1 },
    { arbitrary: plainValues.map((throws): Params => ({ throws })), weight: 1 },
  ),
  before: statements(2),
  guarded: fc.option(
    fc.record({
      body: guardedStatements,
      catch: fc.option(statements(2), { nil: undefined }),
      finally: fc.option(statements(2), { nil: undefined }),
    }, { requiredKeys: ["body"] }),
    { nil: undefined, freq: 4 },
  ),
  after: statements(2),
  end: fc.option(specs({ depth: 0 }), { nil: undefined }),
}, { requiredKeys: ["before", "after"] });

/** What one statement does, with its value already made. */
type Act = { await: unknown } | { return: unknown } | { throw: unknown };

/** Make every statement's value now, in order, so both sides label them alike. */
function prepare(stage: Stage, body: Body) {
  const acts = (list: Statement[] = []): Act[] =>
    list.map((s) =>
      "await" in s
        ? { await: stage.make(s.await) }
        : "return" in s
        ? { return: stage.make(s.return) }
        : { throw: stage.plain(s.throw) }
    );
  return {
    params: body.params === undefined
      ? undefined
      : "throws" in body.params
      ? { throws: stage.plain(body.params.throws) }
      : { logs: true as const },
    before: acts(body.before),
    guarded: body.guarded === undefined ? undefined : {
      body: acts(body.guarded.body),
      catch: body.guarded.catch === undefined ? undefined : acts(body.guarded.catch),
      finally: body.guarded.finally === undefined ? undefined : acts(body.guarded.finally),
    },
    after: acts(body.after),
    end: body.end === undefined ? undefined : stage.make(body.end),
  };
}

type Prepared = ReturnType<typeof prepare>;

/** What a body writes with: its log, and the stage's way of showing values. */
interface Io {
  log: (line: string) => void;
  show: (value: unknown) => string;
}

/** A parameter's default value, computed inside the call: it logs, and may throw. */
function enter(p: Prepared, stage: Io): void {
  if (p.params === undefined) return;
  stage.log("parameters");
  if ("throws" in p.params) throw p.params.throws;
}

/* Why each part is written out in full, twice: a helper function would add
 * its own await (and its own microtasks) on the native side. The two
 * functions below are the same text but for `await` and `yield`. */

// deno-lint-ignore no-explicit-any
async function nativeBody(p: Prepared, stage: Io, _params = enter(p, stage)): Promise<any> {
  const got = (v: unknown) => stage.log(`got ${stage.show(v)}`);
  for (const a of p.before) {
    if ("await" in a) got(await a.await);
    else if ("return" in a) return a.return;
    else throw a.throw;
  }
  if (p.guarded) {
    const g = p.guarded;
    try {
      for (const a of g.body) {
        if ("await" in a) got(await a.await);
        else if ("return" in a) return a.return;
        else throw a.throw;
      }
    } catch (error) {
      if (g.catch === undefined) throw error;
      stage.log(`caught ${stage.show(error)}`);
      for (const a of g.catch) {
        if ("await" in a) got(await a.await);
        else if ("return" in a) return a.return;
        else throw a.throw;
      }
    } finally {
      if (g.finally !== undefined) {
        stage.log("finally");
        for (const a of g.finally) {
          if ("await" in a) got(await a.await);
          // deno-lint-ignore no-unsafe-finally -- a return inside finally is a case under test
          else if ("return" in a) return a.return;
          // deno-lint-ignore no-unsafe-finally -- so is a throw
          else throw a.throw;
        }
      }
    }
  }
  for (const a of p.after) {
    if ("await" in a) got(await a.await);
    else if ("return" in a) return a.return;
    else throw a.throw;
  }
  return p.end;
}

function* generatorBody(
  p: Prepared,
  stage: Io,
  _params = enter(p, stage),
): Generator<unknown, unknown, unknown> {
  const got = (v: unknown) => stage.log(`got ${stage.show(v)}`);
  for (const a of p.before) {
    if ("await" in a) got(yield a.await);
    else if ("return" in a) return a.return;
    else throw a.throw;
  }
  if (p.guarded) {
    const g = p.guarded;
    try {
      for (const a of g.body) {
        if ("await" in a) got(yield a.await);
        else if ("return" in a) return a.return;
        else throw a.throw;
      }
    } catch (error) {
      if (g.catch === undefined) throw error;
      stage.log(`caught ${stage.show(error)}`);
      for (const a of g.catch) {
        if ("await" in a) got(yield a.await);
        else if ("return" in a) return a.return;
        else throw a.throw;
      }
    } finally {
      if (g.finally !== undefined) {
        stage.log("finally");
        for (const a of g.finally) {
          if ("await" in a) got(yield a.await);
          // deno-lint-ignore no-unsafe-finally -- a return inside finally is a case under test
          else if ("return" in a) return a.return;
          // deno-lint-ignore no-unsafe-finally -- so is a throw
          else throw a.throw;
        }
      }
    }
  }
  for (const a of p.after) {
    if ("await" in a) got(yield a.await);
    else if ("return" in a) return a.return;
    else throw a.throw;
  }
  return p.end;
}

/** How many native ticks a trace runs for. */
const TICKS = 60;

/** The driver under test: `run(genFn, ...args)`. */
export type Driver = (genFn: () => Generator<unknown, unknown, unknown>) => PromiseLike<unknown>;

/**
 * Trace `bodies` started together (as native async functions when
 * `driver` is undefined, else as generators driven by it): every event,
 * among the ticks of a native clock, until the clock ends.
 */
export async function trace(list: Body[], driver?: Driver): Promise<string[]> {
  const stage = new Stage();
  stage.startClock(TICKS);
  const prepared = list.map((body) => prepare(stage, body));
  const name = (i: number) => list.length > 1 ? `#${i + 1} ` : "";
  stage.log("call");
  const promises = prepared.map((p, i) => {
    const side: Io = {
      log: (line) => stage.log(`${name(i)}${line}`),
      show: (value) => stage.show(value),
    };
    if (driver === undefined) return nativeBody(p, side);
    try {
      return driver(() => generatorBody(p, side));
    } catch (error) {
      side.log(`run() threw ${stage.show(error)} out of the call`);
      return undefined;
    }
  });
  stage.log("call returned");
  promises.forEach((promise, i) =>
    promise?.then(
      (v) => stage.log(`${name(i)}fulfilled ${stage.show(v)}`),
      (e) => stage.log(`${name(i)}rejected ${stage.show(e)}`),
    )
  );
  await stage.ticks!.done;
  const lines = stage.lines;
  while (lines.at(-1)?.startsWith("tick")) lines.pop();
  return lines;
}

function statementsCode(list: Statement[], indent: string, keyword: "await" | "yield"): string[] {
  return list.map((s) =>
    indent +
    ("await" in s
      ? `got(${keyword} ${codeOf(s.await)});`
      : "return" in s
      ? `return ${codeOf(s.return)};`
      : `throw ${plainCode(s.throw)};`)
  );
}

/** A body as the lines of a function's block, with `await` or `yield`. */
export function bodyCode(body: Body, keyword: "await" | "yield", indent = "    "): string[] {
  const lines = statementsCode(body.before, indent, keyword);
  if (body.guarded) {
    const g = body.guarded;
    lines.push(`${indent}try {`, ...statementsCode(g.body, indent + "  ", keyword));
    if (g.catch !== undefined) {
      lines.push(
        `${indent}} catch (error) {`,
        `${indent}  log("caught", show(error));`,
        ...statementsCode(g.catch, indent + "  ", keyword),
      );
    }
    if (g.finally !== undefined) {
      lines.push(
        `${indent}} finally {`,
        `${indent}  log("finally");`,
        ...statementsCode(g.finally, indent + "  ", keyword),
      );
    }
    if (g.catch === undefined && g.finally === undefined) {
      lines.push(`${indent}} catch (error) {`, `${indent}  throw error;`);
    }
    lines.push(`${indent}}`);
  }
  lines.push(...statementsCode(body.after, indent, keyword));
  if (body.end !== undefined) lines.push(`${indent}return ${codeOf(body.end)};`);
  return lines;
}

/** A body's parameter list: empty, or one default value that logs (and may throw). */
function paramsCode(params: Params | undefined, prefix: string): string {
  if (params === undefined) return "";
  const log = `log(${JSON.stringify(prefix + "parameters")})`;
  return "throws" in params ? `_ = (${log}, fail(${plainCode(params.throws)}))` : `_ = ${log}`;
}

/** The snippet: both sides, printed one after the other. */
export function snippet(list: Body[], from: string): string[] {
  const many = list.length > 1;
  const side = (who: string, keyword: "await" | "yield") => [
    `await trace(${JSON.stringify(who)}, (at, log, guard) => [`,
    ...list.flatMap((body, i) => {
      const prefix = many ? `#${i + 1} ` : "";
      const got = `const got = (v: unknown) => log(${JSON.stringify(prefix + "got")}, show(v));`;
      const params = paramsCode(body.params, prefix);
      return keyword === "await"
        ? [`  (async (${params}) => {`, `    ${got}`, ...bodyCode(body, "await"), `  })(),`]
        : [
          `  guard(${JSON.stringify(prefix)}, () => run(function* (${params}) {`,
          `    ${got}`,
          ...bodyCode(body, "yield"),
          `  })),`,
        ];
    }),
    `]);`,
  ];
  return [
    `// deno-lint-ignore-file`,
    `import { run } from "${from}";`,
    `const show = (v: unknown) => v instanceof Error ? \`Error \${JSON.stringify(v.message)}\` : Deno.inspect(v);`,
    `const fail = (v: unknown): never => { throw v; };`,
    `type At = (k: number, f: () => void) => void;`,
    `type Log = (...s: unknown[]) => void;`,
    `type Started = PromiseLike<unknown> | undefined;`,
    `async function trace(who: string, start: (at: At, log: Log, guard: (prefix: string, f: () => Started) => Started) => Started[]) {`,
    `  const lines: string[] = [];`,
    `  const log: Log = (...s) => void lines.push(s.join(" "));`,
    `  const work: (() => void)[][] = [];`,
    `  const at: At = (k, f) => void (work[k] ??= []).push(f);`,
    `  let clock = Promise.resolve();`,
    `  for (let k = 1; k <= ${TICKS}; k++) {`,
    `    clock = clock.then(() => { log("tick", k); work[k]?.forEach((f) => f()); });`,
    `  }`,
    `  log("call");`,
    `  // run() must never throw: if it does, say so and go on.`,
    `  const guard = (prefix: string, f: () => Started) => {`,
    `    try {`,
    `      return f();`,
    `    } catch (e) {`,
    `      log(prefix + "run() threw", show(e), "out of the call");`,
    `    }`,
    `  };`,
    `  const promises = start(at, log, guard);`,
    `  log("call returned");`,
    `  promises.forEach((p, i) => {`,
    `    const name = promises.length > 1 ? \`#\${i + 1} \` : "";`,
    `    p?.then((v) => log(name + "fulfilled", show(v)), (e) => log(name + "rejected", show(e)));`,
    `  });`,
    `  await clock;`,
    `  while (lines.at(-1)?.startsWith("tick")) lines.pop();`,
    `  console.log(who, lines.join(" | "));`,
    `}`,
    `addEventListener("unhandledrejection", (e) => e.preventDefault());`,
    ...side("native async function:", "await"),
    ...side("yours (run):", "yield"),
  ];
}
