/**
 * Where a learner is, read from their files alone: no hidden state that a
 * `git clean` could lose. An exercise file that still equals its stub is
 * "not started"; any other is graded, and passes or is "in progress".
 *
 * @module
 */

import type { Exercise, LessonEntry } from "./course.ts";
import { gradeMany } from "./grading/batch.ts";
import type { GradeResult } from "./grading/grade.ts";
import { ROOT } from "./grading/paths.ts";
import { pristineStub, pristineStubsOf } from "./pristine.ts";
import { join } from "node:path";

/** Where one exercise stands. */
export type ExerciseState = "done" | "in progress" | "not started";

/** An exercise with its state and, when it was graded, the result. */
export interface ExerciseProgress {
  /** The exercise. */
  exercise: Exercise;
  /** Derived from the file and the grade. */
  state: ExerciseState;
  /** The grade, for files that differ from their stub. */
  result?: GradeResult;
  /** When the learner's file was last written, if it has been edited. */
  modified?: Date;
}

/** Read a file of the repo as text, or `undefined` if it is missing. */
export async function readRepoFile(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(join(ROOT, path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** The guided stub of an exercise as shipped (from `runner/pristine_stubs.json`). */
export function stubOf(exercise: Exercise): Promise<string> {
  return pristineStub(exercise, "guided");
}

/** Whether the learner's file is still a stub as shipped, guided or bare. */
export async function isPristine(exercise: Exercise): Promise<boolean> {
  const text = await readRepoFile(exercise.file);
  return text !== undefined && (await pristineStubsOf(exercise)).includes(text);
}

/** Every exercise's state; edited files are graded (in parallel). */
export async function progressOf(
  exercises: Exercise[],
  options: { timeout?: number } = {},
): Promise<ExerciseProgress[]> {
  const pristine = await Promise.all(exercises.map(isPristine));
  const edited = exercises.filter((_, i) => !pristine[i]);
  const results = await gradeMany(edited.map((exercise) => ({ exercise })), options);
  const byId = new Map(results.map((r) => [r.id, r]));
  return await Promise.all(exercises.map(async (exercise, i): Promise<ExerciseProgress> => {
    if (pristine[i]) return { exercise, state: "not started" };
    const result = byId.get(exercise.id)!;
    const modified = (await Deno.stat(join(ROOT, exercise.file)).catch(() => undefined))?.mtime;
    const state = result.status === "pass" ? "done" : "in progress";
    return { exercise, state, result, modified: modified ?? undefined };
  }));
}

/** A lesson's state from its exercises' states. */
export function lessonState(lesson: LessonEntry, progress: ExerciseProgress[]): ExerciseState {
  const mine = progress.filter((p) => p.exercise.lesson.dir === lesson.dir);
  if (mine.every((p) => p.state === "done")) return "done";
  if (mine.every((p) => p.state === "not started")) return "not started";
  return "in progress";
}

/**
 * The exercise to work on next: the one edited most recently that does not
 * pass yet (where the learner stopped), else the first that does not pass.
 * A learner can skip ahead and come back: order only breaks ties.
 */
export function nextExercise(progress: ExerciseProgress[]): ExerciseProgress | undefined {
  const open = progress.filter((p) => p.state !== "done");
  const touched = open.filter((p) => p.modified).sort((a, b) =>
    b.modified!.getTime() - a.modified!.getTime()
  );
  return touched[0] ?? open[0];
}
