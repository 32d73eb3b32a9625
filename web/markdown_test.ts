import assert from "node:assert/strict";
import { renderMarkdown } from "./markdown.ts";

const context = {
  file: "lessons/05-tasks/README.md",
  pageOf: (dir: string) => (dir === "04-delegation" ? "04-delegation.html" : undefined),
  repoLink: (path: string) => `https://example.test/blob/main/${path}`,
  presetOf: (code: string) => (code.includes("run(") ? "05-tasks-1" : undefined),
};

Deno.test("renderMarkdown() highlights examples, draws outputs and links them to the playground", () => {
  const page = renderMarkdown(
    [
      "# 05 · Tasks",
      "",
      "## Round robin",
      "",
      "```ts",
      'await run(function* main() {}, { clock: "virtual" });',
      "```",
      "",
      "```text output",
      "<done>",
      "```",
      "",
      "```ts ignore",
      "const x: number = 1;",
      "```",
    ].join("\n"),
    context,
  );
  assert.equal(page.title, "05 · Tasks");
  assert.deepEqual(page.sections, [{ id: "round-robin", text: "Round robin" }]);
  assert.match(page.html, /<span class="hljs-keyword">await<\/span>/);
  assert.match(page.html, /href="playground.html#preset=05-tasks-1"/);
  assert.match(
    page.html,
    /<figure class="output"><figcaption>output<\/figcaption><pre><code>&lt;done&gt;/,
  );
  assert.match(page.html, /<span class="badge">ignore<\/span>/);
  assert.equal(page.html.match(/preset=/g)?.length, 1, "only the runnable example links");
});

Deno.test("renderMarkdown() rewrites links for the site", () => {
  const { html } = renderMarkdown(
    "[prev](../04-delegation/) [kernel](../../kernel/mod.ts) [map](../../README.md#course-map) " +
      "[web](https://deno.com) [here](#top)",
    context,
  );
  assert.match(html, /href="04-delegation.html"/);
  assert.match(html, /href="https:\/\/example.test\/blob\/main\/kernel\/mod.ts"/);
  assert.match(html, /href="index.html#course-map"/);
  assert.match(html, /href="https:\/\/deno.com"/);
  assert.match(html, /href="#top"/);
});
