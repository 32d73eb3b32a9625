/**
 * Generated scripts for a Twisted-style `Deferred`, and the truth they are
 * compared with: Twisted's rules, written as the shortest direct model
 * that follows them ({@linkcode TwistedRules}), not as a copy of the
 * course's reference.
 *
 * A script adds links (callback, errback, both, or a pair) whose functions
 * log what they got and then pass the result on, return a new value
 * (`undefined` and other falsy ones too), throw, or add a link to the same
 * Deferred from inside; it fires the Deferred with a success or a failure,
 * fires it again, and reads `called`. Everything is synchronous, so the log
 * says exactly which link ran inside which call.
 *
 * @module
 */

import { fc } from "./explore.ts";
import { type Plain, plainCode, plainValues, Stage } from "./awaitables.ts";

/** What a link's function does with the result it gets. */
export type Act =
  | { pass: true }
  | { returns: Plain }
  | { throws: Plain }
  /** Add a passing link of this kind to the same Deferred, then pass. */
  | { adds: "cb" | "eb" | "both" };

/** One step of a script. */
export type Step =
  | { add: "cb" | "eb" | "both"; act: Act }
  | { add: "pair"; act: Act; errAct: Act }
  | { fire: "callback" | "errback"; value: Plain }
  | { called: true };

/** A script: steps, in order. */
export type Script = Step[];

const act: fc.Arbitrary<Act> = fc.oneof(
  { arbitrary: fc.constant({ pass: true as const }), weight: 3 },
  { arbitrary: plainValues.map((returns) => ({ returns })), weight: 3 },
  { arbitrary: plainValues.map((throws) => ({ throws })), weight: 2 },
  {
    arbitrary: fc.constantFrom("cb" as const, "eb" as const, "both" as const).map((adds) => ({
      adds,
    })),
    weight: 1,
  },
);

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      add: fc.constantFrom("cb" as const, "eb" as const, "both" as const),
      act,
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ add: fc.constant("pair" as const), act, errAct: act }), weight: 2 },
  {
    arbitrary: fc.record({
      fire: fc.constantFrom("callback" as const, "errback" as const),
      value: plainValues,
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ called: true as const }), weight: 1 },
);

/** Generated scripts. */
export const scripts: fc.Arbitrary<Script> = fc.array(step, { minLength: 1, maxLength: 7 });

/** The part of a Deferred's API a script uses. */
export interface DeferredLike {
  readonly called: boolean;
  addCallbacks(cb: ((r: never) => unknown) | null, eb: ((e: unknown) => unknown) | null): unknown;
  addCallback(cb: (r: never) => unknown): unknown;
  addErrback(eb: (e: unknown) => unknown): unknown;
  addBoth(fn: (r: unknown) => unknown): unknown;
  callback(result: never): void;
  errback(error: unknown): void;
}

/**
 * Twisted's rules, directly: a result and whether it is a failure walk the
 * links in order; each link's matching function (if any) replaces the
 * result with what it returns (a success) or throws (a failure). A link
 * added after firing runs at once; firing twice throws; a link added while
 * the chain is walking waits its turn in the same walk.
 */
export class TwistedRules implements DeferredLike {
  #fired = false;
  #failed = false;
  #result: unknown;
  #links: [((r: never) => unknown) | null, ((e: unknown) => unknown) | null][] = [];
  #walking = false;

  /** Whether it has fired. */
  get called(): boolean {
    return this.#fired;
  }
  /** Add a pair; walk at once if fired. */
  addCallbacks(cb: ((r: never) => unknown) | null, eb: ((e: unknown) => unknown) | null): this {
    this.#links.push([cb, eb]);
    if (this.#fired) this.#walk();
    return this;
  }
  /** A callback only. */
  addCallback(cb: (r: never) => unknown): this {
    return this.addCallbacks(cb, null);
  }
  /** An errback only. */
  addErrback(eb: (e: unknown) => unknown): this {
    return this.addCallbacks(null, eb);
  }
  /** The same function on both sides. */
  addBoth(fn: (r: unknown) => unknown): this {
    return this.addCallbacks(fn, fn);
  }
  /** Fire with a success. */
  callback(result: unknown): void {
    this.#fire(false, result);
  }
  /** Fire with a failure. */
  errback(error: unknown): void {
    this.#fire(true, error);
  }
  #fire(failed: boolean, result: unknown): void {
    if (this.#fired) {
      throw new AlreadyCalled(`${failed ? "errback" : "callback"}() on a Deferred that had fired`);
    }
    [this.#fired, this.#failed, this.#result] = [true, failed, result];
    this.#walk();
  }
  #walk(): void {
    if (this.#walking) return;
    this.#walking = true;
    for (let link = this.#links.shift(); link; link = this.#links.shift()) {
      const fn = this.#failed ? link[1] : link[0];
      if (fn === null) continue;
      try {
        [this.#result, this.#failed] = [fn(this.#result as never), false];
      } catch (error) {
        [this.#result, this.#failed] = [error, true];
      }
    }
    this.#walking = false;
  }
}

/** The model's AlreadyCalledError. */
export class AlreadyCalled extends Error {
  override name = "AlreadyCalledError";
}

/** Run `script` on a fresh `make()`; the log of everything that happened. */
export function runScript(
  script: Script,
  make: () => DeferredLike,
  isAlreadyCalled: (error: unknown) => boolean,
): string[] {
  const stage = new Stage();
  const d = make();
  // Links the script adds are numbered by their place in it; links added
  // from inside a function get the numbers after those, as they come.
  let numbered = 0;
  let nested = script.filter((s) => "add" in s).length;
  const fnOf = (name: string, a: Act, side: "cb" | "eb") => (x: unknown) => {
    stage.log(`${name}(${stage.show(x)})`);
    if ("returns" in a) return stage.plain(a.returns);
    if ("throws" in a) throw stage.plain(a.throws);
    if ("adds" in a) add(++nested, a.adds, { pass: true });
    if (side === "eb") throw x;
    return x;
  };
  const add = (n: number, kind: "cb" | "eb" | "both" | "pair", a: Act, errAct?: Act) => {
    stage.log(`add ${kind}${n}`);
    const returned = kind === "cb"
      ? d.addCallback(fnOf(`cb${n}`, a, "cb"))
      : kind === "eb"
      ? d.addErrback(fnOf(`eb${n}`, a, "eb"))
      : kind === "both"
      ? d.addBoth(fnOf(`both${n}`, a, "cb")) // a passing addBoth returns what it got
      : d.addCallbacks(fnOf(`cb${n}`, a, "cb"), fnOf(`eb${n}`, errAct!, "eb"));
    if (returned !== d) stage.log(`add ${kind}${n} did not return the same Deferred`);
  };
  for (const s of script) {
    try {
      if ("add" in s) add(++numbered, s.add, s.act, "errAct" in s ? s.errAct : undefined);
      else if ("fire" in s) {
        const value = stage.plain(s.value);
        stage.log(`${s.fire}(${stage.show(value)})`);
        if (s.fire === "callback") d.callback(value as never);
        else d.errback(value);
      } else stage.log(`called is ${d.called}`);
    } catch (error) {
      if (!isAlreadyCalled(error)) stage.log(`threw ${stage.show(error)}`);
      else stage.log(`threw AlreadyCalledError${namesTheCall(error, s)}`);
    }
  }
  return stage.lines;
}

/**
 * Whether an AlreadyCalledError's message names the call that came second,
 * as the exercise asks: `callback` or `errback` appears in it.
 */
function namesTheCall(error: unknown, s: Step): string {
  if (!("fire" in s)) return "";
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(s.fire)
    ? ""
    : ` whose message does not name ${s.fire}(): ${JSON.stringify(message)}`;
}

function actCode(a: Act, name: string, side: "cb" | "eb"): string {
  const body = "returns" in a
    ? `return ${plainCode(a.returns)};`
    : "throws" in a
    ? `throw ${plainCode(a.throws)};`
    : `${"adds" in a ? `add("${a.adds}"); ` : ""}${side === "eb" ? "throw x;" : "return x;"}`;
  return `(x: any) => { log("${name}(" + show(x) + ")"); ${body} }`;
}

/** The script as a program that runs it on yours and on the model of Twisted's rules. */
export function scriptSnippet(script: Script, from: string): string[] {
  let links = 0;
  const lines = script.map((s) => {
    if ("add" in s) {
      const n = ++links;
      const fn = (name: string, a: Act, side: "cb" | "eb") => actCode(a, name, side);
      if (s.add === "cb") return `log("add cb${n}"); d.addCallback(${fn(`cb${n}`, s.act, "cb")});`;
      if (s.add === "eb") return `log("add eb${n}"); d.addErrback(${fn(`eb${n}`, s.act, "eb")});`;
      if (s.add === "both") {
        return `log("add both${n}"); d.addBoth(${fn(`both${n}`, s.act, "cb")});`;
      }
      return `log("add pair${n}"); d.addCallbacks(${fn(`cb${n}`, s.act, "cb")}, ${
        fn(`eb${n}`, (s as { errAct: Act }).errAct, "eb")
      });`;
    }
    if ("fire" in s) {
      const v = plainCode(s.value);
      return `{ const v = ${v}; log("${s.fire}(" + show(v) + ")"); try { d.${s.fire}(v); } catch (e) { log("threw " + (e as Error).name + ((e as Error).message.includes("${s.fire}") ? "" : " whose message does not name ${s.fire}(): " + JSON.stringify((e as Error).message))); } }`;
    }
    return `log("called is " + d.called);`;
  });
  return [
    `// deno-lint-ignore-file`,
    `import { Deferred } from "${from}";`,
    `import { TwistedRules } from "./runner/grading/deferred_scripts.ts";`,
    `const show = (v: unknown) => v instanceof Error ? \`Error \${JSON.stringify(v.message)}\` : Deno.inspect(v);`,
    `for (const [who, D] of [["Twisted's rules:", TwistedRules], ["yours:", Deferred]] as const) {`,
    `  const lines: string[] = [];`,
    `  const log = (line: string) => void lines.push(line);`,
    `  const d: any = new D();`,
    `  let nested = ${links}; // links added from inside a function are numbered after the script's`,
    `  const add = (kind: string) => {`,
    `    const n = ++nested;`,
    `    log(\`add \${kind}\${n}\`);`,
    `    const pass = (name: string, eb: boolean) => (x: any) => { log(\`\${name}(\${show(x)})\`); if (eb) throw x; return x; };`,
    `    if (kind === "eb") d.addErrback(pass(\`eb\${n}\`, true));`,
    `    else if (kind === "both") d.addBoth(pass(\`both\${n}\`, false));`,
    `    else d.addCallback(pass(\`cb\${n}\`, false));`,
    `  };`,
    ...lines.map((line) => `  ${line}`),
    `  console.log(who, lines.join(" | "));`,
    `}`,
  ];
}
