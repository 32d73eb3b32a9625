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
 * solutions/<lesson>/wrong/<name>.variants.md known-wrong variants (patches) the grader must reject
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
  /**
   * Offer a bare stub too (`deno task reset <id> --bare`): only the exported
   * API, its types and doc comments, for a learner who wants no scaffolding.
   */
  bare?: boolean;
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

/** What a bare number means in every command: a lesson, `6` or `06` for `06-traps`. */
export const NUMBER_MEANS =
  "A bare number is a lesson in every command: 6 and 06 both mean 06-traps";

/** Which exercises offer a bare stub, in a few words: whole lessons by number, others by name. */
export function bareOffer(exercises: Exercise[]): string {
  const lessons = [...new Set(exercises.map((e) => e.lesson))];
  const whole = lessons.filter((l) => l.exercises.every((e) => e.bare));
  const others = exercises.filter((e) => e.bare && !whole.includes(e.lesson)).map((e) => e.name);
  const parts = [
    ...(whole.length ? [`lessons ${whole.map((l) => l.dir.slice(0, 2)).join(", ")}`] : []),
    ...others,
  ];
  return parts.join(" and ");
}

/** The lesson a query names: its folder (`06-traps`) or its number (`6`, `06`). */
export function findLesson(lessons: LessonEntry[], query: string): LessonEntry | undefined {
  const byDir = lessons.find((l) => l.dir === query || l.dir === query.replace(/\/$/, ""));
  if (byDir) return byDir;
  if (/^\d{1,2}$/.test(query)) {
    return lessons.find((l) => Number(l.dir.slice(0, 2)) === Number(query));
  }
  return undefined;
}

function lessonsOf(exercises: Exercise[]): LessonEntry[] {
  return [...new Set(exercises.map((e) => e.lesson))];
}

function unknown(exercises: Exercise[], query: string, why: string): Error {
  const known = lessonsOf(exercises).map((l) =>
    `  ${l.dir}: ${exercises.filter((e) => e.lesson === l).map((e) => e.name).join(", ")}`
  ).join("\n");
  return new Error(
    `Cannot find "${query}" as ${why}; give an exercise (01-iterators/range, or range) or a lesson (01-iterators, or 1):\n${known}`,
  );
}

/**
 * The exercises a query names, in course order: one exercise by id
 * (`01-iterators/range`) or by bare name (`range`) when that is unambiguous,
 * or a whole lesson by folder (`06-traps`) or number (`6`, `06`). Throws
 * with the list of lessons and exercises when nothing matches, so a typo is
 * answered with the right spelling.
 */
export function selectExercises(exercises: Exercise[], query: string): Exercise[] {
  const byId = exercises.find((e) => e.id === query);
  if (byId) return [byId];
  const lesson = findLesson(lessonsOf(exercises), query);
  if (lesson) return exercises.filter((e) => e.lesson === lesson);
  if (/^\d+$/.test(query)) throw unknown(exercises, query, `no lesson has the number ${query}`);
  const byName = exercises.filter((e) => e.name === query);
  if (byName.length === 1) return byName;
  const why = byName.length > 1
    ? "it names more than one exercise"
    : "no exercise or lesson has that name";
  throw unknown(exercises, query, why);
}

/**
 * Find one exercise, as {@linkcode selectExercises} reads the query. A
 * lesson with one exercise names that exercise; a lesson with more is
 * answered with the ids to choose from.
 */
export function findExercise(exercises: Exercise[], query: string): Exercise {
  const found = selectExercises(exercises, query);
  if (found.length === 1) return found[0];
  throw new Error(
    `Cannot pick one exercise from "${query}" as it names lesson ${
      found[0].lesson.dir
    }, which has ${found.length}: ${found.map((e) => e.id).join(", ")}`,
  );
}

/** Every exercise the queries name, once each, in course order (all of them for no query). */
export function selectAll(exercises: Exercise[], queries: string[]): Exercise[] {
  if (queries.length === 0) return exercises;
  const chosen = new Set(queries.flatMap((q) => selectExercises(exercises, q)));
  return exercises.filter((e) => chosen.has(e));
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
