/**
 * README.md cannot drift from the manifest: its course map lists every
 * lesson, in order, each linked to its folder, and its "Start here" keeps
 * the two commands (and their npx form for Node-only machines).
 *
 * @module
 */

import assert from "node:assert/strict";
import { manifest } from "./manifest.ts";

const readme = await Deno.readTextFile("README.md");

/** The text of a `## heading` section, up to the next one. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.notEqual(start, -1, `README.md has a "## ${heading}" section`);
  return readme.slice(start + 1).split("\n## ")[0];
}

Deno.test("README's course map lists every manifest lesson, in order, linked to its folder", () => {
  const rows = section("Course map").split("\n").filter((line) => /^\| \d\d /.test(line));
  assert.deepEqual(
    rows.map((row) => row.split("|")[1].trim()),
    manifest.lessons.map((lesson) => lesson.dir.split("-")[0]),
    "one row per lesson, in manifest order",
  );
  for (const [i, lesson] of manifest.lessons.entries()) {
    assert.ok(
      rows[i].includes(`[${lesson.title}](lessons/${lesson.dir}/)`),
      `the course map names "${lesson.title}" and links lessons/${lesson.dir}/`,
    );
  }
});

Deno.test("README's Start here keeps the two commands, for Deno and for Node-only machines", () => {
  const start = section("Start here");
  for (const command of ["deno task start", "deno task test"]) {
    assert.ok(start.includes(command), command);
    assert.ok(start.includes(command.replace("deno task", "npx -y deno@2 task")), `npx ${command}`);
  }
  for (const way of ["Codespaces", ".devcontainer/devcontainer.json", "deno task export"]) {
    assert.ok(start.includes(way), `Start here mentions ${way}`);
  }
  assert.ok(section("For instructors").includes("lessons/instructors/"), "links the guide");
});

Deno.test("README says how to work without scaffolding, how to hand out a student edition, and the license", () => {
  for (const text of ["deno task reset <id> --bare", "deno task student-edition", "LICENSE"]) {
    assert.ok(readme.includes(text), text);
  }
  assert.match(section("How the course works"), /a\s+bare number is a lesson/);
});
