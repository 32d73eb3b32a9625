/**
 * One-page cheat sheets, one per track, generated from the lessons
 * themselves so they cannot disagree with them. From each lesson it takes:
 * the manifest's title and summary, the "Python and JavaScript, side by
 * side" table (the code shapes, both ways), what its exercises build (the
 * "Exercises" table) and its "Check yourself" list.
 *
 * The browser export writes them as printable pages
 * (`cheatsheet-<track>.html`); `deno task cheatsheets [track]` prints them
 * as Markdown.
 *
 * ```sh
 * deno task cheatsheets            # all three tracks, Markdown, to stdout
 * deno task cheatsheets kernel     # one track
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LessonEntry } from "../runner/course.ts";
import { escapeHtml as esc } from "./markdown.ts";
import { Marked, type Tokens } from "./npm.ts";

/** A track: a run of lessons that one cheat sheet covers. */
export interface Track {
  /** Used in the page name: `cheatsheet-<id>.html`. */
  id: string;
  /** The sheet's title. */
  title: string;
  /** First and last lesson number, inclusive. */
  lessons: [number, number];
}

/** The course's three tracks. */
export const TRACKS: readonly Track[] = [
  { id: "generators", title: "Generators and coroutines", lessons: [1, 5] },
  { id: "kernel", title: "The kernel", lessons: [6, 10] },
  { id: "async", title: "Async", lessons: [11, 14] },
];

/**
 * The page file of a track's sheet.
 *
 * @example
 * ```ts
 * import { sheetPage, TRACKS } from "./cheatsheet.ts";
 * console.assert(sheetPage(TRACKS[1]) === "cheatsheet-kernel.html");
 * ```
 */
export function sheetPage(track: Track): string {
  return `cheatsheet-${track.id}.html`;
}

/** A Markdown table, cells as inline Markdown. */
export interface SheetTable {
  /** Header cells. */
  head: string[];
  /** Body rows. */
  rows: string[][];
}

/** What a cheat sheet shows of one lesson. Text fields are inline Markdown. */
export interface LessonSheet {
  /** `01`. */
  number: string;
  /** `01-iterators`. */
  dir: string;
  /** The manifest title. */
  title: string;
  /** The manifest summary. */
  summary: string;
  /** The "Python and JavaScript, side by side" table. */
  table: SheetTable;
  /** From the "Exercises" table: the exercise id and what it builds. */
  builds: { id: string; what: string }[];
  /** The "Check yourself" questions. */
  checks: string[];
}

/** A track's sheet: its lessons, in order. */
export interface TrackSheet {
  /** The track. */
  track: Track;
  /** One entry per lesson of the track. */
  lessons: LessonSheet[];
}

/** The lessons of a track, from the manifest. */
export function lessonsOf(track: Track, lessons: readonly LessonEntry[]): LessonEntry[] {
  return lessons.filter((lesson) => {
    const n = Number.parseInt(lesson.dir, 10);
    return n >= track.lessons[0] && n <= track.lessons[1];
  });
}

/**
 * Pull a lesson's sheet out of its Markdown. Throws, naming the lesson and
 * the section, when the lesson lacks one of the parts a sheet needs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lessonSheet } from "./cheatsheet.ts";
 * const text = [
 *   "# 01 · X", "", "## Python and JavaScript, side by side", "",
 *   "| Python | JavaScript |", "| - | - |", "| `next(it)` | `it.next()` |", "",
 *   "## Exercises", "", "| # | exercise | you build |", "| - | - | - |", "| 1 | `01-x/a` | an a |", "",
 *   "## Check yourself", "", "- Why?",
 * ].join("\n");
 * const sheet = lessonSheet({ dir: "01-x", title: "X", summary: "S.", exercises: [] }, text);
 * assert.deepEqual(sheet.table.rows, [["`next(it)`", "`it.next()`"]]);
 * assert.deepEqual(sheet.builds, [{ id: "01-x/a", what: "an a" }]);
 * assert.deepEqual(sheet.checks, ["Why?"]);
 * ```
 */
export function lessonSheet(entry: LessonEntry, markdown: string): LessonSheet {
  const tokens = new Marked({ gfm: true }).lexer(markdown);
  const after = (heading: RegExp, type: "table" | "list") => {
    const at = tokens.findIndex((t) =>
      t.type === "heading" && t.depth === 2 && heading.test(t.text)
    );
    if (at === -1) throw new Error(`Cannot find a "${heading.source}" section in ${entry.dir}`);
    for (let i = at + 1; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.type === "heading" && token.depth <= 2) break;
      if (token.type === type) return token;
    }
    throw new Error(`Cannot find a ${type} in the "${heading.source}" section of ${entry.dir}`);
  };
  const table = after(/^Python and JavaScript/, "table") as Tokens.Table;
  const exercises = after(/^Exercises?$/, "table") as Tokens.Table;
  const checks = after(/^Check yourself$/, "list") as Tokens.List;
  const column = (name: string) => exercises.header.findIndex((cell) => cell.text === name);
  const [idAt, whatAt] = [column("exercise"), column("you build")];
  if (idAt === -1 || whatAt === -1) {
    throw new Error(`The exercise table of ${entry.dir} needs "exercise" and "you build" columns`);
  }
  return {
    number: entry.dir.split("-")[0],
    dir: entry.dir,
    title: entry.title,
    summary: entry.summary,
    table: {
      head: table.header.map((cell) => cell.text),
      rows: table.rows.map((row) => row.map((cell) => cell.text)),
    },
    builds: exercises.rows.map((row) => ({
      id: row[idAt].text.replace(/`/g, ""),
      what: row[whatAt].text,
    })),
    checks: checks.items.map((item) => item.text.replace(/\s*\n\s*/g, " ")),
  };
}

/** Read every lesson of a track from `root` and build its sheet. */
export async function trackSheet(
  root: string,
  track: Track,
  lessons: readonly LessonEntry[],
): Promise<TrackSheet> {
  const sheets: LessonSheet[] = [];
  for (const entry of lessonsOf(track, lessons)) {
    const text = await Deno.readTextFile(join(root, "lessons", entry.dir, "README.md"));
    sheets.push(lessonSheet(entry, text));
  }
  return { track, lessons: sheets };
}

function range(sheet: TrackSheet): string {
  const numbers = sheet.lessons.map((l) => l.number);
  return `${numbers[0]}–${numbers.at(-1)}`;
}

/**
 * A track's sheet as Markdown.
 *
 * @example
 * ```ts
 * import { sheetMarkdown, TRACKS } from "./cheatsheet.ts";
 * const md = sheetMarkdown({ track: TRACKS[0], lessons: [] });
 * console.assert(md.startsWith("# Cheat sheet: Generators and coroutines"));
 * ```
 */
export function sheetMarkdown(sheet: TrackSheet): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const out = [
    `# Cheat sheet: ${sheet.track.title}${
      sheet.lessons.length ? ` (lessons ${range(sheet)})` : ""
    }`,
    "",
  ];
  for (const lesson of sheet.lessons) {
    out.push(`## ${lesson.number} · ${lesson.title}`, "", `_${lesson.summary}_`, "");
    out.push(`| ${lesson.table.head.map(cell).join(" | ")} |`);
    out.push(`| ${lesson.table.head.map(() => "---").join(" | ")} |`);
    for (const row of lesson.table.rows) out.push(`| ${row.map(cell).join(" | ")} |`);
    out.push("", "You build:", "");
    for (const build of lesson.builds) out.push(`- \`${build.id}\`: ${build.what}`);
    out.push("", "Check yourself:", "");
    for (const check of lesson.checks) out.push(`- ${check}`);
    out.push("");
  }
  return out.join("\n");
}

/**
 * A track's sheet as the body of a printable page (the site's layout goes
 * around it; `site.css` has its print rules).
 *
 * @example
 * ```ts
 * import { sheetHtml, TRACKS } from "./cheatsheet.ts";
 * console.assert(sheetHtml({ track: TRACKS[2], lessons: [] }).includes('class="sheet"'));
 * ```
 */
export function sheetHtml(sheet: TrackSheet): string {
  const inline = new Marked({ gfm: true });
  const md = (text: string) => inline.parseInline(text, { async: false }) as string;
  const lessons = sheet.lessons.map((lesson) => {
    const head = lesson.table.head.map((h) => `<th>${md(h)}</th>`).join("");
    const rows = lesson.table.rows.map((row) =>
      `<tr>${row.map((c) => `<td>${md(c)}</td>`).join("")}</tr>`
    ).join("");
    const builds = lesson.builds.map((b) => `<li><code>${esc(b.id)}</code>: ${md(b.what)}</li>`)
      .join("");
    const checks = lesson.checks.map((c) => `<li>${md(c)}</li>`).join("");
    return `<section class="sheet-lesson" id="lesson-${esc(lesson.number)}">
<h2><span class="num">${esc(lesson.number)}</span> <a href="${esc(lesson.dir)}.html">${
      esc(lesson.title)
    }</a></h2>
<p class="summary">${esc(lesson.summary)}</p>
<table class="pyjs"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>
<h3>You build</h3><ul class="builds">${builds}</ul>
<h3>Check yourself</h3><ul class="checks">${checks}</ul>
</section>`;
  }).join("\n");
  const others = TRACKS.map((t) =>
    t.id === sheet.track.id
      ? `<b>${esc(t.title)}</b>`
      : `<a href="${sheetPage(t)}">${esc(t.title)}</a>`
  ).join(" · ");
  return `<article class="sheet">
<p class="sheet-tracks no-print">Cheat sheets: ${others} · <button type="button" onclick="print()">Print</button></p>
<h1>${esc(sheet.track.title)} <small>lessons ${
    sheet.lessons.length ? range(sheet) : ""
  } · groundup cheat sheet</small></h1>
<div class="sheet-grid">
${lessons}
</div>
<p class="sheet-foot">Generated from <code>lessons/*/README.md</code>. Run any lesson's examples: <code>deno task examples NN</code> · grade on save: <code>deno task watch &lt;id&gt;</code> · hints: <code>deno task hint &lt;id&gt;</code></p>
</article>`;
}

if (import.meta.main) {
  const { manifest } = await import("../runner/manifest.ts");
  const wanted = Deno.args.filter((arg) => !arg.startsWith("-"));
  const unknown = wanted.filter((id) => !TRACKS.some((t) => t.id === id));
  if (unknown.length > 0 || Deno.args.some((arg) => arg.startsWith("-"))) {
    console.error(
      `Cannot make a cheat sheet for ${
        [...unknown, ...Deno.args.filter((a) => a.startsWith("-"))].join(" ")
      }: ` +
        `the tracks are ${TRACKS.map((t) => t.id).join(", ")}`,
    );
    Deno.exit(2);
  }
  const root = fileURLToPath(new URL("..", import.meta.url));
  const tracks = wanted.length ? TRACKS.filter((t) => wanted.includes(t.id)) : TRACKS;
  const parts = [];
  for (const track of tracks) {
    parts.push(sheetMarkdown(await trackSheet(root, track, manifest.lessons)));
  }
  console.log(parts.join("\n---\n\n").trimEnd());
}
