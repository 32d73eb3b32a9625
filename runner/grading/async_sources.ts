/**
 * Generated async sources for `merge(...sources)`, a consumer script, the
 * order the sources answer in, and the truth: what a merge must be seen to
 * do, computed directly by {@linkcode expectedMerge}.
 *
 * Each source is a hand-written async iterator with a script of answers:
 * values (falsy ones too), then an end, a failure, or a hang (a `next()`
 * that never answers); its `return()` closes after a few microtasks, or
 * throws, or rejects, or is missing. A source answers a `next()` only when
 * the harness says so, and the harness picks which waiting source answers
 * next from a generated list of choices: that explores the orders the
 * sources can answer in (the way `fc.scheduler` does), replayably. Between
 * two answers every microtask runs, so the order of events is fixed.
 *
 * What is compared: each source's calls, stamped with the consumer call
 * they happened in (`next @2`: during the consumer's second call, which
 * shows reading ahead), and in one line, in order, the consumer's outcomes
 * and every close (`b return`, `b closed`).
 *
 * @module
 */

import { fc } from "./explore.ts";
import { type Plain, plainCode, plainValues, Stage } from "./awaitables.ts";

/** One source's script. */
export interface SourceScript {
  values: Plain[];
  /** What its next() does after the values. */
  then: "end" | "fail" | "hang";
  /** What its return() does. */
  onReturn: "closes" | "throws" | "rejects" | "missing";
}

/** A case: the sources, what the consumer does, and the order of answers. */
export interface MergeCase {
  sources: SourceScript[];
  /** How many next() calls the consumer makes. */
  reads: number;
  /** Then: nothing, return(), or throw(Error "stop"). */
  stop?: "return" | "throw";
  /** Which waiting source answers each time: choices[i] modulo the number waiting. */
  choices: number[];
}

const NAMES = ["a", "b", "c"];

/** Generated cases. */
export const mergeCases: fc.Arbitrary<MergeCase> = fc.record({
  sources: fc.array(
    fc.record({
      values: fc.array(plainValues, { maxLength: 3 }),
      then: fc.constantFrom("end" as const, "fail" as const, "hang" as const),
      onReturn: fc.constantFrom(
        "closes" as const,
        "closes" as const,
        "throws" as const,
        "rejects" as const,
        "missing" as const,
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  reads: fc.integer({ min: 0, max: 7 }),
  stop: fc.option(fc.constantFrom("return" as const, "throw" as const), { nil: undefined }),
  choices: fc.array(fc.nat(5), { maxLength: 8 }),
}, { requiredKeys: ["sources", "reads", "choices"] });

/** How long a closing source takes: a few microtasks, as closing a socket takes a moment. */
const CLOSING = 3;
/** Microtasks run between two answers: enough for any merge to do all it will do. */
const SETTLE = 300;

/** Everything a run writes: the consumer's outcomes and closes in order, and each source's calls. */
export interface MergeLog {
  /** Consumer outcomes and closes, in order. */
  order: string[];
  /** Each source's calls, stamped with the consumer call (`next @1`). */
  sources: string[][];
}

/** A scripted source: answers only when told, logs everything. */
class Source implements AsyncIterable<unknown> {
  readonly calls: string[] = [];
  readonly #waiting: {
    resolve: (r: IteratorResult<unknown>) => void;
    reject: (e: unknown) => void;
  }[] = [];
  #asked = 0;
  #closed = false;

  constructor(
    readonly name: string,
    readonly script: SourceScript,
    readonly stage: Stage,
    readonly order: string[],
    readonly now: () => number,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    this.calls.push(`open @${this.now()}`);
    const iterator: AsyncIterator<unknown> = {
      next: () => {
        this.calls.push(`next @${this.now()}`);
        if (this.#closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
      },
    };
    if (this.script.onReturn !== "missing") {
      iterator.return = () => this.#close();
    }
    return iterator;
  }

  #close(): Promise<IteratorResult<unknown>> {
    this.calls.push(`return @${this.now()}`);
    this.order.push(`${this.name} return`);
    this.#closed = true;
    for (const w of this.#waiting.splice(0)) w.resolve({ value: undefined, done: true });
    if (this.script.onReturn === "throws") {
      this.order.push(`${this.name} return threw`);
      throw failure(this.stage, `${this.name}'s return() threw`);
    }
    return (async () => {
      for (let i = 0; i < CLOSING; i++) await null;
      if (this.script.onReturn === "rejects") {
        this.order.push(`${this.name} return rejected`);
        throw failure(this.stage, `${this.name}'s return() rejected`);
      }
      this.order.push(`${this.name} closed`);
      return { value: undefined, done: true };
    })();
  }

  /** Whether a next() of this source waits for an answer that will come. */
  get answerable(): boolean {
    if (this.#waiting.length === 0) return false;
    return this.#asked < this.script.values.length || this.script.then !== "hang";
  }

  /** Answer the oldest waiting next(). */
  answer(): void {
    const w = this.#waiting.shift()!;
    const k = this.#asked++;
    if (k < this.script.values.length) {
      w.resolve({ value: this.stage.plain(this.script.values[k]), done: false });
    } else if (this.script.then === "end") w.resolve({ value: undefined, done: true });
    else w.reject(failure(this.stage, `${this.name} broke`));
  }
}

/** An error a source or the consumer makes, shown by its message (a different error shows). */
function failure(stage: Stage, message: string): Error {
  return stage.name(new Error(message), `Error ${JSON.stringify(message)}`);
}

async function settle(): Promise<void> {
  for (let i = 0; i < SETTLE; i++) await null;
}

/** Run the case on `merge`; the log. */
export async function replayMerge(
  merge: (...sources: AsyncIterable<unknown>[]) => AsyncIterator<unknown>,
  c: MergeCase,
): Promise<MergeLog> {
  const stage = new Stage();
  const order: string[] = [];
  let step = 0;
  const sources = c.sources.map((s, i) => new Source(NAMES[i], s, stage, order, () => step));
  const merged = merge(...sources);
  const choices = [...c.choices];
  const actions: ("next" | "return" | "throw")[] = [
    ...Array.from({ length: c.reads }, () => "next" as const),
    ...(c.stop ? [c.stop] : []),
  ];
  for (const action of actions) {
    step++;
    let outcome: string | undefined;
    const promise = action === "next"
      ? merged.next()
      : action === "return"
      ? merged.return!()
      : merged.throw!(failure(stage, "stop"));
    promise.then(
      (r) => outcome = r.done ? `${action} → done` : `${action} → ${stage.show(r.value)}`,
      (e) => outcome = `${action} threw ${stage.show(e)}`,
    );
    await settle();
    for (let answers = 0; outcome === undefined && answers < 20; answers++) {
      const waiting = sources.filter((s) => s.answerable);
      if (waiting.length === 0) break;
      waiting[(choices.shift() ?? 0) % waiting.length].answer();
      await settle();
    }
    order.push(outcome === undefined ? `${action} still pending` : outcome);
    if (outcome === undefined) break;
  }
  return { order, sources: sources.map((s) => s.calls) };
}

/**
 * The truth: what a merge must do in this case. Values come in the order
 * the sources answer; a source is asked again only once its value is taken
 * and the consumer asks again; a source that ends is dropped, not closed;
 * the merge ends when every source has ended; on return(), throw() or a
 * source's failure, every source still open is closed in source order,
 * each close awaited, even when an earlier close failed; a source's error
 * (or the error thrown in) then goes on, and on return() the first failed
 * close's error does.
 */
export function expectedMerge(c: MergeCase): MergeLog {
  const stage = new Stage();
  const order: string[] = [];
  const n = c.sources.length;
  const calls: string[][] = c.sources.map(() => []);
  const asked = c.sources.map(() => 0); // answers given
  const waiting = c.sources.map(() => false);
  const open = c.sources.map(() => true); // neither ended nor broken
  let started = false;
  let finished = false;
  let lastYielded: number | undefined;
  const choices = [...c.choices];
  const answerable = (i: number) =>
    waiting[i] && (asked[i] < c.sources[i].values.length || c.sources[i].then !== "hang");
  /** Close every open source in order; the first close error, if any. */
  const closeAll = (step: number): { error: unknown } | undefined => {
    let failed: { error: unknown } | undefined;
    for (let i = 0; i < n; i++) {
      if (!open[i]) continue;
      const script = c.sources[i];
      if (script.onReturn === "missing") continue;
      calls[i].push(`return @${step}`);
      order.push(`${NAMES[i]} return`);
      if (script.onReturn === "closes") order.push(`${NAMES[i]} closed`);
      else {
        order.push(`${NAMES[i]} return ${script.onReturn === "throws" ? "threw" : "rejected"}`);
        const how = script.onReturn === "throws" ? "threw" : "rejected";
        failed ??= { error: failure(stage, `${NAMES[i]}'s return() ${how}`) };
      }
    }
    return failed;
  };
  const actions: ("next" | "return" | "throw")[] = [
    ...Array.from({ length: c.reads }, () => "next" as const),
    ...(c.stop ? [c.stop] : []),
  ];
  for (const [s, action] of actions.entries()) {
    const step = s + 1;
    let outcome: string | undefined;
    if (action !== "next") {
      if (!started || finished) {
        outcome = action === "return"
          ? "return → done"
          : `throw threw ${stage.show(failure(stage, "stop"))}`;
      } else {
        const failed = closeAll(step);
        outcome = action === "throw"
          ? `throw threw ${stage.show(failure(stage, "stop"))}`
          : failed
          ? `return threw ${stage.show(failed.error)}`
          : "return → done";
      }
      finished = true;
      order.push(outcome);
      continue;
    }
    if (finished) {
      order.push("next → done");
      continue;
    }
    if (!started) {
      started = true;
      for (let i = 0; i < n; i++) calls[i].push(`open @${step}`);
      for (let i = 0; i < n; i++) {
        calls[i].push(`next @${step}`);
        waiting[i] = true;
      }
    } else if (lastYielded !== undefined) {
      calls[lastYielded].push(`next @${step}`);
      waiting[lastYielded] = true;
      lastYielded = undefined;
    }
    if (!open.some(Boolean)) {
      finished = true;
      outcome = "next → done";
    }
    for (let answers = 0; outcome === undefined && answers < 20; answers++) {
      const candidates = [...Array(n).keys()].filter(answerable);
      if (candidates.length === 0) break;
      const i = candidates[(choices.shift() ?? 0) % candidates.length];
      waiting[i] = false;
      const k = asked[i]++;
      const script = c.sources[i];
      if (k < script.values.length) {
        outcome = `next → ${stage.show(stage.plain(script.values[k]))}`;
        lastYielded = i;
      } else if (script.then === "end") {
        open[i] = false;
        if (!open.some(Boolean)) {
          finished = true;
          outcome = "next → done";
        }
      } else {
        open[i] = false;
        closeAll(step); // their errors give way to the source's own
        finished = true;
        outcome = `next threw ${stage.show(failure(stage, `${NAMES[i]} broke`))}`;
      }
    }
    order.push(outcome ?? "next still pending");
    if (outcome === undefined) break;
  }
  return { order, sources: calls };
}

/** The case as a program that prints the expected log and yours. */
export function mergeSnippet(c: MergeCase, from: string): string[] {
  const sources = c.sources.map((s) =>
    `{ values: [${
      s.values.map(plainCode).join(", ")
    }], then: "${s.then}", onReturn: "${s.onReturn}" }`
  );
  return [
    `// deno-lint-ignore-file`,
    `import { merge } from "${from}";`,
    `import { expectedMerge, replayMerge } from "./runner/grading/async_sources.ts";`,
    `const c: any = {`,
    `  sources: [${sources.join(", ")}],`,
    `  reads: ${c.reads}, // next() calls, then ${c.stop ? `${c.stop}()` : "nothing more"}`,
    ...(c.stop ? [`  stop: "${c.stop}",`] : []),
    `  choices: ${
      JSON.stringify(c.choices)
    }, // which waiting source answers, each time (modulo how many wait)`,
    `};`,
    `const [expected, yours] = [expectedMerge(c), await replayMerge(merge, c)];`,
    `console.log("expected:", expected.order.join(" | "));`,
    `console.log("yours:   ", yours.order.join(" | "));`,
    `for (const [i, name] of ["a", "b", "c"].slice(0, c.sources.length).entries()) {`,
    `  console.log(\`source \${name}, expected:\`, expected.sources[i].join(", "));`,
    `  console.log(\`source \${name}, yours:   \`, yours.sources[i].join(", "));`,
    `}`,
  ];
}
