/**
 * Generated scripts of calls on a Future, for lesson 09's `future`
 * exercise: run on the learner's class and on `kernel/future.ts`, and the
 * two logs compared.
 *
 * A script adds done callbacks (before and after completion, the same one
 * twice, from inside another callback), removes them, completes the Future
 * with falsy values and falsy errors, completes it again, reads `state`,
 * `done`, `result()` and `exception()`, and chains `then()`. Callbacks
 * write what they saw into the log; some throw (the error must be
 * reported, with `reportError`, and the next callback must still run; a
 * late one's error never comes out of `addDoneCallback`), some add another
 * callback, some remove one (while the Future runs its callbacks, nothing is
 * waiting any more: false), some try to complete the Future again. After the
 * script the log waits one macrotask, so `then()` callbacks land in it too.
 *
 * {@linkcode runFutureScript} runs a script; {@linkcode renderFutureScript}
 * prints the same script as TypeScript, for the counterexample.
 *
 * @module
 */

import { fc } from "./explore.ts";

/** What a done callback does besides logging what it saw. */
export type CallbackKind = "log" | "throws" | "adds" | "completes" | "removes";

/** One step of a script. */
export type FutureOp =
  | { op: "add"; cb: number }
  | { op: "remove"; cb: number }
  | { op: "setResult"; value: number }
  | { op: "setError"; error: number }
  | { op: "read" }
  | { op: "then" };

/** A script: the callbacks it may use, and the steps. */
export interface FutureScript {
  /**
   * `callbacks[i]` is `cb{i}`'s kind; an `adds` callback adds `cb{i + 1}`, a
   * `removes` one removes it (and logs what removeDoneCallback said).
   */
  callbacks: CallbackKind[];
  /** The steps, in order. */
  ops: FutureOp[];
}

/** Values a Future is completed with: falsy ones first. */
const VALUES: readonly { value: unknown; source: string }[] = [
  { value: undefined, source: "undefined" },
  { value: 0, source: "0" },
  { value: "", source: '""' },
  { value: null, source: "null" },
  { value: false, source: "false" },
  { value: "ok", source: '"ok"' },
  { value: { n: 1 }, source: "{ n: 1 }" },
];

/** Errors a Future is rejected with: an Error, and the falsy things code may throw. */
const ERRORS: readonly { make: () => unknown; source: string }[] = [
  { make: () => new Error("e1"), source: 'new Error("e1")' },
  { make: () => undefined, source: "undefined" },
  { make: () => null, source: "null" },
  { make: () => "oops", source: '"oops"' },
  { make: () => 0, source: "0" },
];

/** The arbitrary of scripts. */
export function futureScriptArbitrary(): fc.Arbitrary<FutureScript> {
  const kinds = fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constant("log" as const) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          "throws" as const,
          "adds" as const,
          "completes" as const,
          "removes" as const,
        ),
      },
    ),
    { minLength: 1, maxLength: 4 },
  );
  return kinds.chain((callbacks) => {
    const cb = fc.nat(callbacks.length - 1);
    const op: fc.Arbitrary<FutureOp> = fc.oneof(
      { weight: 5, arbitrary: cb.map((cb) => ({ op: "add" as const, cb })) },
      { weight: 2, arbitrary: cb.map((cb) => ({ op: "remove" as const, cb })) },
      {
        weight: 2,
        arbitrary: fc.nat(VALUES.length - 1).map((value) => ({ op: "setResult" as const, value })),
      },
      {
        weight: 2,
        arbitrary: fc.nat(ERRORS.length - 1).map((error) => ({ op: "setError" as const, error })),
      },
      { weight: 2, arbitrary: fc.constant({ op: "read" as const }) },
      { weight: 1, arbitrary: fc.constant({ op: "then" as const }) },
    );
    return fc.record({
      callbacks: fc.constant(callbacks),
      ops: fc.array(op, { minLength: 1, maxLength: 10 }),
    });
  }).map(normalizeScript);
}

/**
 * Keep scripts within what both sides define: an `adds` callback's target
 * is one that logs or throws (added from inside a callback, the Future is
 * done, so it runs at once: a throwing one is reported there, as a late
 * callback added by the script is), so nothing recurses, and a `removes`
 * callback has a target.
 */
export function normalizeScript(script: FutureScript): FutureScript {
  const callbacks = script.callbacks.map((kind, i, all) =>
    kind === "adds" && (i + 1 >= all.length || !["log", "throws"].includes(all[i + 1])) ||
      kind === "removes" && i + 1 >= all.length
      ? "log"
      : kind
  );
  return { callbacks, ops: script.ops };
}

/** The kernel Future's shape, as scripts use it. */
export interface FutureLike {
  readonly state: string;
  readonly done: boolean;
  result(): unknown;
  exception(): unknown;
  setResult(value: unknown): void;
  setError(error: unknown): void;
  addDoneCallback(callback: (future: FutureLike) => void): void;
  removeDoneCallback(callback: (future: FutureLike) => void): boolean;
  then(
    onFulfilled?: (value: unknown) => unknown,
    onRejected?: (reason: unknown) => unknown,
  ): PromiseLike<unknown>;
}

/** A Future class as scripts construct it. */
export type FutureClass = new () => FutureLike;

/** How a value or error appears in the log. */
export function label(x: unknown): string {
  if (x instanceof Error) return `Error(${x.message})`;
  if (typeof x === "string" || (typeof x === "object" && x !== null)) return JSON.stringify(x);
  return String(x);
}

/** Run `script` on a new `Future`; the log of what everyone saw. */
export async function runFutureScript(
  Future: FutureClass,
  script: FutureScript,
): Promise<string[]> {
  const log: string[] = [];
  const listener = (event: ErrorEvent) => {
    event.preventDefault();
    log.push(`reported ${label(event.error)}`);
  };
  globalThis.addEventListener("error", listener);
  try {
    const future = new Future();
    const saw = (name: string, f: FutureLike) =>
      log.push(
        `${name} saw ${f.state} ${label(f.state === "fulfilled" ? f.result() : f.exception())}`,
      );
    const cbs: ((f: FutureLike) => void)[] = [];
    script.callbacks.forEach((kind, i) => {
      const name = `cb${i}`;
      cbs.push((f) => {
        saw(name, f);
        if (kind === "throws") throw new Error(`${name} broke`);
        if (kind === "adds") f.addDoneCallback(cbs[i + 1]);
        if (kind === "removes") {
          log.push(
            `${name}: removeDoneCallback(cb${i + 1}) returned ${f.removeDoneCallback(cbs[i + 1])}`,
          );
        }
        if (kind === "completes") {
          try {
            f.setResult("again");
            log.push(`${name}: setResult("again") returned`);
          } catch {
            log.push(`${name}: setResult("again") threw`);
          }
        }
      });
    });
    const attempt = (what: string, action: () => unknown) => {
      try {
        const value = action();
        log.push(`${what} ${value === undefined ? "returned" : `returned ${label(value)}`}`);
      } catch (error) {
        log.push(`${what} threw${isOurs(error) ? ` ${label(error)}` : ""}`);
      }
    };
    for (const op of script.ops) {
      switch (op.op) {
        case "add":
          attempt(`addDoneCallback(cb${op.cb})`, () => future.addDoneCallback(cbs[op.cb]));
          break;
        case "remove":
          attempt(`removeDoneCallback(cb${op.cb})`, () => future.removeDoneCallback(cbs[op.cb]));
          break;
        case "setResult":
          attempt(
            `setResult(${VALUES[op.value].source})`,
            () => future.setResult(VALUES[op.value].value),
          );
          break;
        case "setError":
          attempt(
            `setError(${ERRORS[op.error].source})`,
            () => future.setError(ERRORS[op.error].make()),
          );
          break;
        case "read":
          log.push(`state ${future.state}, done ${future.done}`);
          attempt("result()", () => future.result());
          attempt("exception()", () => future.exception());
          break;
        case "then":
          attempt("then(...)", () => {
            future.then(
              (value) => log.push(`then: fulfilled ${label(value)}`),
              (error) => log.push(`then: rejected ${label(error)}`),
            );
          });
          break;
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    globalThis.removeEventListener("error", listener);
  }
  return log;
}

/** Whether `error` is one the script itself made (so its identity is compared, not a message). */
function isOurs(error: unknown): boolean {
  if (error instanceof Error) return /^e\d$|^cb\d broke$/.test(error.message);
  return true;
}

/** The script as TypeScript: a function that runs it on a Future class and returns the log. */
export function renderFutureScript(script: FutureScript): string[] {
  const lines = [
    "async function script(Future: typeof KernelFuture): Promise<string[]> {",
    "  const log: string[] = [];",
    "  const label = (x: unknown) =>",
    '    x instanceof Error ? `Error(${x.message})` : typeof x === "string" || (typeof x === "object" && x !== null) ? JSON.stringify(x) : String(x);',
    "  const reported = (event: ErrorEvent) => {",
    "    event.preventDefault();",
    "    log.push(`reported ${label(event.error)}`);",
    "  };",
    '  addEventListener("error", reported);',
    "  const future = new Future<unknown>();",
    "  const saw = (name: string, f: KernelFuture<unknown>) =>",
    '    log.push(`${name} saw ${f.state} ${label(f.state === "fulfilled" ? f.result() : f.exception())}`);',
  ];
  script.callbacks.forEach((kind, i) => {
    const body = [`saw("cb${i}", f);`];
    if (kind === "throws") body.push(`throw new Error("cb${i} broke");`);
    if (kind === "adds") body.push(`f.addDoneCallback(cb${i + 1});`);
    if (kind === "removes") {
      body.push(
        `log.push(\`cb${i}: removeDoneCallback(cb${i + 1}) returned \${f.removeDoneCallback(cb${
          i + 1
        })}\`);`,
      );
    }
    if (kind === "completes") {
      body.push(
        `try { f.setResult("again"); log.push('cb${i}: setResult("again") returned'); }`,
        `catch { log.push('cb${i}: setResult("again") threw'); }`,
      );
    }
    lines.push(
      `  const cb${i} = (f: KernelFuture<unknown>) => { ${body.join(" ")} }; // ${kind}`,
    );
  });
  lines.push(
    "  const attempt = (what: string, action: () => unknown) => {",
    "    try {",
    "      const value = action();",
    '      log.push(`${what} ${value === undefined ? "returned" : `returned ${label(value)}`}`);',
    "    } catch (error) {",
    "      // errors this script made are shown; others (a pending Future's) by their class alone",
    "      const ours = !(error instanceof Error) || /^e\\d$|^cb\\d broke$/.test(error.message);",
    '      log.push(`${what} threw${ours ? ` ${label(error)}` : ""}`);',
    "    }",
    "  };",
  );
  for (const op of script.ops) {
    switch (op.op) {
      case "add":
        lines.push(
          `  attempt("addDoneCallback(cb${op.cb})", () => future.addDoneCallback(cb${op.cb}));`,
        );
        break;
      case "remove":
        lines.push(
          `  attempt("removeDoneCallback(cb${op.cb})", () => future.removeDoneCallback(cb${op.cb}));`,
        );
        break;
      case "setResult": {
        const v = VALUES[op.value].source;
        lines.push(
          `  attempt(${JSON.stringify(`setResult(${v})`)}, () => future.setResult(${v}));`,
        );
        break;
      }
      case "setError": {
        const e = ERRORS[op.error].source;
        lines.push(`  attempt(${JSON.stringify(`setError(${e})`)}, () => future.setError(${e}));`);
        break;
      }
      case "read":
        lines.push(
          "  log.push(`state ${future.state}, done ${future.done}`);",
          '  attempt("result()", () => future.result());',
          '  attempt("exception()", () => future.exception());',
        );
        break;
      case "then":
        lines.push(
          '  attempt("then(...)", () => {',
          "    future.then((v) => log.push(`then: fulfilled ${label(v)}`), (e) => log.push(`then: rejected ${label(e)}`));",
          "  });",
        );
        break;
    }
  }
  lines.push(
    "  await new Promise((resolve) => setImmediate(resolve));",
    '  removeEventListener("error", reported);',
    "  return log;",
    "}",
  );
  return lines;
}
