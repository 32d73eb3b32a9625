import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { serveSite } from "./serve.ts";

const SERVE = fileURLToPath(new URL("./serve.ts", import.meta.url));

/** A scratch folder under .out/ (which a fresh clone does not have yet). */
async function scratch(): Promise<string> {
  await Deno.mkdir(".out", { recursive: true });
  return await Deno.makeTempDir({ dir: ".out" });
}

async function withSite(
  files: Record<string, string>,
  body: (url: string, root: string) => Promise<void>,
): Promise<void> {
  const root = await scratch();
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(`${root}/${path}/..`, { recursive: true });
    await Deno.writeTextFile(`${root}/${path}`, text);
  }
  const { promise: listening, resolve } = Promise.withResolvers<string>();
  const server = serveSite({ root, port: 0, onListen: resolve });
  try {
    await body(await listening, root);
  } finally {
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("serveSite() isolates every response, and serves nothing outside its folder", async () => {
  await withSite({ "index.html": "<h1>hi</h1>", "assets/a.js": "export {};" }, async (url) => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const check = async (path: string, status: number, type?: RegExp) => {
      const response = await fetch(new URL(path, url));
      await response.body?.cancel();
      assert.equal(response.status, status, path);
      assert.equal(response.headers.get("cross-origin-opener-policy"), "same-origin", path);
      assert.equal(response.headers.get("cross-origin-embedder-policy"), "require-corp", path);
      if (type) assert.match(response.headers.get("content-type") ?? "", type, path);
    };
    await check("/", 200, /text\/html/);
    await check("/assets/a.js", 200, /text\/javascript/);
    await check("/missing.html", 404);
    await check("/..%2f..%2fdeno.json", 404);
    await check("/%E0%A4%A", 400);
  });
});

Deno.test("serveSite() compresses text as the request accepts, and HEAD tells GET's length", async () => {
  const page = `<!doctype html><p>${"a schedule, step by step. ".repeat(200)}</p>`;
  await withSite({ "index.html": page, "tiny.css": "a{}" }, async (url) => {
    // Raw HTTP, because fetch() would undo the compression this test looks at.
    const get = async (method: string, path: string, accept: string) => {
      const { port } = new URL(url);
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
      await conn.write(new TextEncoder().encode(
        `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: ${accept}\r\n` +
          "Connection: close\r\n\r\n",
      ));
      const raw = new Uint8Array(await new Response(conn.readable).arrayBuffer());
      const split = raw.findIndex((_, i) =>
        raw[i] === 13 && raw[i + 1] === 10 && raw[i + 2] === 13 && raw[i + 3] === 10
      );
      const [statusLine, ...lines] = new TextDecoder().decode(raw.subarray(0, split)).split("\r\n");
      const headers = new Headers(lines.map((line) => {
        const colon = line.indexOf(":");
        return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()] as [string, string];
      }));
      const response = { status: Number(statusLine.split(" ")[1]), headers };
      return { response, bytes: raw.subarray(split + 4) };
    };
    for (
      const [accept, encoding, decode] of [
        ["gzip, deflate, br", "br", brotliDecompressSync],
        ["gzip", "gzip", gunzipSync],
        ["identity", null, (b: Uint8Array) => b],
      ] as const
    ) {
      const { response, bytes } = await get("GET", "/", accept);
      assert.equal(response.headers.get("content-encoding"), encoding, accept);
      assert.equal(response.headers.get("vary"), "Accept-Encoding");
      assert.equal(new TextDecoder().decode(decode(bytes)), page, accept);
      if (encoding !== null) assert.ok(bytes.length < page.length / 4, `${accept}: compressed`);
      assert.equal(Number(response.headers.get("content-length")), bytes.length, accept);
      const head = await get("HEAD", "/", accept);
      assert.equal(head.bytes.length, 0, "HEAD has no body");
      assert.equal(head.response.headers.get("content-length"), String(bytes.length), accept);
      assert.equal(head.response.headers.get("content-encoding"), encoding, `HEAD ${accept}`);
    }
    const tiny = await get("GET", "/tiny.css", "gzip");
    assert.equal(tiny.response.headers.get("content-encoding"), null, "a tiny file goes as is");
    const missing = await get("HEAD", "/missing.js", "identity");
    assert.equal(missing.response.status, 404);
    assert.ok(Number(missing.response.headers.get("content-length")) > 0);
  });
});

function serveCli(args: string[], cwd: string): Deno.ChildProcess {
  const child = new Deno.Command("deno", {
    args: ["run", "--allow-read=dist", "--allow-net=127.0.0.1", SERVE, ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  return child;
}

Deno.test("deno task serve: --port 0 picks a free port; a bad or busy port gets a clear error", async () => {
  const cwd = await scratch();
  await Deno.mkdir(`${cwd}/dist`);
  await Deno.writeTextFile(`${cwd}/dist/index.html`, "<h1>hi</h1>");
  const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    for (
      const [args, pattern] of [
        [["--port=abc"], /Cannot serve with --port=abc: the port must be a whole number/],
        [["--port", "70000"], /Cannot serve with --port 70000: the port must be/],
        [["--port"], /Cannot serve with --port: the port must be/],
        [["--prot=1"], /Cannot serve with --prot=1: the only flag is --port=N/],
        [[`--port=${busy.addr.port}`], /another program uses that port: stop it, or pick another/],
      ] as const
    ) {
      const { code, stdout, stderr } = await serveCli([...args], cwd).output();
      const text = new TextDecoder().decode(stderr);
      assert.notEqual(code, 0, args.join(" "));
      assert.match(text, pattern);
      assert.doesNotMatch(text, /\n\s+at /, `${args.join(" ")}: no stack trace\n${text}`);
      assert.equal(new TextDecoder().decode(stdout), "");
    }
    const child = serveCli(["--port", "0"], cwd);
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!/\n/.test(seen)) {
      const { value, done } = await lines.read();
      if (done) break;
      seen += value;
    }
    const port = Number(/Serving dist\/ on http:\/\/127\.0\.0\.1:(\d+)\//.exec(seen)?.[1]);
    assert.ok(port > 0 && port !== 8000, `a free port, not 8000: ${seen}`);
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(await response.text(), "<h1>hi</h1>");
    child.kill("SIGTERM");
    await child.status;
    await lines.cancel();
    await child.stderr.cancel();
  } finally {
    busy.close();
    await Deno.remove(cwd, { recursive: true });
  }
});
