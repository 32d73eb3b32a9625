/**
 * Generated promise programs: a few lines that make promises with a class
 * `P` (`new P(executor)`, `then`, `catch`, `finally`, `P.resolve`,
 * `P.reject`, `P.all`), run once with the native `Promise` as `P` and once
 * with the learner's `MyPromise`, each beside a native microtask clock. The
 * log holds every callback with what it got, when each promise settled and
 * how, and the clock's ticks: so values, reasons and the order of jobs
 * relative to native microtasks are compared at once.
 *
 * A native promise is a foreign thenable to `MyPromise`, but to the native
 * `Promise` it is its own kind (`Promise.resolve(p)` returns `p` itself).
 * So on the native side it is handed over behind a thenable that forwards
 * to it, which takes exactly the jobs a foreign promise takes.
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

/** A value a program passes: a generated awaitable, or one of its own promises (`p2`). */
export type Arg = { spec: Spec } | { promise: number };

/** What a callback does: return a value, throw one; or it is not a function at all. */
export type Handler = { returns: Arg } | { throws: Plain } | { notAFunction: true };

/** A call an executor makes on its resolve/reject pair. */
export type ExecutorCall = { resolve: Arg } | { reject: Arg } | { throw: Plain } | {
  resolveReentrant: Reentrant;
};

/**
 * `resolve(x)` with an `x` whose `then` is a getter that, while it is read
 * (inside that very resolve), calls the same pair again: `again`. The pair
 * is used up already, so that call must change nothing. The getter then
 * returns a `then` that fulfils with `fulfils` when `thenable`, else
 * nothing (x is a plain value).
 */
export interface Reentrant {
  again: { resolve: Plain } | { reject: Plain };
  thenable: boolean;
  fulfils: Plain;
}

/** One line of a program; line k makes the promise `p{k}`. */
export type Line =
  | { new: ExecutorCall[]; later?: { at: number; call: ExecutorCall } }
  | { then: number; onFulfilled?: Handler; onRejected?: Handler }
  | { catch: number; onRejected?: Handler }
  | { finally: number; onFinally?: Handler }
  | { resolve: Arg }
  | { reject: Arg }
  | { all: Arg[] };

/** A program: its lines, in order. */
export type Program = Line[];

/** A promise class with the native Promise's API (the learner's, or Promise itself). */
// deno-lint-ignore no-explicit-any
export type PromiseClass = any;

const LATEST_TICK = 5;

/** Arguments refer to earlier lines by a number taken modulo the line's index. */
type Raw =
  | { kind: "new"; calls: RawCall[]; later?: { at: number; call: RawCall } }
  | { kind: "then"; of: number; onFulfilled?: RawHandler; onRejected?: RawHandler }
  | { kind: "catch"; of: number; onRejected?: RawHandler }
  | { kind: "finally"; of: number; onFinally?: RawHandler }
  | { kind: "resolve"; arg: RawArg }
  | { kind: "reject"; arg: RawArg }
  | { kind: "all"; args: RawArg[] };
type RawArg = { spec: Spec } | { ref: number; self?: boolean };
type RawHandler = { returns: RawArg } | { throws: Plain } | { notAFunction: true };
type RawCall = { resolve: RawArg } | { reject: RawArg } | { throw: Plain } | {
  resolveReentrant: Reentrant;
};

const rawArg: fc.Arbitrary<RawArg> = fc.oneof(
  {
    arbitrary: specs({ pending: true, maxTick: LATEST_TICK }).map((spec) => ({ spec })),
    weight: 4,
  },
  { arbitrary: fc.nat(4).map((ref) => ({ ref })), weight: 1 },
);
const selfArg: fc.Arbitrary<RawArg> = fc.oneof(
  { arbitrary: rawArg, weight: 8 },
  { arbitrary: fc.constant({ ref: 0, self: true }), weight: 1 },
);
const handler = (arg: fc.Arbitrary<RawArg>): fc.Arbitrary<RawHandler | undefined> =>
  fc.option(
    fc.oneof(
      { arbitrary: arg.map((returns) => ({ returns })), weight: 4 },
      { arbitrary: plainValues.map((throws) => ({ throws })), weight: 1 },
      { arbitrary: fc.constant({ notAFunction: true as const }), weight: 1 },
    ),
    { nil: undefined, freq: 4 },
  );
const reentrant: fc.Arbitrary<Reentrant> = fc.record({
  again: fc.oneof(
    plainValues.map((resolve) => ({ resolve })),
    plainValues.map((reject) => ({ reject })),
  ),
  thenable: fc.boolean(),
  fulfils: plainValues,
});
const rawCall = (arg: fc.Arbitrary<RawArg>): fc.Arbitrary<RawCall> =>
  fc.oneof(
    { arbitrary: arg.map((resolve) => ({ resolve })), weight: 3 },
    { arbitrary: arg.map((reject) => ({ reject })), weight: 2 },
    { arbitrary: plainValues.map((thrown) => ({ throw: thrown })), weight: 1 },
    { arbitrary: reentrant.map((resolveReentrant) => ({ resolveReentrant })), weight: 1 },
  );

const raw: fc.Arbitrary<Raw> = fc.oneof(
  fc.record({
    kind: fc.constant("new" as const),
    calls: fc.array(rawCall(rawArg), { maxLength: 3 }),
    later: fc.option(
      fc.record({ at: fc.integer({ min: 1, max: LATEST_TICK }), call: rawCall(selfArg) }),
      { nil: undefined },
    ),
  }, { requiredKeys: ["kind", "calls"] }),
  fc.record({
    kind: fc.constant("then" as const),
    of: fc.nat(4),
    onFulfilled: handler(selfArg),
    onRejected: handler(selfArg),
  }, { requiredKeys: ["kind", "of"] }),
  fc.record({ kind: fc.constant("catch" as const), of: fc.nat(4), onRejected: handler(selfArg) }, {
    requiredKeys: ["kind", "of"],
  }),
  fc.record({ kind: fc.constant("finally" as const), of: fc.nat(4), onFinally: handler(rawArg) }, {
    requiredKeys: ["kind", "of"],
  }),
  fc.record({ kind: fc.constant("resolve" as const), arg: rawArg }),
  fc.record({ kind: fc.constant("reject" as const), arg: rawArg }),
  fc.record({ kind: fc.constant("all" as const), args: fc.array(rawArg, { maxLength: 3 }) }),
);

/** Turn raw lines into a program whose references all point at earlier lines (or the line itself). */
function settleRefs(lines: Raw[]): Program {
  return lines.map((line, k): Line => {
    // A reference from line k (0-based) points at one of lines 0..k-1;
    // line 0 has none, so its references become plain values.
    const arg = (a: RawArg): Arg =>
      "spec" in a
        ? { spec: a.spec }
        : a.self
        ? { promise: k + 1 }
        : k === 0
        ? { spec: { plain: a.ref } }
        : { promise: (a.ref % k) + 1 };
    const handle = (h?: RawHandler): Handler | undefined =>
      h === undefined ? undefined : "returns" in h ? { returns: arg(h.returns) } : h;
    const call = (c: RawCall): ExecutorCall =>
      "resolve" in c ? { resolve: arg(c.resolve) } : "reject" in c ? { reject: arg(c.reject) } : c;
    const of = (n: number) => (n % k) + 1;
    switch (line.kind) {
      case "new":
        return {
          new: line.calls.map((c) => call({ ...c, ...selfless(c) })),
          ...(line.later ? { later: { at: line.later.at, call: call(line.later.call) } } : {}),
        };
      case "then":
        if (k === 0) return { resolve: { spec: { plain: 1 } } };
        return {
          then: of(line.of),
          ...(line.onFulfilled ? { onFulfilled: handle(line.onFulfilled) } : {}),
          ...(line.onRejected ? { onRejected: handle(line.onRejected) } : {}),
        };
      case "catch":
        if (k === 0) return { reject: { spec: { plain: "a" } } };
        return {
          catch: of(line.of),
          ...(line.onRejected ? { onRejected: handle(line.onRejected) } : {}),
        };
      case "finally":
        if (k === 0) return { resolve: { spec: { plain: 0 } } };
        return {
          finally: of(line.of),
          ...(line.onFinally ? { onFinally: handle(line.onFinally) } : {}),
        };
      case "resolve":
        return { resolve: arg(line.arg) };
      case "reject":
        return { reject: arg(line.arg) };
      case "all":
        return { all: line.args.map(arg) };
    }
  });
}

/** The executor's synchronous calls cannot name its own promise: it does not exist yet. */
function selfless(c: RawCall): Partial<RawCall> {
  if ("resolve" in c && "ref" in c.resolve && c.resolve.self) {
    return { resolve: { ref: c.resolve.ref } };
  }
  if ("reject" in c && "ref" in c.reject && c.reject.self) return { reject: { ref: c.reject.ref } };
  return {};
}

/** Generated programs of one to `max` lines. */
export function programs(max = 4): fc.Arbitrary<Program> {
  return fc.array(raw, { minLength: 1, maxLength: max }).map(settleRefs);
}

/** How many native ticks a program runs beside. */
const TICKS = 40;

/**
 * Run `program` with `P` beside a native clock; the log once the clock has
 * ended. `native` says whether `P` is the native Promise (native promises
 * are then handed over behind a forwarding thenable: see the module doc).
 */
export async function runProgram(
  program: Program,
  P: PromiseClass,
  native: boolean,
): Promise<string[]> {
  const stage = new Stage();
  stage.startClock(TICKS);
  const made: unknown[] = [];
  const value = (arg: Arg): unknown => {
    if ("promise" in arg) return made[arg.promise - 1] ?? `(p${arg.promise} is not made yet)`;
    const v = stage.make(arg.spec);
    if (!(v instanceof Promise) || !native) return v;
    const forward = { then: (a: unknown, b: unknown) => v.then(a as never, b as never) };
    return stage.sameLabel(forward, v);
  };
  const handlerOf = (h: Handler | undefined, name: string): unknown => {
    if (h === undefined) return undefined;
    if ("notAFunction" in h) return 42;
    return (...args: unknown[]) => {
      stage.log(`${name}(${args.map((a) => stage.show(a)).join(", ")})`);
      if ("throws" in h) throw stage.plain(h.throws);
      return value(h.returns);
    };
  };
  const callOf = (c: ExecutorCall, resolve: (v: unknown) => void, reject: (e: unknown) => void) => {
    if ("resolve" in c) resolve(value(c.resolve));
    else if ("reject" in c) reject(value(c.reject));
    else if ("resolveReentrant" in c) resolve(reentrantValue(c.resolveReentrant, resolve, reject));
    else throw stage.plain(c.throw);
  };
  const reentrantValue = (
    r: Reentrant,
    resolve: (v: unknown) => void,
    reject: (e: unknown) => void,
  ) => {
    // Why make both values now: labels are given in the same order on both sides.
    const again = stage.plain("resolve" in r.again ? r.again.resolve : r.again.reject);
    const fulfils = stage.plain(r.fulfils);
    const x = stage.label({}, "reentrant thenable");
    Object.defineProperty(x, "then", {
      get() {
        stage.log(`${stage.show(x)}.then read`);
        if ("resolve" in r.again) resolve(again);
        else reject(again);
        if (!r.thenable) return undefined;
        return (onFulfilled: (v: unknown) => void) => onFulfilled(fulfils);
      },
    });
    return x;
  };
  for (const [i, line] of program.entries()) {
    const k = i + 1;
    const name = `p${k}`;
    let p: unknown;
    try {
      if ("new" in line) {
        p = new P((resolve: (v: unknown) => void, reject: (e: unknown) => void) => {
          stage.log(`executor ${k} runs`);
          if (line.later) {
            const later = line.later;
            stage.ticks!.on(later.at, () => {
              stage.log(`line ${k}'s later call`);
              try {
                callOf(later.call, resolve, reject);
              } catch { /* a throw after the executor returned goes nowhere */ }
            });
          }
          for (const c of line.new) callOf(c, resolve, reject);
        });
      } else if ("then" in line) {
        p = (made[line.then - 1] as PromiseClass).then(
          handlerOf(line.onFulfilled, `${name} onFulfilled`),
          handlerOf(line.onRejected, `${name} onRejected`),
        );
      } else if ("catch" in line) {
        p = (made[line.catch - 1] as PromiseClass).catch(
          handlerOf(line.onRejected, `${name} onRejected`),
        );
      } else if ("finally" in line) {
        p = (made[line.finally - 1] as PromiseClass).finally(
          handlerOf(line.onFinally, `${name} onFinally`),
        );
      } else if ("resolve" in line) p = P.resolve(value(line.resolve));
      else if ("reject" in line) p = P.reject(value(line.reject));
      else p = P.all(line.all.map((a) => value(a)));
    } catch (error) {
      stage.log(`line ${k} threw ${stage.show(error)}`);
      made.push(undefined);
      continue;
    }
    const same = made.indexOf(p);
    if (same >= 0) stage.log(`${name} is p${same + 1}`);
    else if (p instanceof P) stage.name(p as object, name);
    else stage.log(`${name} is not a promise of this kind: ${stage.show(p)}`);
    made.push(p);
    stage.log(`${name} made`);
    if (same < 0 && p instanceof P) {
      (p as PromiseClass).then(
        (v: unknown) => stage.log(`${name} fulfilled ${stage.show(v)}`),
        (e: unknown) => stage.log(`${name} rejected ${stage.show(e)}`),
      );
    }
  }
  await stage.ticks!.done;
  const lines = stage.lines;
  while (lines.at(-1)?.startsWith("tick")) lines.pop();
  return lines;
}

function argCode(arg: Arg): string {
  if ("promise" in arg) return `p${arg.promise}`;
  const code = codeOf(arg.spec);
  return "native" in arg.spec ? `foreign(${code})` : code;
}

function handlerCode(h: Handler | undefined, name: string): string {
  if (h === undefined) return "undefined";
  if ("notAFunction" in h) return "42 as any";
  const body = "throws" in h ? `throw ${plainCode(h.throws)};` : `return ${argCode(h.returns)};`;
  return `(...args: any[]) => { log("${name}(" + args.map(show).join(", ") + ")"); ${body} }`;
}

function callCode(c: ExecutorCall): string {
  if ("resolve" in c) return `resolve(${argCode(c.resolve)});`;
  if ("reject" in c) return `reject(${argCode(c.reject)});`;
  if ("resolveReentrant" in c) {
    const r = c.resolveReentrant;
    const again = "resolve" in r.again
      ? `resolve(${plainCode(r.again.resolve)})`
      : `reject(${plainCode(r.again.reject)})`;
    const then = r.thenable
      ? `return (onFulfilled: any) => onFulfilled(${plainCode(r.fulfils)});`
      : "return undefined;";
    return `resolve({ get then(): any { log("then read"); ${again}; ${then} } });`;
  }
  return `throw ${plainCode(c.throw)};`;
}

/** The program as a snippet that runs it with both classes and prints both logs. */
export function programSnippet(program: Program, from: string): string[] {
  const lines = program.map((line, i) => {
    const k = i + 1;
    const name = `p${k}`;
    if ("new" in line) {
      const later = line.later
        ? ` at(${line.later.at}, () => { log("line ${k}'s later call"); ${
          callCode(line.later.call)
        } });`
        : "";
      return `${name} = new P((resolve: any, reject: any) => { log("executor ${k} runs");${later} ${
        line.new.map(callCode).join(" ")
      } });`;
    }
    if ("then" in line) {
      return `${name} = p${line.then}.then(${
        handlerCode(line.onFulfilled, `${name} onFulfilled`)
      }, ${handlerCode(line.onRejected, `${name} onRejected`)});`;
    }
    if ("catch" in line) {
      return `${name} = p${line.catch}.catch(${
        handlerCode(line.onRejected, `${name} onRejected`)
      });`;
    }
    if ("finally" in line) {
      return `${name} = p${line.finally}.finally(${
        handlerCode(line.onFinally, `${name} onFinally`)
      });`;
    }
    if ("resolve" in line) return `${name} = P.resolve(${argCode(line.resolve)});`;
    if ("reject" in line) return `${name} = P.reject(${argCode(line.reject)});`;
    return `${name} = P.all([${line.all.map(argCode).join(", ")}]);`;
  });
  const names = program.map((_, i) => `p${i + 1}`);
  return [
    `// deno-lint-ignore-file`,
    `import { MyPromise } from "${from}";`,
    `addEventListener("unhandledrejection", (e) => e.preventDefault());`,
    `const show = (v: unknown): string => v instanceof Error ? \`Error \${JSON.stringify(v.message)}\` : Deno.inspect(v, { depth: 1 });`,
    `async function program(who: string, P: any) {`,
    `  const lines: string[] = [];`,
    `  const log = (line: string) => void lines.push(line);`,
    `  const work: (() => void)[][] = [];`,
    `  const at = (k: number, f: () => void) => void (work[k] ??= []).push(f);`,
    `  let clock = Promise.resolve();`,
    `  for (let k = 1; k <= ${TICKS}; k++) {`,
    `    clock = clock.then(() => { log(\`tick \${k}\`); work[k]?.forEach((f) => f()); });`,
    `  }`,
    `  // A native promise is a foreign thenable to MyPromise; to Promise it is its own kind,`,
    `  // so there it is handed over behind a thenable that forwards to it.`,
    `  const foreign = (p: Promise<unknown>) => P === Promise ? { then: (a: any, b: any) => p.then(a, b) } : p;`,
    `  const made: unknown[] = [];`,
    `  const watch = (p: any, name: string) => {`,
    `    const same = made.indexOf(p);`,
    `    if (same >= 0) log(\`\${name} is p\${same + 1}\`);`,
    `    made.push(p);`,
    `    log(\`\${name} made\`);`,
    `    if (same < 0) p.then((v: unknown) => log(\`\${name} fulfilled \${show(v)}\`), (e: unknown) => log(\`\${name} rejected \${show(e)}\`));`,
    `  };`,
    `  let ${names.map((n) => `${n}: any`).join(", ")};`,
    ...lines.flatMap((line, i) => [`  ${line}`, `  watch(${names[i]}, "${names[i]}");`]),
    `  await clock;`,
    `  while (lines.at(-1)?.startsWith("tick")) lines.pop();`,
    `  console.log(who, lines.join(" | "));`,
    `}`,
    `await program("native Promise:", Promise);`,
    `await program("yours:", MyPromise);`,
  ];
}
