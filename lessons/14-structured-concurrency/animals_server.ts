/**
 * The animals API of the lesson (after Eric Appelt's talk): a local HTTP
 * server that says what each animal says, slowly, and sometimes falls over.
 *
 * `GET /animals/<name>` answers `{"animal":"cow","says":"moo"}` after a
 * delay. The query string lets a caller (a lesson example, a grader) decide
 * what each request does, so nothing depends on luck:
 *
 * | query      | the request...                                                   |
 * | ---------- | ---------------------------------------------------------------- |
 * | `delay=ms` | takes `ms` milliseconds (default: the server's `delayMs`)        |
 * | `fail`     | fails with status 500 after its delay                            |
 * | `hang`     | never answers: it ends only when the client aborts it            |
 * | `meet=k`   | waits until `k` requests are in flight at once (or 1 s passes)   |
 * | `until=x`  | waits until a request for `x` has started (or 1 s passes)        |
 *
 * The server writes down what it saw, in order (`start cow`, `done cow`,
 * `fail pig`, `abort owl`), and counts the requests in flight. A request
 * is in flight from its arrival until its body is sent or the client
 * aborts it, and the count drops before the client can see the end, so
 * `maxInFlight` never overstates what the client had running.
 *
 * @module
 */

const SOUNDS: Record<string, string> = {
  cow: "moo",
  pig: "oink",
  duck: "quack",
  dog: "woof",
  cat: "meow",
  sheep: "baa",
  horse: "neigh",
  owl: "hoot",
};

/** A running animals server; `await using` closes it. */
export interface AnimalsServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** What the server saw, in order: `start cow`, `done cow`, `fail pig`, `abort owl`. */
  readonly events: readonly string[];
  /** Requests in flight now. */
  readonly inFlight: number;
  /** The most requests ever in flight at once. */
  readonly maxInFlight: number;
  /** Resolves `true` once `event` has happened, `false` if it has not after `limitMs`. */
  seen(event: string, limitMs?: number): Promise<boolean>;
  /** End every request still open, then stop the server. */
  close(): Promise<void>;
}

/** Options for {@linkcode startAnimals}. */
export interface AnimalsOptions {
  /** Milliseconds each request takes when the query does not say. @default {0} */
  delayMs?: number;
}

/** Start the animals API on 127.0.0.1, on a free port. */
export function startAnimals(options: AnimalsOptions = {}): AnimalsServer {
  const events: string[] = [];
  const listeners = new Set<() => void>();
  const open = new Set<() => void>(); // ends each request still open, for close()
  let inFlight = 0;
  let maxInFlight = 0;
  const record = (event: string) => {
    events.push(event);
    for (const listener of [...listeners]) listener();
  };

  /** Wait until `ready()` holds (checked after every event), or `ms` pass. */
  const waitFor = (ready: () => boolean, ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        listeners.delete(check);
        signal.removeEventListener("abort", finish);
        resolve();
      };
      const check = () => ready() && finish();
      const timer = setTimeout(finish, ms);
      listeners.add(check);
      signal.addEventListener("abort", finish);
      check();
    });

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const url = new URL(request.url);
    const name = decodeURIComponent(url.pathname.replace(/^\/animals\//, ""));
    const query = url.searchParams;
    const delay = Number(query.get("delay") ?? options.delayMs ?? 0);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    record(`start ${name}`);

    if (query.has("fail")) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      inFlight--;
      record(`fail ${name}`);
      return new Response("the animals API fell over", { status: 500 });
    }

    // Why a streamed body: the headers go out at once and the body waits,
    // so a client that gives up cancels the stream, and we see it.
    const ended = new AbortController();
    let end = () => {};
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        end = () => ended.abort();
        open.add(end);
        const meet = Number(query.get("meet") ?? 0);
        const until = query.get("until");
        if (meet > 0) await waitFor(() => inFlight >= meet, 1000, ended.signal);
        if (until !== null) {
          await waitFor(() => events.includes(`start ${until}`), 1000, ended.signal);
        }
        if (query.has("hang")) {
          await new Promise((resolve) => ended.signal.addEventListener("abort", resolve));
        } else if (delay > 0) await waitFor(() => false, delay, ended.signal);
        if (!open.delete(end)) return; // aborted meanwhile
        inFlight--;
        record(`done ${name}`);
        const says = SOUNDS[name.replace(/\d+$/, "")] ?? "nothing at all";
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ animal: name, says })));
        controller.close();
      },
      cancel() {
        if (!open.delete(end)) return;
        ended.abort();
        inFlight--;
        record(`abort ${name}`);
      },
    });
    return new Response(body, { headers: { "content-type": "application/json" } });
  });

  const close = async () => {
    for (const end of [...open]) end();
    await server.shutdown();
  };
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    get events() {
      return events;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    async seen(event, limitMs = 2000) {
      await waitFor(() => events.includes(event), limitMs, new AbortController().signal);
      return events.includes(event);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
