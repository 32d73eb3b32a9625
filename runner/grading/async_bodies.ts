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
 * value or promise returned. Both sides run the very same template code;
 * only `await` and `yield` differ, so any difference in the logs is the
 * driver's.
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

/** A body: the template's parts. */
export interface Body {
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
const statements = (max: number) => fc.array(statement, { maxLength: max });

/** Generated bodies. */
export const bodies: fc.Arbitrary<Body> = fc.record({
  before: statements(2),
  guarded: fc.option(
    fc.record({
      body: statements(3),
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

/* Why each part is written out in full, twice: a helper function would add
 * its own await (and its own microtasks) on the native side. The two
 * functions below are the same text but for `await` and `yield`. */

// deno-lint-ignore no-explicit-any
async function nativeBody(p: Prepared, stage: Io): Promise<any> {
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

function* generatorBody(p: Prepared, stage: Io): Generator<unknown, unknown, unknown> {
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
    return driver === undefined ? nativeBody(p, side) : driver(() => generatorBody(p, side));
  });
  stage.log("call returned");
  promises.forEach((promise, i) =>
    promise.then(
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

/** The snippet: both sides, printed one after the other. */
export function snippet(list: Body[], from: string): string[] {
  const many = list.length > 1;
  const side = (who: string, keyword: "await" | "yield") => [
    `await trace(${JSON.stringify(who)}, (at, log) => [`,
    ...list.flatMap((body, i) => {
      const prefix = many ? `#${i + 1} ` : "";
      const got = `const got = (v: unknown) => log(${JSON.stringify(prefix + "got")}, show(v));`;
      return keyword === "await"
        ? [`  (async () => {`, `    ${got}`, ...bodyCode(body, "await"), `  })(),`]
        : [`  run(function* () {`, `    ${got}`, ...bodyCode(body, "yield"), `  }),`];
    }),
    `]);`,
  ];
  return [
    `// deno-lint-ignore-file`,
    `import { run } from "${from}";`,
    `const show = (v: unknown) => v instanceof Error ? \`Error \${JSON.stringify(v.message)}\` : Deno.inspect(v);`,
    `type At = (k: number, f: () => void) => void;`,
    `type Log = (...s: unknown[]) => void;`,
    `async function trace(who: string, start: (at: At, log: Log) => PromiseLike<unknown>[]) {`,
    `  const lines: string[] = [];`,
    `  const log: Log = (...s) => void lines.push(s.join(" "));`,
    `  const work: (() => void)[][] = [];`,
    `  const at: At = (k, f) => void (work[k] ??= []).push(f);`,
    `  let clock = Promise.resolve();`,
    `  for (let k = 1; k <= ${TICKS}; k++) {`,
    `    clock = clock.then(() => { log("tick", k); work[k]?.forEach((f) => f()); });`,
    `  }`,
    `  log("call");`,
    `  const promises = start(at, log);`,
    `  log("call returned");`,
    `  promises.forEach((p, i) => {`,
    `    const name = promises.length > 1 ? \`#\${i + 1} \` : "";`,
    `    p.then((v) => log(name + "fulfilled", show(v)), (e) => log(name + "rejected", show(e)));`,
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
