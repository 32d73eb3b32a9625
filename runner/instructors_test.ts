/**
 * The instructor guide (`lessons/instructors/`) cannot drift from the
 * course: it covers every lesson of the manifest and names every known-wrong
 * variant, each plan's minutes add up to its total (and its start times to
 * its minutes), and every `deno task` it tells someone to run exists.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { exercisesOf } from "./course.ts";
import { manifest } from "./manifest.ts";
import { knownWrongOf } from "./variants/bank.ts";

const DIR = "lessons/instructors";
const FILES = ["README.md", "generators.md", "kernel.md", "async.md"];
/** A student edition ships without the guide (or solutions/): then there is nothing to check. */
const present = [DIR, "solutions"].every((path) => {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
});
const texts: Record<string, string> = present
  ? Object.fromEntries(FILES.map((file) => [file, Deno.readTextFileSync(join(DIR, file))]))
  : {};
const all = Object.values(texts).join("\n");
const ignore = !present;
const skipped = present ? "" : " (skipped: no guide or solutions/ in this copy)";

Deno.test({
  name: "the instructor guide has a section for every lesson of the manifest" + skipped,
  ignore,
  fn: () => {
    for (const lesson of manifest.lessons) {
      const heading = `## ${lesson.dir.split("-")[0]} · ${lesson.title}`;
      const count = all.split("\n").filter((line) => line === heading).length;
      assert.equal(count, 1, `one "${heading}" section in ${DIR}/`);
    }
    for (
      const part of ["The one idea", "Live-coding script", "Questions learners ask", "Mistakes"]
    ) {
      const count = all.split("\n").filter((line) => line.startsWith(`**${part}`)).length;
      assert.equal(count, manifest.lessons.length, `every lesson has its "${part}" part`);
    }
  },
});

Deno.test({
  name: "the instructor guide names every known-wrong variant" + skipped,
  ignore,
  fn: async () => {
    for (const exercise of exercisesOf(manifest)) {
      for (const variant of await knownWrongOf(exercise)) {
        assert.ok(
          all.includes(`\`${variant.name}\``),
          `${variant.source} is in the guide's mistakes`,
        );
      }
    }
  },
});

/** A plan's rows: `| 0:15 | 01 Iterables ... | 15 | ... |`, and its total. */
function plan(heading: string) {
  const text = texts["README.md"];
  const start = text.indexOf(`\n## ${heading}`);
  assert.notEqual(start, -1, `README.md has a "${heading}" section`);
  const section = text.slice(start + 1).split("\n## ")[0];
  const rows = section.split("\n").filter((line) => line.startsWith("|"))
    .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
  const body = rows.filter((cells) => /^\d+:\d\d$/.test(cells[0]));
  const total = rows.find((cells) => cells[1] === "**Total**");
  assert.ok(total, `${heading} has a **Total** row`);
  return { body, total: Number(total[2].replace(/\*/g, "")) };
}

for (const heading of ["Half-day plan", "Full-day plan"]) {
  Deno.test({
    name: `the ${heading.toLowerCase()} adds up and covers every lesson` + skipped,
    ignore,
    fn: () => {
      const { body, total } = plan(heading);
      let clock = 0;
      for (const [starts, block, minutes] of body) {
        const [h, m] = starts.split(":").map(Number);
        assert.equal(h * 60 + m, clock, `"${block}" starts when the block before it ends`);
        clock += Number(minutes);
      }
      assert.equal(clock, total, `${heading}: the minutes add up to the total`);
      assert.ok(body.some(([, block]) => /^Setup/.test(block)), "setup is in the plan");
      assert.ok(body.some(([, block]) => /^(Break|Lunch)/.test(block)), "breaks are in the plan");
      for (const lesson of manifest.lessons) {
        const row = `${lesson.dir.split("-")[0]} ${lesson.title}`;
        assert.ok(body.some(([, block]) => block === row), `${heading} has a row "${row}"`);
      }
    },
  });
}

Deno.test({
  name: "every deno task the guide names exists" + skipped,
  ignore,
  fn: async () => {
    const tasks = Object.keys(JSON.parse(await Deno.readTextFile("deno.json")).tasks);
    const named = new Set([...all.matchAll(/deno@?2? task ([\w:-]+)/g)].map((m) => m[1]));
    assert.ok(named.size > 5, "the guide names tasks");
    for (const task of named) assert.ok(tasks.includes(task), `deno task ${task} exists`);
  },
});
