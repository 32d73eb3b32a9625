/**
 * `deno task serve`: serve the exported site from `dist/` on 127.0.0.1, with
 * the headers that make a page cross-origin isolated on every response:
 *
 * - `Cross-Origin-Opener-Policy: same-origin`
 * - `Cross-Origin-Embedder-Policy: require-corp`
 * - `Cross-Origin-Resource-Policy: same-origin`
 *
 * Why: without them a browser hides `SharedArrayBuffer`, and the worker
 * pool and `asleep` need it. Static hosts such as GitHub Pages cannot send
 * them; there the playground explains what is off.
 *
 * ```sh
 * deno task serve              # http://127.0.0.1:8000/
 * deno task serve --port=0     # any free port; the first line printed says which
 * ```
 *
 * Text files go out compressed (brotli or gzip, whichever the browser
 * accepts), and `HEAD` answers carry the length a `GET` would.
 *
 * @module
 */

import { extname, join, normalize } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** The headers every response carries. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".md": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** Bodies smaller than this go out as they are: compressing them saves nothing. */
const COMPRESS_FROM = 1024;

/**
 * The encoding to answer with, from a request's `Accept-Encoding`: `br`,
 * then `gzip`, else `null` (identity). Weights of 0 refuse an encoding.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chooseEncoding } from "./serve.ts";
 * assert.equal(chooseEncoding("gzip, deflate, br"), "br");
 * assert.equal(chooseEncoding("gzip;q=1, br;q=0"), "gzip");
 * assert.equal(chooseEncoding(null), null);
 * ```
 */
export function chooseEncoding(header: string | null): "br" | "gzip" | null {
  const weights = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (name === "") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    weights.set(name, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  const weight = (name: string) => weights.get(name) ?? weights.get("*") ?? 0;
  if (weight("br") > 0) return "br";
  if (weight("gzip") > 0) return "gzip";
  return null;
}

function compressible(type: string): boolean {
  return /^text\/|^application\/json|^image\/svg\+xml/.test(type);
}

/**
 * Answer one request from the files under `root`: `/` is `index.html`,
 * paths outside `root` are refused, unknown files get a 404 page. Text is
 * compressed (brotli or gzip, as the request accepts), and a `HEAD` answer
 * carries the headers, length included, that the `GET` answer would.
 *
 * @example
 * ```ts ignore
 * Deno.serve((request) => serveFile(request, "dist"));
 * ```
 */
export async function serveFile(request: Request, root: string): Promise<Response> {
  const headers = new Headers(ISOLATION_HEADERS);
  headers.set("Cache-Control", "no-cache");
  if (request.method !== "GET" && request.method !== "HEAD") {
    headers.set("Allow", "GET, HEAD");
    return new Response("Only GET and HEAD are served\n", { status: 405, headers });
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url).pathname);
  } catch {
    return new Response("Bad request: the path is not valid percent-encoding\n", {
      status: 400,
      headers,
    });
  }
  if (path.endsWith("/")) path += "index.html";
  const relative = normalize(path).replace(/^([/\\])+/, "");
  let status = 200;
  let body: Uint8Array;
  let type: string;
  try {
    if (relative.startsWith("..") || relative.includes("\0")) throw new Deno.errors.NotFound();
    body = await Deno.readFile(join(root, relative));
    type = TYPES[extname(relative)] ?? "application/octet-stream";
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory)) {
      throw error;
    }
    status = 404;
    type = "text/plain; charset=utf-8";
    body = new TextEncoder().encode(`Not found: ${path} (did you run deno task export?)\n`);
  }
  headers.set("Content-Type", type);
  if (compressible(type)) {
    headers.set("Vary", "Accept-Encoding");
    const encoding = body.length >= COMPRESS_FROM
      ? chooseEncoding(request.headers.get("accept-encoding"))
      : null;
    if (encoding === "br") {
      body = brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
    } else if (encoding === "gzip") {
      body = gzipSync(body);
    }
    if (encoding !== null) headers.set("Content-Encoding", encoding);
  }
  headers.set("Content-Length", String(body.length));
  return new Response(request.method === "HEAD" ? null : body as Uint8Array<ArrayBuffer>, {
    status,
    headers,
  });
}

/** Options for {@linkcode serveSite}. */
export interface ServeOptions {
  /** Folder to serve. @default {"dist"} */
  root?: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default {8000} */
  port?: number;
  /** Called once listening, with the site's URL. */
  onListen?: (url: string) => void;
}

/**
 * Start serving; the returned server's `shutdown()` stops it. Throws
 * `Deno.errors.AddrInUse` when the port is taken.
 *
 * @example
 * ```ts ignore
 * const server = serveSite({ port: 0, onListen: (url) => console.log(url) });
 * await server.shutdown();
 * ```
 */
export function serveSite(options: ServeOptions = {}): Deno.HttpServer<Deno.NetAddr> {
  const root = options.root ?? "dist";
  return Deno.serve({
    hostname: "127.0.0.1",
    port: options.port ?? 8000,
    onListen: ({ port }) => options.onListen?.(`http://127.0.0.1:${port}/`),
  }, (request) => serveFile(request, root));
}

/**
 * The port `deno task serve` was asked for: `--port=N` or `--port N`, a
 * whole number from 0 (any free port) to 65535; 8000 without the flag.
 * Anything else is an error that says what was wrong.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePort } from "./serve.ts";
 * assert.deepEqual(parsePort([]), { port: 8000 });
 * assert.deepEqual(parsePort(["--port", "0"]), { port: 0 });
 * assert.match(parsePort(["--port=abc"]).error ?? "", /--port=abc/);
 * ```
 */
export function parsePort(args: readonly string[]): { port: number; error?: undefined } | {
  port?: undefined;
  error: string;
} {
  let port = 8000;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let value: string | undefined;
    let shown: string;
    if (arg.startsWith("--port=")) {
      value = arg.slice("--port=".length);
      shown = arg;
    } else if (arg === "--port") {
      value = args[++i];
      shown = value === undefined ? arg : `${arg} ${value}`;
    } else {
      return { error: `Cannot serve with ${arg}: the only flag is --port=N (0 picks a free port)` };
    }
    if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) {
      return {
        error: `Cannot serve with ${shown}: the port must be a whole number from 0 to 65535 ` +
          `(0 picks a free port), e.g. --port=8080`,
      };
    }
    port = Number(value);
  }
  return { port };
}

if (import.meta.main) {
  const parsed = parsePort(Deno.args);
  if (parsed.error !== undefined) {
    console.error(parsed.error);
    Deno.exit(2);
  }
  try {
    await Deno.stat("dist/index.html");
  } catch {
    console.error("Cannot serve dist/ as it has no index.html: run deno task export first");
    Deno.exit(1);
  }
  try {
    serveSite({
      port: parsed.port,
      onListen(url) {
        console.log(`Serving dist/ on ${url}`);
        console.log(
          "Every response carries Cross-Origin-Opener-Policy: same-origin and " +
            "Cross-Origin-Embedder-Policy: require-corp, so the page is cross-origin isolated: " +
            "SharedArrayBuffer, the worker pool and asleep work in the playground.",
        );
      },
    });
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      console.error(
        `Cannot serve on 127.0.0.1:${parsed.port} as another program uses that port: ` +
          "stop it, or pick another port with --port=N (--port=0 picks a free one)",
      );
      Deno.exit(1);
    }
    if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
      console.error(
        `Cannot serve on 127.0.0.1:${parsed.port}: ${error.message}. ` +
          "Ports below 1024 need privileges; pick another with --port=N",
      );
      Deno.exit(1);
    }
    throw error;
  }
}
