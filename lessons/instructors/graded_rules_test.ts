/**
 * `graded_rules.md` (the audit of where each graded rule is taught) cannot
 * drift from the graders: every check of every grader has exactly one row,
 * no row outlives its check, and every reference points at something real,
 * taught no later than the exercise that grades it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { exercisesOf, lessonText } from "../../runner/course.ts";
import { ROOT, toFileUrl } from "../../runner/grading/paths.ts";
import type { Grader } from "../../runner/grading/grader.ts";
import { manifest } from "../../runner/manifest.ts";

const TABLE = "lessons/instructors/graded_rules.md";

/** One row of the audit: a check, where it is taught, and where the row is. */
interface Row {
  check: string;
  refs: string[];
  line: number;
}

/** The rows of the audit, by exercise id (`01-iterators/range`). */
function parseTable(text: string): Map<string, Row[]> {
  const tables = new Map<string, Row[]>();
  let current: Row[] | undefined;
  for (const [i, line] of text.split("\n").entries()) {
    const heading = /^## (\S+\/\S+)$/.exec(line);
    if (heading) {
      assert.ok(!tables.has(heading[1]), `${TABLE}:${i + 1}: a second "## ${heading[1]}"`);
      tables.set(heading[1], current = []);
      continue;
    }
    if (line.startsWith("## ")) current = undefined;
    if (!current || !line.startsWith("|")) continue;
    const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
    assert.equal(cells.length, 2, `${TABLE}:${i + 1}: a row has two cells, check and references`);
    const [check, where] = cells;
    if (check === "check" || /^-+$/.test(check)) continue; // the header and its rule
    current.push({ check, refs: where.split(";").map((ref) => ref.trim()), line: i + 1 });
  }
  return tables;
}

/** The section headings (`##`, `###`) of each lesson, by its number (`"01"`). */
async function lessonHeadings(): Promise<Map<string, Set<string>>> {
  const headings = new Map<string, Set<string>>();
  for (const lesson of manifest.lessons) {
    const text = await Deno.readTextFile(join(ROOT, lessonText(lesson)));
    const titles = text.split("\n").flatMap((line) => /^#{2,3} (.+)$/.exec(line)?.[1] ?? []);
    headings.set(lesson.dir.slice(0, 2), new Set(titles));
  }
  return headings;
}

const exercises = exercisesOf(manifest);
const tables = parseTable(await Deno.readTextFile(join(ROOT, TABLE)));

Deno.test("graded_rules.md has one section per exercise of the manifest, and no other", () => {
  assert.deepEqual([...tables.keys()].sort(), exercises.map((e) => e.id).sort());
});

for (const exercise of exercises) {
  Deno.test(`graded_rules.md: every check of ${exercise.id} has one row, and every row a check`, async () => {
    const grader: Grader<unknown> = (await import(toFileUrl(exercise.grader))).default;
    const rows = tables.get(exercise.id) ?? [];
    const checks = Object.keys(grader.checks);
    for (const check of checks) {
      const count = rows.filter((row) => row.check === check).length;
      assert.equal(
        count,
        1,
        `${TABLE}, "## ${exercise.id}": the check "${check}" of ${exercise.grader} needs one row ` +
          `(it has ${count}): write where the learner reads its rule, and if nowhere, teach it first`,
      );
    }
    for (const row of rows) {
      assert.ok(
        checks.includes(row.check),
        `${TABLE}:${row.line}: "${row.check}" is not a check of ${exercise.grader} (renamed or removed?)`,
      );
    }
  });
}

Deno.test("graded_rules.md: every reference is real, and taught no later than its exercise", async () => {
  const headings = await lessonHeadings();
  for (const exercise of exercises) {
    const solution = await Deno.readTextFile(join(ROOT, exercise.solution));
    const own = exercise.lesson.dir.slice(0, 2);
    for (const row of tables.get(exercise.id) ?? []) {
      const where = `${TABLE}:${row.line} ("${row.check}")`;
      assert.ok(row.refs.some((ref) => ref !== ""), `${where}: say where its rule is taught`);
      for (const ref of row.refs) {
        const section = /^(\d\d) § (.+)$/.exec(ref);
        const doc = /^doc(?: `([^`]+)`)?$/.exec(ref);
        if (section) {
          const [, lesson, heading] = section;
          assert.ok(
            headings.get(lesson)?.has(heading),
            `${where}: lesson ${lesson} has no section "${heading}"`,
          );
          assert.ok(lesson <= own, `${where}: lesson ${lesson} comes after ${exercise.id}`);
        } else if (doc) {
          const name = doc[1];
          assert.ok(
            name === undefined || solution.includes(name),
            `${where}: ${exercise.solution} has no "${name}" to carry that doc comment`,
          );
        } else {
          assert.fail(`${where}: "${ref}" is neither "NN § Heading" nor "doc" nor "doc \`name\`"`);
        }
      }
    }
  }
});
