/**
 * `deno task student-edition [dir]` (for instructors): write the course as a
 * class gets it, to `dir` (`student-edition/` by default, which git
 * ignores), ready to push as a GitHub Classroom starter or a template
 * repository:
 *
 * - no `solutions/`, so no references and no known-wrong variants, and no
 *   instructor guide or authoring notes (`lessons/instructors/`,
 *   `lessons/AUTHORING.md`);
 * - every exercise as its guided stub, from `runner/pristine_stubs.json`,
 *   whatever the instructor's own copy holds;
 * - the workflows that suit a class: `grade.yml` (a job summary on every
 *   push) and `classroom.yml` (Classroom's points); not the course's own
 *   self-check or its Pages site;
 * - `deno.json` without the course authors' tasks, and a README that opens
 *   by saying which copy this is.
 *
 * Everything a learner runs works there: `start`, `watch`, `grade`, `hint`,
 * `reset` (guided and `--bare`), and `solution`, which says there is none.
 * `runner/student_edition_test.ts` proves it. The task may write only to
 * `student-edition/`; to write elsewhere, run `runner/main.ts` with your own
 * `--allow-write=<dir>`.
 *
 * @module
 */

import { dirname, join, resolve, sep } from "node:path";
import type { Exercise } from "../course.ts";
import { ROOT } from "../grading/paths.ts";
import type { Flags } from "../main.ts";
import { pristineStub } from "../pristine.ts";

/** What is copied, relative to the repo root; folders whole, except `SKIPPED`. */
export const EDITION_PARTS = [
  ".devcontainer",
  ".ci",
  ".gitignore",
  "LICENSE",
  "README.md",
  "deno.json",
  "deno.lock",
  "deno.dev.lock",
  "exercises",
  "kernel",
  "lessons",
  "runner",
  "web",
  ".github/workflows/grade.yml",
  ".github/workflows/classroom.yml",
];

/** Left out of the copied folders: what learners must not get, and scratch. */
export const SKIPPED = [
  "exercises/.backups",
  "lessons/instructors",
  "lessons/AUTHORING.md",
];

/** Tasks for course authors, which need `solutions/`: not in the edition's deno.json. */
const AUTHOR_TASKS = ["stubs", "student-edition"];

/** The lines the edition's README opens with (wrapped as `deno fmt` wraps them). */
export const EDITION_BANNER = [
  "> **Student edition.** This copy of groundup has no `solutions/` and no instructor guide:",
  "> `deno task solution` says so, and links to them lead nowhere. Everything else works as the README",
  "> says.",
].join("\n");

async function copyTree(from: string, to: string, skip: (path: string) => boolean) {
  const info = await Deno.stat(from);
  if (info.isFile) {
    await Deno.mkdir(dirname(to), { recursive: true });
    await Deno.copyFile(from, to);
    return;
  }
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const path = join(from, entry.name);
    if (skip(path) || entry.isSymlink) continue;
    await copyTree(path, join(to, entry.name), skip);
  }
}

/** Write the student edition to `dir`; exit code 0. */
export async function studentEdition(
  exercises: Exercise[],
  dir: string | undefined,
  _flags: Flags,
): Promise<number> {
  const out = resolve(dir ?? join(ROOT, "student-edition"));
  const under = (path: string, folder: string) => path === folder || path.startsWith(folder + sep);
  if (under(out, ROOT) && !["student-edition", ".out"].some((p) => under(out, join(ROOT, p)))) {
    throw new Error(
      `Cannot write the student edition to ${out} as it is inside the course: use student-edition/ or a folder outside the course`,
    );
  }
  const allowed = await Deno.permissions.query({ name: "write", path: out });
  if (allowed.state !== "granted") {
    throw new Error(
      `Cannot write the student edition to ${out} as this task may only write student-edition/: ` +
        `run deno run --allow-read=. --allow-write=${out} runner/main.ts student-edition ${out}`,
    );
  }
  const entries = await Array.fromAsync(Deno.readDir(out)).catch(() => []);
  if (entries.length > 0) {
    const readme = await Deno.readTextFile(join(out, "README.md")).catch(() => "");
    if (!readme.includes(EDITION_BANNER)) {
      throw new Error(
        `Cannot write the student edition to ${out} as that folder holds something else: choose an empty or new folder`,
      );
    }
    // An edition written before: replace it whole, so nothing stale stays.
    await Deno.remove(out, { recursive: true });
  }
  const skipped = SKIPPED.map((part) => join(ROOT, part));
  const skip = (path: string) => skipped.includes(path);
  for (const part of EDITION_PARTS) {
    const from = join(ROOT, part);
    const exists = await Deno.stat(from).then(() => true, () => false);
    if (exists) await copyTree(from, join(out, part), skip);
  }
  for (const exercise of exercises) {
    await Deno.writeTextFile(join(out, exercise.file), await pristineStub(exercise, "guided"));
  }
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  for (const task of AUTHOR_TASKS) delete config.tasks[task];
  await Deno.writeTextFile(join(out, "deno.json"), JSON.stringify(config, null, 2) + "\n");
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const [title, ...rest] = readme.split("\n");
  await Deno.writeTextFile(join(out, "README.md"), [title, "", EDITION_BANNER, ...rest].join("\n"));
  console.log(`wrote the student edition to ${out}`);
  console.log(
    "Push it as a new repository (mark it as a template for GitHub Classroom); learners start with deno task start.",
  );
  return 0;
}
