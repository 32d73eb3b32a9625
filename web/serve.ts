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
 * @module
 */

import { extname, join, normalize } from "node:path";

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
  ".md": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

/**
 * Answer one request from the files under `root`: `/` is `index.html`,
 * paths outside `root` are refused, unknown files get a 404 page.
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
    return new Response("Only GET and HEAD are served\n", { status: 405, headers });
  }
  let path = decodeURIComponent(new URL(request.url).pathname);
  if (path.endsWith("/")) path += "index.html";
  const relative = normalize(path).replace(/^([/\\])+/, "");
  if (relative.startsWith("..")) return new Response("Not found\n", { status: 404, headers });
  try {
    const body = await Deno.readFile(join(root, relative));
    headers.set("Content-Type", TYPES[extname(relative)] ?? "application/octet-stream");
    return new Response(request.method === "HEAD" ? null : body, { headers });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory)) {
      throw error;
    }
    headers.set("Content-Type", "text/plain; charset=utf-8");
    return new Response(`Not found: ${path} (did you run deno task export?)\n`, {
      status: 404,
      headers,
    });
  }
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
 * Start serving; the returned server's `shutdown()` stops it.
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

if (import.meta.main) {
  const port = Number(Deno.args.find((a) => a.startsWith("--port="))?.slice(7) ?? 8000);
  try {
    await Deno.stat("dist/index.html");
  } catch {
    console.error("Cannot serve dist/ as it has no index.html: run deno task export first");
    Deno.exit(1);
  }
  serveSite({
    port,
    onListen(url) {
      console.log(`Serving dist/ on ${url}`);
      console.log(
        "Every response carries Cross-Origin-Opener-Policy: same-origin and " +
          "Cross-Origin-Embedder-Policy: require-corp, so the page is cross-origin isolated: " +
          "SharedArrayBuffer, the worker pool and asleep work in the playground.",
      );
    },
  });
}
