/**
 * A stage for batch fetchers: an HTTP server on 127.0.0.1 that answers
 * each request only when the grader says so, and how it says so (a body,
 * a status, a body cut short, a reset connection, nothing at all), plus
 * urls nobody listens on (a refused connection). It writes down what it saw
 * (`start 2`, `abort 0`), so the order of events, not the clock, decides
 * what a fetcher did.
 *
 * {@linkcode runBatch} plays a generated case against a fetcher and, step
 * by step, against the rules (the truth is computed as it goes): which
 * requests must be in flight at each moment, which one answers next (from
 * generated choices), how the batch must settle, and that nothing is left
 * running afterwards. The only waits on the clock are bounds on how long a
 * condition may take to come true on a loaded machine; a fetcher that
 * follows the rules never reaches them.
 *
 * @module
 */

import { fc } from "./explore.ts";

/** What the server does with one request. */
export type Plan =
  | "ok"
  | "hang"
  | "reset"
  | "cut"
  | "refused"
  | { status: number };

/** A generated case. */
export interface BatchCase {
  plans: Plan[];
  concurrency: number;
  /** Which in-flight request (that will answer) answers next: choices[i] modulo how many. */
  choices: number[];
  /** Abort the caller's signal after this many answers (if the batch is still running). */
  abortAfter?: number;
}

/** Generated cases. */
export const batchCases: fc.Arbitrary<BatchCase> = fc.record({
  plans: fc.array(
    fc.oneof(
      { arbitrary: fc.constant<Plan>("ok"), weight: 8 },
      { arbitrary: fc.constantFrom<Plan>("hang", "reset", "cut", "refused"), weight: 3 },
      {
        arbitrary: fc.constantFrom(200, 201, 204, 299, 300, 304, 404, 500).map((status): Plan => ({
          status,
        })),
        weight: 3,
      },
    ),
    { minLength: 1, maxLength: 5 },
  ),
  concurrency: fc.integer({ min: 1, max: 4 }),
  choices: fc.array(fc.nat(4), { maxLength: 6 }),
  abortAfter: fc.option(fc.nat(4), { nil: undefined, freq: 4 }),
}, { requiredKeys: ["plans", "concurrency", "choices"] });

const encoder = new TextEncoder();
const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  300: "Multiple Choices",
  404: "Not Found",
};

/** One request the server holds. */
interface Held {
  index: number;
  conn: Deno.Conn;
  answered: boolean;
  ended: boolean;
}

/** The server. */
export class Stage implements AsyncDisposable {
  readonly #listener: Deno.Listener<Deno.TcpConn, Deno.NetAddr>;
  readonly #held = new Map<number, Held>();
  readonly #conns = new Set<Deno.Conn>();
  readonly #listeners = new Set<() => void>();
  readonly #accepting: Promise<void>;
  /** What the server saw, in order. */
  readonly events: string[] = [];
  /** Indexes of every request that reached the server. */
  readonly started = new Set<number>();

  constructor() {
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.#accepting = this.#accept();
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.#listener.addr.port}`;
  }

  /** Requests in flight: arrived, not answered, not aborted. */
  get inFlight(): number[] {
    return [...this.#held.values()].filter((h) => !h.answered && !h.ended).map((h) => h.index)
      .sort((a, b) => a - b);
  }

  #record(event: string): void {
    this.events.push(event);
    this.poke();
  }

  /** Check the conditions {@linkcode Stage.until} waits on again (something else changed). */
  poke(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  async #accept(): Promise<void> {
    try {
      for await (const conn of this.#listener) {
        this.#conns.add(conn);
        this.#serve(conn);
      }
    } catch { /* closed */ }
  }

  async #serve(conn: Deno.Conn): Promise<void> {
    const buffer = new Uint8Array(4096);
    let text = "";
    let held: Held | undefined;
    try {
      while (true) {
        const n = await conn.read(buffer);
        if (n === null) break;
        if (held) continue; // nothing more is expected from the client
        text += new TextDecoder().decode(buffer.subarray(0, n));
        if (!text.includes("\r\n\r\n")) continue;
        const index = Number(/^GET \/(\d+)/.exec(text)?.[1] ?? -1);
        held = { index, conn, answered: false, ended: false };
        this.#held.set(index, held);
        this.started.add(index);
        this.#record(`start ${index}`);
      }
    } catch { /* reset, or closed by us */ }
    if (held && !held.answered && !held.ended) {
      held.ended = true;
      this.#record(`abort ${held.index}`);
    }
    this.#drop(conn);
  }

  #drop(conn: Deno.Conn): void {
    if (!this.#conns.delete(conn)) return;
    try {
      conn.close();
    } catch { /* already closed */ }
  }

  /** Answer request `index` as `plan` says (not "hang" or "refused"). */
  async answer(index: number, plan: Plan): Promise<void> {
    const held = this.#held.get(index)!;
    held.answered = true;
    const write = async (text: string) => {
      try {
        const bytes = encoder.encode(text);
        for (let sent = 0; sent < bytes.length;) {
          sent += await held.conn.write(bytes.subarray(sent));
        }
      } catch { /* the client is gone */ }
    };
    if (plan === "ok" || typeof plan === "object") {
      const status = plan === "ok" ? 200 : plan.status;
      const body = status === 204 || status === 304 ? "" : `body ${index}`;
      await write(
        `HTTP/1.1 ${status} ${
          STATUS_TEXT[status] ?? "Status"
        }\r\ncontent-length: ${body.length}\r\n` +
          `connection: close\r\n\r\n${body}`,
      );
      this.#record(`${status === 200 ? "done" : `status ${status}`} ${index}`);
    } else if (plan === "cut") {
      await write(
        `HTTP/1.1 200 OK\r\ncontent-length: 100\r\nconnection: close\r\n\r\nbody ${index} cut sh`,
      );
      this.#record(`cut ${index}`);
    } else this.#record(`reset ${index}`);
    this.#drop(held.conn);
  }

  /** Wait until `ready()` holds (checked after every event), or `ms` pass; whether it holds. */
  until(ready: () => boolean, ms: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!ready()) return;
        finish();
      };
      const finish = () => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve(ready());
      };
      const timer = setTimeout(finish, ms);
      this.#listeners.add(check);
    });
  }

  /** Close every connection and the listener. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.#listener.close();
    for (const conn of [...this.#conns]) this.#drop(conn);
    await this.#accepting;
  }
}

/** A url on 127.0.0.1 where nothing listens: a connection to it is refused. */
export function refusedUrl(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return `http://127.0.0.1:${port}`;
}

/** The fetcher under test. */
export type FetchAll = (
  urls: readonly string[],
  options: { concurrency: number; timeoutMs?: number; signal?: AbortSignal },
) => Promise<string[]>;

/** The truth's and the fetcher's steps, side by side, and where they first part. */
export interface BatchRun {
  expected: string[];
  seen: string[];
}

/** Options for {@linkcode runBatch}. */
export interface BatchOptions {
  /** How long a condition may take to come true (a bound for wrong code). @default 1500 */
  patienceMs?: number;
}

const showPlan = (plan: Plan) => typeof plan === "object" ? `status ${plan.status}` : plan;

/**
 * Play `c` against `fetchAll` and against the rules in step; stop at the
 * first step where they part.
 */
export async function runBatch(
  fetchAll: FetchAll,
  c: BatchCase,
  options: BatchOptions = {},
): Promise<BatchRun> {
  const patience = options.patienceMs ?? 1500;
  const expected: string[] = [];
  const seen: string[] = [];
  await using stage = new Stage();
  const refused = c.plans.includes("refused") ? refusedUrl() : "";
  const urls = c.plans.map((plan, i) => `${plan === "refused" ? refused : stage.url}/${i}`);
  const controller = new AbortController();
  const stop = new Error("the caller stopped the batch");
  let outcome: string | undefined;
  const describe = (error: unknown): string => {
    if (error === stop) return "rejected with the signal's reason";
    // A request that failed without a status: fetch's own TypeError, or an
    // Error of the fetcher's that names the url.
    if (error instanceof TypeError) return "rejected with the failed request's error";
    const failedUrl = c.plans.findIndex((plan, k) =>
      (plan === "refused" || plan === "reset" || plan === "cut") &&
      error instanceof Error && error.message.includes(urls[k])
    );
    if (failedUrl >= 0) return "rejected with the failed request's error";
    const message = error instanceof Error ? error.message : String(error);
    const named = c.plans.findIndex((plan, k) =>
      typeof plan === "object" && message.includes(urls[k]) && message.includes(`${plan.status}`)
    );
    if (error instanceof Error && named >= 0) {
      return `rejected with an Error naming /${named} and status ${
        (c.plans[named] as { status: number }).status
      }`;
    }
    return `rejected with ${error instanceof Error ? `${error.name}: ${message}` : String(error)}`;
  };
  // Why the wrapper: a fetcher that throws at once is a rejected batch, not a crash.
  const batch = Promise.resolve().then(() =>
    fetchAll(urls, { concurrency: c.concurrency, signal: controller.signal })
  );
  batch.then(
    (bodies) => outcome = `fulfilled ${JSON.stringify(bodies)}`,
    (error) => outcome = describe(error),
  ).finally(() => stage.poke());

  // The rules, step by step: who is running, and how it must end.
  let next = 0;
  const running: number[] = [];
  const fill = () => {
    while (running.length < c.concurrency && next < urls.length) running.push(next++);
  };
  const choices = [...c.choices];
  let answers = 0;
  let settleAs: string | undefined;
  fill();
  while (settleAs === undefined) {
    if (running.some((i) => c.plans[i] === "refused")) {
      settleAs = "rejected with the failed request's error";
      break;
    }
    // Every running request must reach the server, and nothing more.
    const want = [...running].sort((a, b) => a - b);
    expected.push(`in flight ${JSON.stringify(want)}`);
    await stage.until(
      () =>
        outcome !== undefined || JSON.stringify(stage.inFlight) === JSON.stringify(want) ||
        stage.inFlight.some((i) => !want.includes(i)),
      patience,
    );
    if (outcome !== undefined) {
      seen.push(`in flight ${JSON.stringify(stage.inFlight)}`, `batch ${outcome}`);
      return { expected, seen };
    }
    seen.push(`in flight ${JSON.stringify(stage.inFlight)}`);
    if (JSON.stringify(stage.inFlight) !== JSON.stringify(want)) return { expected, seen };
    const answering = want.filter((i) => c.plans[i] !== "hang");
    if (answering.length === 0 || c.abortAfter === answers) {
      expected.push("the caller aborts");
      seen.push("the caller aborts");
      controller.abort(stop);
      settleAs = "rejected with the signal's reason";
      break;
    }
    const i = answering[(choices.shift() ?? 0) % answering.length];
    const plan = c.plans[i];
    expected.push(`${i} answers: ${showPlan(plan)}`);
    seen.push(`${i} answers: ${showPlan(plan)}`);
    await stage.answer(i, plan);
    answers++;
    running.splice(running.indexOf(i), 1);
    if (plan === "ok" || (typeof plan === "object" && plan.status >= 200 && plan.status <= 299)) {
      fill();
      if (running.length === 0) {
        settleAs = `fulfilled ${
          JSON.stringify(c.plans.map((p, k) =>
            typeof p === "object" && (p.status === 204 || p.status === 304) ? "" : `body ${k}`
          ))
        }`;
      }
    } else {
      settleAs = typeof plan === "object"
        ? `rejected with an Error naming /${i} and status ${plan.status}`
        : "rejected with the failed request's error";
    }
  }
  expected.push(`batch ${settleAs}`);
  if (!await stage.until(() => outcome !== undefined, patience)) {
    seen.push(`batch still pending ${patience} ms later`);
    controller.abort(stop); // let a fetcher that listens end its requests
    return { expected, seen };
  }
  seen.push(`batch ${outcome}`);
  if (outcome !== settleAs) return { expected, seen };
  // Nothing left running, and nothing started after the failure.
  expected.push("then nothing in flight");
  await stage.until(() => stage.inFlight.length === 0, patience);
  seen.push(
    stage.inFlight.length === 0
      ? "then nothing in flight"
      : `then still in flight ${JSON.stringify(stage.inFlight)} (never aborted)`,
  );
  const late = [...stage.started].filter((i) => i >= next);
  expected.push("no request started after the batch failed");
  seen.push(
    late.length === 0
      ? "no request started after the batch failed"
      : `requests started after the batch failed: ${JSON.stringify(late.sort())}`,
  );
  return { expected, seen };
}

/** The case as a program that plays it and prints both sides. */
export function batchSnippet(c: BatchCase, from: string): string[] {
  return [
    `import { fetchAll } from "${from}";`,
    `import { runBatch } from "./runner/grading/http_stage.ts";`,
    `const c = ${JSON.stringify(c)};`,
    `const { expected, seen } = await runBatch(fetchAll, c);`,
    `console.log("expected:", expected.join(" | "));`,
    `console.log("yours:   ", seen.join(" | "));`,
  ];
}
