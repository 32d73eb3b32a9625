/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: dispose marks the connection closed only after the backend has disconnected: while it waits, closed is still false, page() still reaches the backend, and a second dispose disconnects again.
 * Check: Connection and rows() follow await using's rules on generated backends and uses: every way to stop, failing pages and disconnects, two things at once
 * Grader says: a generated case where yours and the rules of await using differ
 *
 * Exercise 13-async-iteration/resource: a connection that is always closed, and awaited.
 *
 * Python closes things with `async with conn:` — its `__aenter__` opens,
 * its `__aexit__` closes, and both are awaited. JavaScript's version is
 * `await using conn = await Connection.open(...)`: when the block is left,
 * however it is left (its end, a `return`, a `break`, a throw), the runtime
 * calls `conn[Symbol.asyncDispose]()` and **waits** for it before going on.
 *
 * You build two things over a `Backend` (a database or HTTP API; the
 * grader hands you a fake one that logs every call):
 * - `Connection`: `Connection.open(backend)` connects; `page(n)` fetches one
 *   page of rows; `[Symbol.asyncDispose]()` disconnects, is awaited, and
 *   does nothing the second time (it returns at once and calls nothing on
 *   the backend, even while the first is still disconnecting). It marks the
 *   connection closed at once, before it waits: from that call on, `closed`
 *   is true and `page()` refuses. If the backend's disconnect fails, the
 *   dispose rejects with that error (and `await using` passes it on).
 * - A closed connection's `page()` **rejects** (it returns a promise, so it
 *   never throws out of the call) with an Error whose message starts with
 *   "Cannot fetch page", and never asks the backend.
 * - `rows(backend)`: an async generator over every row of every page (page
 *   0, 1, 2, ... until an empty page; a row may be any string, `""` too),
 *   which opens its connection with `await using`, so the connection is
 *   closed when the rows run out, when the consumer breaks early, and when
 *   anything throws; nothing connects before the first row is asked for.
 *
 * The grader compares yours with these rules on generated backends (pages,
 * failures of connect, page and disconnect) and ways of using them.
 *
 * Run the checks: `deno task grade 13-async-iteration/resource`
 *
 * @module
 */

/** The service a connection talks to. Each call takes time, as on a network. */
export interface Backend {
  /** Open a connection; resolves with its id. */
  connect(): Promise<number>;
  /** The rows of page `page` (from 0); an empty array once there are no more. */
  fetchPage(connection: number, page: number): Promise<string[]>;
  /** Close a connection. */
  disconnect(connection: number): Promise<void>;
}

/** One open connection to a {@linkcode Backend}; dispose of it with `await using`. */
export class Connection implements AsyncDisposable {
  readonly #backend: Backend;
  readonly #id: number;
  #closed = false;

  private constructor(backend: Backend, id: number) {
    this.#backend = backend;
    this.#id = id;
  }

  /** Connect to `backend`. */
  static async open(backend: Backend): Promise<Connection> {
    return new Connection(backend, await backend.connect());
  }

  /** Whether the connection was disposed of. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Fetch page `n`; on a closed connection, a promise that rejects. */
  page(n: number): Promise<string[]> {
    // TODO: refuse with a rejected promise when the connection is closed (an
    //   Error whose message starts "Cannot fetch page"); otherwise ask the
    //   backend.
    // @solution-begin
    if (this.#closed) {
      return Promise.reject(
        new Error(`Cannot fetch page ${n} as connection ${this.#id} is closed`),
      );
    }
    return this.#backend.fetchPage(this.#id, n);
    // @solution-end
  }

  /** Disconnect, once; `await using` calls this and waits for it. */
  async [Symbol.asyncDispose](): Promise<void> {
    // TODO: the second call does nothing. The first marks the connection
    //   closed and waits until the backend has disconnected it.
    // @solution-begin
    if (this.#closed) return;
    await this.#backend.disconnect(this.#id);
    this.#closed = true; // now it is closed
    // @solution-end
  }
}

/** Every row of every page, over one connection that is always closed. */
export async function* rows(backend: Backend): AsyncGenerator<string, void> {
  // TODO: open a Connection with `await using`, then fetch pages 0, 1, 2, ...
  //   and yield their rows, until a page comes back empty.
  // @solution-begin
  await using connection = await Connection.open(backend);
  for (let n = 0;; n++) {
    const page = await connection.page(n);
    if (page.length === 0) return;
    yield* page;
  }
  // @solution-end
}
