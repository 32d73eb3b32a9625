/**
 * The site's HTML: one layout (header, lesson navigation, content) and the
 * four kinds of page built in it: the index, a lesson, the playground, a
 * track's cheat sheet.
 * Plain template strings; every piece of text from outside is escaped.
 *
 * @module
 */

import type { Exercise, LessonEntry } from "../runner/course.ts";
import { sheetHtml, sheetPage, TRACKS, type TrackSheet } from "./cheatsheet.ts";
import { escapeHtml as esc, highlight, type RenderedMarkdown } from "./markdown.ts";

/** A lesson as the site knows it. */
export interface SiteLesson {
  /** The manifest entry. */
  entry: LessonEntry;
  /** Its page file: `01-iterators.html`. */
  page: string;
  /** Its exercises, with paths. */
  exercises: Exercise[];
}

/** What every page needs. */
export interface SiteInfo {
  /** All lessons, in manifest order. */
  lessons: SiteLesson[];
  /** A link to a repository file from a page. */
  repoLink(path: string): string;
}

/**
 * Wrap a page body in the site's layout.
 *
 * @example
 * ```ts
 * import { layout } from "./pages.ts";
 * const html = layout({ lessons: [], repoLink: (p) => p }, "Hi", "<p>x</p>", "index");
 * console.assert(html.startsWith("<!doctype html>"));
 * ```
 */
export function layout(
  site: SiteInfo,
  title: string,
  body: string,
  active: string,
  script = "",
): string {
  const nav = site.lessons.map((lesson) => {
    const [number] = lesson.entry.dir.split("-");
    const current = lesson.page === active ? ` aria-current="page"` : "";
    return `<li><a href="${lesson.page}"${current}><span class="num">${esc(number)}</span>${
      esc(lesson.entry.title)
    }</a></li>`;
  }).join("");
  const current = (page: string) => page === active ? ` aria-current="page"` : "";
  const sheets = TRACKS.map((track) =>
    `<a href="${sheetPage(track)}"${current(sheetPage(track))}>${esc(track.title)}</a>`
  ).join(" · ");
  const onSheet = TRACKS.some((track) => sheetPage(track) === active);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(title)} · groundup</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<link rel="icon" href="favicon.ico" sizes="32x32">
<link rel="stylesheet" href="assets/site.css">
<script>document.documentElement.classList.add("js")</script>
<script type="module" src="assets/page.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="top">
  <a class="brand" href="index.html">groundup <small>concurrency from the ground up</small></a>
  <button type="button" class="menu" aria-controls="lesson-nav" aria-expanded="false">☰ Lessons</button>
  <nav class="site" aria-label="site"><a href="index.html"${
    current("index.html")
  }>Lessons</a><a href="playground.html"${current("playground.html")}>Playground</a><a href="${
    sheetPage(TRACKS[0])
  }"${onSheet ? ` aria-current="page"` : ""}>Cheat sheets</a></nav>
</header>
<div class="frame${active === "playground.html" ? " wide" : ""}">
<nav class="lessons" id="lesson-nav" aria-label="lessons"><h2>Lessons</h2><ol>${nav}</ol>
<p><a href="playground.html"${current("playground.html")}>▶ Kernel playground</a></p>
<p class="sheets">Cheat sheets: ${sheets}</p></nav>
<main id="main" tabindex="-1">
${body}
</main>
</div>
${script}
</body>
</html>
`;
}

/**
 * The index: the welcome text and the course map.
 *
 * @example
 * ```ts ignore
 * indexPage(site, manifest.welcome);
 * ```
 */
export function indexPage(site: SiteInfo, welcome: string): string {
  const rows = site.lessons.map((lesson) =>
    `<tr><td class="num">${esc(lesson.entry.dir.split("-")[0])}</td><td><a href="${lesson.page}">${
      esc(lesson.entry.title)
    }</a><br><small>${
      esc(lesson.entry.summary)
    }</small></td><td class="count">${lesson.exercises.length}</td></tr>`
  ).join("");
  const body = `<h1>Concurrency from the ground up</h1>
<p class="lead">${esc(welcome).replace(/\n/g, " ")}</p>
<p>Read a lesson here, then do its exercises on your machine: <code>deno task start</code> says where
you are and <code>deno task watch</code> grades your file on every save. The
<a href="playground.html">playground</a> runs the course's reference kernel in this page and draws
each task's schedule. Each track has a one-page printable cheat sheet: ${
    TRACKS.map((track) => `<a href="${sheetPage(track)}">${esc(track.title)}</a>`).join(", ")
  }.</p>
<div class="table-wrap"><table class="map"><thead><tr><th>#</th><th>lesson</th><th>exercises</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return layout(site, "Lessons", body, "index.html");
}

/**
 * A lesson page: the rendered text, its exercises with links to their files,
 * and links to the lessons before and after it.
 *
 * @example
 * ```ts ignore
 * lessonPage(site, 0, renderMarkdown(text, context));
 * ```
 */
export function lessonPage(
  site: SiteInfo,
  index: number,
  text: RenderedMarkdown,
  stubs: ReadonlyMap<string, string>,
): string {
  const lesson = site.lessons[index];
  const exercises = lesson.exercises.map((exercise) => {
    const stub = stubs.get(exercise.file);
    const hints = exercise.hints.map((hint) => `<li>${esc(hint)}</li>`).join("");
    return `<li class="exercise" id="exercise-${esc(exercise.name)}">
<h3><span class="num">${exercise.number}</span> ${esc(exercise.title)}</h3>
<p class="files"><a href="${site.repoLink(exercise.file)}">${esc(exercise.file)}</a>
 · <a href="${site.repoLink(exercise.grader)}">grader</a>
 · <code>deno task watch ${esc(exercise.id)}</code></p>
${
      stub === undefined
        ? ""
        : `<details><summary>the stub you start from</summary><pre><code class="hljs">${
          highlight(stub, "ts")
        }</code></pre></details>`
    }
<details><summary>hints, gentlest first</summary><ol>${hints}</ol></details>
</li>`;
  }).join("");
  const before = site.lessons[index - 1];
  const after = site.lessons[index + 1];
  const pager = `<nav class="pager">${
    before
      ? `<a rel="prev" href="${before.page}">← ${esc(before.entry.title)}</a>`
      : "<span></span>"
  }${
    after ? `<a rel="next" href="${after.page}">${esc(after.entry.title)} →</a>` : "<span></span>"
  }</nav>`;
  const contents = text.sections.map((s) => `<li><a href="#${s.id}">${esc(s.text)}</a></li>`).join(
    "",
  );
  const body = `<article class="lesson">
<p class="source">Lesson text: <a href="${
    site.repoLink(`lessons/${lesson.entry.dir}/README.md`)
  }">lessons/${esc(lesson.entry.dir)}/README.md</a></p>
<details class="contents"><summary>On this page</summary><ol>${contents}</ol></details>
${text.html}
<section class="exercises" id="exercise-files"><h2>Exercise files</h2><ol>${exercises}</ol></section>
</article>
${pager}`;
  return layout(site, text.title || lesson.entry.title, body, lesson.page);
}

/**
 * The playground page: editor, output, timeline; its script reads the
 * presets from the JSON block.
 *
 * @example
 * ```ts ignore
 * playgroundPage(site, JSON.stringify(presets));
 * ```
 */
export function playgroundPage(site: SiteInfo, presetsJson: string): string {
  const body = `<h1>Kernel playground</h1>
<p class="lead">The course's reference kernel, running in this page. Pick an example or write your own
JavaScript, press <b>Run</b>, and see what it prints and how the kernel scheduled every task.</p>
<p id="isolation" class="note" hidden></p>
<div class="toolbar">
  <label for="preset">Example</label>
  <select id="preset"></select>
  <span class="buttons"><button id="run" type="button" class="primary">▶ Run</button>
  <button id="stop" type="button" disabled>■ Stop</button></span>
  <span id="status" role="status" data-state="idle"></span>
</div>
<div class="play">
  <div class="pane editor-pane">
    <h2 id="program-title">Program <small>JavaScript · imports <code>groundup/kernel</code></small></h2>
    <textarea id="editor" wrap="off" spellcheck="false" autocapitalize="off" autocomplete="off" aria-labelledby="program-title" aria-describedby="editor-keys"></textarea>
    <p id="editor-keys" class="keys"><kbd>Tab</kbd> indents · <kbd>Esc</kbd> leaves the editor (to Run) · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs</p>
  </div>
  <div class="pane output-pane">
    <h2 id="output-title">Output</h2>
    <pre id="output" tabindex="0" aria-labelledby="output-title" aria-live="polite"></pre>
    <details id="expected" hidden><summary>what the lesson says it prints</summary><pre id="expected-text" tabindex="0"></pre></details>
  </div>
</div>
<section class="timeline-pane" aria-labelledby="schedule-title">
  <h2 id="schedule-title">Schedule <small>one lane per task · each column one step of the kernel, as wide as the time it took</small></h2>
  <ul class="legend">
    <li><i class="key run"></i>running</li>
    <li><i class="key ready"></i>ready, in the queue</li>
    <li><i class="key blocked"></i>blocked in a trap: what it waits for</li>
    <li><i class="key wake"></i>woken</li>
    <li><i class="key cancel">✕</i>cancel delivered</li>
    <li><i class="key exit"></i>returned (→ value)</li>
    <li><i class="key cancelled"></i>ended by cancellation</li>
    <li><i class="key error">✖</i>threw</li>
    <li><i class="key idle"></i>the clock moved, no task ran</li>
    <li><b class="lane-key">2 child ← 1</b>task 2, named child, spawned by task 1</li>
    <li>the ruler above the lanes shows the clock where it moved</li>
  </ul>
  <div id="timelines"><p class="empty">Run a program to see its schedule.</p></div>
  <details><summary>raw trace of the last run</summary><pre id="trace" tabindex="0"></pre></details>
</section>
<script type="application/json" id="presets">${presetsJson.replace(/</g, "\\u003c")}</script>`;
  return layout(
    site,
    "Playground",
    body,
    "playground.html",
    `<script type="module" src="assets/playground.js"></script>`,
  );
}

/**
 * A track's cheat sheet: one printable page (`site.css` hides the site
 * around it when printed).
 *
 * @example
 * ```ts ignore
 * cheatsheetPage(site, await trackSheet(".", TRACKS[0], manifest.lessons));
 * ```
 */
export function cheatsheetPage(site: SiteInfo, sheet: TrackSheet): string {
  return layout(
    site,
    `Cheat sheet: ${sheet.track.title}`,
    sheetHtml(sheet),
    sheetPage(sheet.track),
  );
}
