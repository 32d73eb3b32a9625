/**
 * Generated paged backends for the `resource` exercise, what is done with
 * them (a loop over `rows()` that stops in any way, or a `Connection` used
 * by hand: pages, disposes, two disposes at once, a page while disposing),
 * and the truth: what the backend must see and the consumer must get,
 * computed directly from `await using`'s rules by {@linkcode expectedUse}.
 *
 * The backend logs `connect → 1`, `page 0 on 1`, `disconnect 1…`,
 * `disconnected 1`; each call takes a few microtasks, so a dispose that is
 * not awaited, or a flag set too late, shows in the order of events. It can
 * refuse to connect, fail a page, or fail to disconnect.
 *
 * @module
 */

import { fc } from "./explore.ts";

/** A backend: its pages and how it fails. */
export interface BackendScript {
  pages: string[][];
  connectFails?: boolean;
  failPage?: number;
  disconnectFails?: boolean;
}

/** Something done by hand with a Connection. */
export type HandOp =
  | { page: number }
  | { dispose: true }
  /** Two disposes at once, then both awaited. */
  | { disposeTwice: true }
  /** A dispose, and a page() before it is done. */
  | { pageWhileDisposing: number }
  | { closed: true };

/** A case: a backend, and either a loop over rows() or hand-made operations. */
export type UseCase =
  & { backend: BackendScript }
  & (
    | { rows: { reads: number; stop?: "return" } }
    | { hand: HandOp[] }
  );

const rowText = fc.constantFrom("ant", "bee", "cat", "", "0");

/** Generated cases. */
export const useCases: fc.Arbitrary<UseCase> = fc.record({
  backend: fc.record({
    pages: fc.array(fc.array(rowText, { minLength: 1, maxLength: 3 }), { maxLength: 3 }),
    connectFails: fc.option(fc.constant(true), { nil: undefined, freq: 6 }),
    failPage: fc.option(fc.nat(3), { nil: undefined, freq: 4 }),
    disconnectFails: fc.option(fc.constant(true), { nil: undefined, freq: 4 }),
  }, { requiredKeys: ["pages"] }),
  use: fc.oneof(
    fc.record({
      reads: fc.integer({ min: 0, max: 8 }),
      // Why no throw(): thrown in at a `yield*` over a page (an array, with
      // no throw method), it becomes a TypeError, so what comes out depends
      // on how the rows are yielded. A throw in the consumer's loop is a
      // return() anyway.
      stop: fc.option(fc.constant("return" as const), { nil: undefined }),
    }, { requiredKeys: ["reads"] }).map((rows) => ({ rows })),
    fc.array(
      fc.oneof(
        fc.nat(3).map((page): HandOp => ({ page })),
        fc.constant<HandOp>({ dispose: true }),
        fc.constant<HandOp>({ disposeTwice: true }),
        fc.nat(3).map((n): HandOp => ({ pageWhileDisposing: n })),
        fc.constant<HandOp>({ closed: true }),
      ),
      { maxLength: 5 },
    ).map((hand) => ({ hand })),
  ),
}).map(({ backend, use }) => ({ backend, ...use }) as UseCase);

/** The exercise's API, as the harness uses it. */
export interface ResourceModule {
  Connection: {
    open(backend: Backend): Promise<
      AsyncDisposable & { readonly closed: boolean; page(n: number): Promise<string[]> }
    >;
  };
  rows(backend: Backend): AsyncIterator<string>;
}

/** The backend interface of the exercise. */
export interface Backend {
  connect(): Promise<number>;
  fetchPage(connection: number, page: number): Promise<string[]>;
  disconnect(connection: number): Promise<void>;
}

/** A backend call takes this many microtasks: more than a few, so what is immediate comes first. */
async function moment(): Promise<void> {
  for (let i = 0; i < 12; i++) await null;
}

function show(value: unknown): string {
  if (value instanceof Error) {
    if (value.name === "SuppressedError") {
      const e = value as Error & { error: unknown; suppressed: unknown };
      return `SuppressedError(${show(e.error)}, suppressing ${show(e.suppressed)})`;
    }
    const message = value.message.startsWith("Cannot fetch page")
      ? "Cannot fetch page…"
      : value.message;
    return `${value.name} ${JSON.stringify(message)}`;
  }
  return JSON.stringify(value);
}

/** The backend of a script, logging into `log`. */
export function backendOf(script: BackendScript, log: string[]): Backend {
  let ids = 0;
  return {
    async connect() {
      await moment();
      if (script.connectFails) {
        log.push("connect failed");
        throw new Error("connection refused");
      }
      const id = ++ids;
      log.push(`connect → ${id}`);
      return id;
    },
    async fetchPage(id, page) {
      log.push(`page ${page} on ${id}`);
      await moment();
      if (page === script.failPage) throw new Error(`page ${page} failed`);
      return [...(script.pages[page] ?? [])];
    },
    async disconnect(id) {
      log.push(`disconnect ${id}…`);
      await moment();
      if (script.disconnectFails) {
        log.push(`disconnect ${id} failed`);
        throw new Error("disconnect failed");
      }
      log.push(`disconnected ${id}`);
    },
  };
}

/** Run a case on the learner's module; the log of the backend and the consumer, in order. */
export async function runUse(module: ResourceModule, c: UseCase): Promise<string[]> {
  const log: string[] = [];
  const backend = backendOf(c.backend, log);
  const outcome = async (what: string, promise: () => PromiseLike<unknown>) => {
    try {
      const v = await promise();
      log.push(`${what} → ${v === undefined ? "done" : show(v)}`);
    } catch (error) {
      log.push(`${what} threw ${show(error)}`);
    }
  };
  if ("rows" in c) {
    const it = module.rows(backend);
    for (let i = 0; i < c.rows.reads; i++) {
      await outcome("next", async () => {
        const r = await it.next();
        return r.done ? undefined : r.value;
      });
      if (log.length > 100) break;
    }
    if (c.rows.stop === "return") await outcome("return", async () => void await it.return!());
    return log;
  }
  let connection: Awaited<ReturnType<ResourceModule["Connection"]["open"]>>;
  try {
    connection = await module.Connection.open(backend);
    log.push("opened");
  } catch (error) {
    log.push(`open threw ${show(error)}`);
    return log;
  }
  for (const op of c.hand) {
    if ("page" in op) await outcome(`page(${op.page})`, () => connection.page(op.page));
    else if ("dispose" in op) await outcome("dispose", () => connection[Symbol.asyncDispose]());
    else if ("disposeTwice" in op) {
      // Why the outcomes are logged after both: whether the second waits for
      // the first is left open; that it disconnects nothing is not.
      const first = connection[Symbol.asyncDispose]();
      const second = connection[Symbol.asyncDispose]();
      await outcome("first dispose", () => first);
      await Promise.allSettled([second]);
      log.push("second dispose settled");
    } else if ("pageWhileDisposing" in op) {
      const n = op.pageWhileDisposing;
      const disposing = connection[Symbol.asyncDispose]();
      log.push(`closed is ${connection.closed}`);
      let paging: PromiseLike<unknown> | undefined;
      try {
        paging = connection.page(n);
      } catch (error) {
        log.push(`page(${n}) threw at once: ${show(error)}`);
      }
      await outcome("dispose", () => disposing);
      if (paging) await outcome(`page(${n})`, () => paging);
    } else log.push(`closed is ${connection.closed}`);
  }
  return log;
}

/**
 * The truth: what the backend sees and the consumer gets, step by step.
 * The events of two things done at once (two disposes, a dispose and a
 * page) are listed in the order they happen with a backend whose every call
 * takes the same few microtasks.
 */
export function expectedUse(c: UseCase): string[] {
  const b = c.backend;
  const log: string[] = [];
  const closedError = `Error "Cannot fetch page…"`;
  if ("rows" in c) {
    // rows(): connect on the first next(); pages 0, 1, ... until an empty one.
    let state = "fresh" as "fresh" | "open" | "done"; // changed by next(), below
    let page = 0;
    let row = 0;
    let current: string[] = [];
    const dispose = (): string | undefined => {
      log.push("disconnect 1…");
      if (b.disconnectFails) {
        log.push("disconnect 1 failed");
        return `Error "disconnect failed"`;
      }
      log.push("disconnected 1");
      return undefined;
    };
    const next = (): void => {
      if (state === "done") return void log.push("next → done");
      if (state === "fresh") {
        if (b.connectFails) {
          log.push("connect failed");
          state = "done";
          return void log.push(`next threw Error "connection refused"`);
        }
        log.push("connect → 1");
        state = "open";
        current = [];
        row = 0;
        page = -1;
      }
      while (row >= current.length) {
        page++;
        log.push(`page ${page} on 1`);
        if (page === b.failPage) {
          state = "done";
          const failed = dispose();
          const own = `Error "page ${page} failed"`;
          return void log.push(
            `next threw ${failed ? `SuppressedError(${failed}, suppressing ${own})` : own}`,
          );
        }
        current = b.pages[page] ?? [];
        row = 0;
        if (current.length === 0) {
          state = "done";
          const failed = dispose();
          return void log.push(failed ? `next threw ${failed}` : "next → done");
        }
      }
      log.push(`next → ${JSON.stringify(current[row++])}`);
    };
    for (let i = 0; i < c.rows.reads; i++) next();
    if (c.rows.stop === "return") {
      if (state !== "open") log.push("return → done");
      else {
        state = "done";
        const failed = dispose();
        log.push(failed ? `return threw ${failed}` : "return → done");
      }
    }
    return log;
  }
  if (b.connectFails) {
    log.push("connect failed", `open threw Error "connection refused"`);
    return log;
  }
  log.push("connect → 1", "opened");
  let closed = false;
  const disposeEvents = () =>
    b.disconnectFails
      ? ["disconnect 1 failed", `dispose threw Error "disconnect failed"`]
      : ["disconnected 1", "dispose → done"];
  for (const op of c.hand) {
    if ("page" in op) {
      if (closed) log.push(`page(${op.page}) threw ${closedError}`);
      else {
        log.push(`page ${op.page} on 1`);
        log.push(
          op.page === b.failPage
            ? `page(${op.page}) threw Error "page ${op.page} failed"`
            : `page(${op.page}) → ${JSON.stringify(b.pages[op.page] ?? [])}`,
        );
      }
    } else if ("dispose" in op) {
      if (closed) log.push("dispose → done");
      else {
        closed = true;
        log.push("disconnect 1…", ...disposeEvents());
      }
    } else if ("disposeTwice" in op) {
      if (closed) log.push("first dispose → done", "second dispose settled");
      else {
        closed = true;
        log.push("disconnect 1…");
        log.push(...disposeEvents().map((e) => e.replace(/^dispose/, "first dispose")));
        log.push("second dispose settled");
      }
    } else if ("pageWhileDisposing" in op) {
      const n = op.pageWhileDisposing;
      if (closed) log.push("closed is true", "dispose → done", `page(${n}) threw ${closedError}`);
      else {
        closed = true;
        log.push(
          "disconnect 1…",
          "closed is true",
          ...disposeEvents(),
          `page(${n}) threw ${closedError}`,
        );
      }
    } else log.push(`closed is ${closed}`);
  }
  return log;
}

/** The case as a program that prints the expected log and yours. */
export function useSnippet(c: UseCase, from: string): string[] {
  return [
    `import * as resource from "${from}";`,
    `import { expectedUse, runUse } from "./runner/grading/paged_backends.ts";`,
    `const c = ${JSON.stringify(c)};`,
    `console.log("expected:", expectedUse(c).join(" | "));`,
    `console.log("yours:   ", (await runUse(resource, c)).join(" | "));`,
  ];
}
