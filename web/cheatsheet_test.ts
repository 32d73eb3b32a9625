import assert from "node:assert/strict";
import { manifest } from "../runner/manifest.ts";
import {
  lessonsOf,
  sheetHtml,
  sheetMarkdown,
  sheetPage,
  TRACKS,
  trackSheet,
} from "./cheatsheet.ts";
import { cheatsheetPage, layout } from "./pages.ts";

Deno.test("the three tracks cover every lesson of the manifest once, in order", () => {
  const covered = TRACKS.flatMap((track) => lessonsOf(track, manifest.lessons).map((l) => l.dir));
  assert.deepEqual(covered, manifest.lessons.map((l) => l.dir));
  assert.deepEqual(TRACKS.map((t) => t.id), ["generators", "kernel", "async"]);
});

for (const track of TRACKS) {
  Deno.test(`the ${track.id} sheet finds a table, exercises and a check-yourself list in every lesson`, async () => {
    const sheet = await trackSheet(".", track, manifest.lessons);
    assert.ok(sheet.lessons.length >= 4, `${track.id} has its lessons`);
    for (const lesson of sheet.lessons) {
      const entry = manifest.lessons.find((l) => l.dir === lesson.dir)!;
      assert.ok(lesson.table.head.length >= 2, `${lesson.dir}: the side-by-side table has columns`);
      assert.match(lesson.table.head[0], /Python/, `${lesson.dir}: the table starts with Python`);
      assert.ok(lesson.table.rows.length >= 3, `${lesson.dir}: the table has rows`);
      for (const row of lesson.table.rows) {
        assert.equal(row.length, lesson.table.head.length, `${lesson.dir}: a full row`);
      }
      assert.ok(lesson.checks.length >= 3, `${lesson.dir}: the check-yourself list`);
      assert.deepEqual(
        lesson.builds.map((b) => b.id),
        entry.exercises.map((e) => `${entry.dir}/${e.name}`),
        `${lesson.dir}: the exercise table lists the manifest's exercises`,
      );
      assert.equal(lesson.summary, entry.summary);
    }
    const markdown = sheetMarkdown(sheet);
    const html = sheetHtml(sheet);
    for (const lesson of sheet.lessons) {
      assert.ok(markdown.includes(`## ${lesson.number} · ${lesson.title}`), lesson.dir);
      assert.ok(html.includes(`href="${lesson.dir}.html"`), `${lesson.dir} links its page`);
      for (const check of lesson.checks) {
        assert.ok(markdown.includes(`- ${check}`), `${lesson.dir}: "${check}" in Markdown`);
      }
    }
    assert.doesNotMatch(html, /<td>[^<]*`/, "inline code is rendered, not left as backticks");
  });
}

Deno.test("a cheat sheet page sits in the site's layout, linked from every page", async () => {
  const site = { lessons: [], repoLink: (path: string) => path };
  const sheet = await trackSheet(".", TRACKS[1], manifest.lessons);
  const html = cheatsheetPage(site, sheet);
  assert.match(html, /<title>Cheat sheet: The kernel · groundup<\/title>/);
  assert.match(html, /<a href="cheatsheet-kernel.html" aria-current="page">The kernel<\/a>/);
  const elsewhere = layout(site, "x", "", "index.html");
  for (const track of TRACKS) assert.ok(elsewhere.includes(`href="${sheetPage(track)}"`));
});
