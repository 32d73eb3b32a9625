/**
 * Lesson Markdown to HTML, with `marked` and `highlight.js` from npm.
 *
 * On top of plain Markdown a lesson page gets: highlighted code blocks, a
 * `text output` block drawn as the output of the example above it, an
 * "open in the playground" link on examples the playground has, heading
 * anchors for the page's contents, and relative links rewritten for the
 * site (another lesson's folder becomes its page; any other repository file
 * goes through `repoLink`).
 *
 * @module
 */

import { bash, hljs, javascript, json, Marked, python, type Tokens, typescript } from "./npm.ts";
import { posix } from "node:path";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("bash", bash);
hljs.registerLanguage("json", json);
hljs.registerLanguage("python", python);

const LANGUAGES: Record<string, string> = {
  ts: "typescript",
  typescript: "typescript",
  js: "javascript",
  javascript: "javascript",
  sh: "bash",
  bash: "bash",
  shell: "bash",
  json: "json",
  py: "python",
  python: "python",
};

/** What {@linkcode renderMarkdown} needs to know about the site. */
export interface MarkdownContext {
  /** The Markdown file's path in the repository: `lessons/01-iterators/README.md`. */
  file: string;
  /** The site page of a lesson folder (`01-iterators` → `01-iterators.html`), if it has one. */
  pageOf(dir: string): string | undefined;
  /** A link to a repository file (`kernel/mod.ts`) from a site page. */
  repoLink(path: string): string;
  /** The playground preset id of an example, by its code, if the playground has it. */
  presetOf?(code: string): string | undefined;
}

/** A lesson rendered: its HTML, title and section headings. */
export interface RenderedMarkdown {
  /** The body HTML. */
  html: string;
  /** Text of the first level-1 heading, or `""`. */
  title: string;
  /** Level-2 headings with their anchor ids, for a table of contents. */
  sections: { id: string; text: string }[];
}

/**
 * Render a Markdown text for the site.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderMarkdown } from "./markdown.ts";
 *
 * const page = renderMarkdown("# 02 · Gens\n\nSee [01](../01-iterators/).", {
 *   file: "lessons/02-gens/README.md",
 *   pageOf: (dir) => `${dir}.html`,
 *   repoLink: (path) => `https://example.test/${path}`,
 * });
 * assert.equal(page.title, "02 · Gens");
 * assert.match(page.html, /href="01-iterators.html"/);
 * ```
 */
export function renderMarkdown(markdown: string, context: MarkdownContext): RenderedMarkdown {
  let title = "";
  const sections: { id: string; text: string }[] = [];
  const used = new Set<string>();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading(token: Tokens.Heading): string {
        const inner = this.parser.parseInline(token.tokens);
        const text = plain(inner);
        if (token.depth === 1 && title === "") title = text;
        let id = slug(text) || "section";
        for (let n = 2; used.has(id); n++) id = `${slug(text)}-${n}`;
        used.add(id);
        if (token.depth === 2) sections.push({ id, text });
        return `<h${token.depth} id="${id}">${inner}<a class="anchor" href="#${id}" aria-label="link to this section">#</a></h${token.depth}>\n`;
      },
      code(token: Tokens.Code): string {
        const [lang = "", ...words] = (token.lang ?? "").trim().split(/\s+/);
        if (lang === "text" && words.includes("output")) {
          return `<figure class="output"><figcaption>output</figcaption><pre><code>${
            escapeHtml(token.text)
          }</code></pre></figure>\n`;
        }
        const language = LANGUAGES[lang];
        const code = language === undefined
          ? escapeHtml(token.text)
          : hljs.highlight(token.text, { language, ignoreIllegals: true }).value;
        const badges = words.map((w) => `<span class="badge">${escapeHtml(w)}</span>`).join("");
        const preset = context.presetOf?.(token.text);
        const play = preset === undefined
          ? ""
          : `<a class="play" href="playground.html#preset=${preset}">▶ run in the playground</a>`;
        const head = badges || play ? `<div class="code-head">${badges}${play}</div>` : "";
        return `<div class="code">${head}<pre><code class="hljs language-${
          escapeHtml(language ?? lang ?? "text")
        }">${code}</code></pre></div>\n`;
      },
      link(token: Tokens.Link): string {
        const inner = this.parser.parseInline(token.tokens);
        const href = siteHref(token.href, context);
        const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
        return `<a href="${escapeHtml(href)}"${title}>${inner}</a>`;
      },
    },
  });
  const html = (marked.parse(markdown, { async: false }) as string)
    // A wide table scrolls in its own box, not the page.
    .replace(/<table>/g, '<div class="table-wrap"><table>')
    .replace(/<\/table>/g, "</table></div>");
  return { html, title, sections };
}

/**
 * Where a lesson's link should point on the site.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { siteHref } from "./markdown.ts";
 * const context = {
 *   file: "lessons/05-tasks/README.md",
 *   pageOf: (dir: string) => dir === "04-delegation" ? "04-delegation.html" : undefined,
 *   repoLink: (path: string) => `source/${path}`,
 * };
 * assert.equal(siteHref("../04-delegation/README.md#x", context), "04-delegation.html#x");
 * assert.equal(siteHref("../../kernel/mod.ts", context), "source/kernel/mod.ts");
 * assert.equal(siteHref("https://deno.com", context), "https://deno.com");
 * ```
 */
export function siteHref(href: string, context: MarkdownContext): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("#") || href.startsWith("/")) {
    return href;
  }
  const [path, hash = ""] = href.split("#", 2);
  const anchor = hash ? `#${hash}` : "";
  const resolved = posix.normalize(posix.join(posix.dirname(context.file), path));
  const lesson = /^lessons\/([^/]+)\/?(README\.md)?$/.exec(resolved);
  if (lesson) {
    const page = context.pageOf(lesson[1]);
    if (page !== undefined) return page + anchor;
  }
  if (resolved === "lessons" || resolved === "lessons/") return `index.html${anchor}`;
  if (resolved === "." || resolved === "README.md") return `index.html${anchor}`;
  return context.repoLink(resolved.replace(/\/$/, "")) + anchor;
}

/**
 * Highlight a program for a page (used for exercise files).
 *
 * @example
 * ```ts
 * import { highlight } from "./markdown.ts";
 * console.assert(highlight("const x = 1;", "ts").includes("hljs-keyword"));
 * ```
 */
export function highlight(code: string, lang: string): string {
  const language = LANGUAGES[lang];
  return language === undefined
    ? escapeHtml(code)
    : hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

/**
 * Escape text for HTML.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./markdown.ts";
 * console.assert(escapeHtml('<a href="x">') === "&lt;a href=&quot;x&quot;&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

function plain(html: string): string {
  return html.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
