/**
 * What a course is made of, and where each part lives on disk.
 *
 * The manifest (`manifest.ts`) is data; this module gives it a shape and
 * derives every path from it, so the runner, the grader, CI and the browser
 * export agree on one layout:
 *
 * ```text
 * lessons/<lesson>/README.md                 the lesson text and its examples
 * exercises/<lesson>/<name>.ts               the learner's file (shipped as a stub)
 * exercises/<lesson>/<name>_grader.ts        the checks, run against any file
 * solutions/<lesson>/<name>.ts               the reference (the stub is made from it)
 * solutions/<lesson>/wrong/<name>_*.ts       known-wrong variants the grader must reject
 * ```
 *
 * @module
 */

/** One exercise, as written in the manifest. */
export interface ExerciseEntry {
  /** File name without `.ts`, snake_case: `range` for `exercises/01-iterators/range.ts`. */
  name: string;
  /** What the learner builds, in a few words. */
  title: string;
  /** Hints, shown one at a time by `deno task hint` and the `h` key in watch mode. */
  hints: string[];
  /** Grant the grading subprocess `--allow-net=127.0.0.1` (TCP exercises only). */
  net?: boolean;
}

/** One lesson, as written in the manifest. */
export interface LessonEntry {
  /** Folder name under `lessons/`, `exercises/` and `solutions/`: `01-iterators`. */
  dir: string;
  /** The lesson's title. */
  title: string;
  /** One sentence: what the learner can do after it. */
  summary: string;
  /** The lesson's exercises, in the order they are meant to be done. */
  exercises: ExerciseEntry[];
}

/** The whole manifest. */
export interface Manifest {
  /** Bumped when the manifest's shape changes. */
  formatVersion: 1;
  /** Shown by `deno task start` above the progress bar. */
  welcome: string;
  /** Shown when every exercise passes. */
  finale: string;
  /** Every lesson, in course order. */
  lessons: LessonEntry[];
}

/** An exercise with the paths the runner needs, relative to the repo root. */
export interface Exercise extends ExerciseEntry {
  /** `<lesson dir>/<name>`: what learners type, `01-iterators/range`. */
  id: string;
  /** The lesson it belongs to. */
  lesson: LessonEntry;
  /** Its position in the whole course, from 1. */
  number: number;
  /** The learner's file: `exercises/01-iterators/range.ts`. */
  file: string;
  /** The checks: `exercises/01-iterators/range_grader.ts`. */
  grader: string;
  /** The reference: `solutions/01-iterators/range.ts`. */
  solution: string;
  /** The folder of known-wrong variants: `solutions/01-iterators/wrong`. */
  wrongDir: string;
}

/** Flatten a manifest into exercises with their paths, in course order. */
export function exercisesOf(manifest: Manifest): Exercise[] {
  const out: Exercise[] = [];
  for (const lesson of manifest.lessons) {
    for (const entry of lesson.exercises) {
      out.push({
        ...entry,
        id: `${lesson.dir}/${entry.name}`,
        lesson,
        number: out.length + 1,
        file: `exercises/${lesson.dir}/${entry.name}.ts`,
        grader: `exercises/${lesson.dir}/${entry.name}_grader.ts`,
        solution: `solutions/${lesson.dir}/${entry.name}.ts`,
        wrongDir: `solutions/${lesson.dir}/wrong`,
      });
    }
  }
  return out;
}

/** Path of a lesson's text, relative to the repo root. */
export function lessonText(lesson: LessonEntry): string {
  return `lessons/${lesson.dir}/README.md`;
}

/**
 * Find an exercise by id (`01-iterators/range`), by bare name (`range`) when
 * that is unambiguous, or by number (`2`). Throws with the list of ids when
 * nothing matches, so a typo is answered with the right spelling.
 */
export function findExercise(exercises: Exercise[], query: string): Exercise {
  const byId = exercises.find((e) => e.id === query);
  if (byId) return byId;
  if (/^\d+$/.test(query)) {
    const byNumber = exercises[Number(query) - 1];
    if (byNumber) return byNumber;
  }
  const byName = exercises.filter((e) => e.name === query);
  if (byName.length === 1) return byName[0];
  const known = exercises.map((e) => `  ${e.number}. ${e.id}`).join("\n");
  const why = byName.length > 1 ? "it names more than one exercise" : "no exercise has that id";
  throw new Error(`Cannot find exercise "${query}" as ${why}; the exercises are:\n${known}`);
}

/**
 * Check the manifest's own consistency: unique lesson folders and exercise
 * names, snake_case names, a title and at least one hint each. Returns the
 * problems found, each naming where it is; an empty list means valid.
 */
export function manifestProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  const dirs = new Set<string>();
  for (const [i, lesson] of manifest.lessons.entries()) {
    const where = `lessons[${i}] ("${lesson.dir}")`;
    if (!/^\d\d-[a-z0-9-]+$/.test(lesson.dir)) {
      problems.push(`${where}: dir must look like "01-iterators"`);
    }
    if (dirs.has(lesson.dir)) problems.push(`${where}: dir is listed twice`);
    dirs.add(lesson.dir);
    if (!lesson.title.trim()) problems.push(`${where}: title is empty`);
    if (lesson.exercises.length === 0) problems.push(`${where}: has no exercise`);
    const names = new Set<string>();
    for (const [j, exercise] of lesson.exercises.entries()) {
      const at = `${where}.exercises[${j}] ("${exercise.name}")`;
      if (!/^[a-z][a-z0-9_]*$/.test(exercise.name)) {
        problems.push(`${at}: name must be snake_case`);
      }
      if (exercise.name.endsWith("_grader")) problems.push(`${at}: name must not end in _grader`);
      if (names.has(exercise.name)) problems.push(`${at}: name is listed twice in this lesson`);
      names.add(exercise.name);
      if (!exercise.title.trim()) problems.push(`${at}: title is empty`);
      if (exercise.hints.length === 0) problems.push(`${at}: needs at least one hint`);
    }
  }
  return problems;
}
