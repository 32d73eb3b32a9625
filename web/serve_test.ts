import assert from "node:assert/strict";
import { serveSite } from "./serve.ts";

Deno.test("serveSite() isolates every response, and serves nothing outside its folder", async () => {
  const root = await Deno.makeTempDir({ dir: ".out" });
  await Deno.writeTextFile(`${root}/index.html`, "<h1>hi</h1>");
  await Deno.mkdir(`${root}/assets`);
  await Deno.writeTextFile(`${root}/assets/a.js`, "export {};");
  const { promise: listening, resolve } = Promise.withResolvers<string>();
  const server = serveSite({ root, port: 0, onListen: resolve });
  try {
    const url = await listening;
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
  } finally {
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});
