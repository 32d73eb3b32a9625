/**
 * Grading many files at once: one type-check for all of them, then one
 * subprocess each, as many at a time as there are cores.
 *
 * @module
 */

import type { Exercise } from "../course.ts";
import { gradeFile, type GradeResult } from "./grade.ts";
import { ROOT } from "./paths.ts";
import { typecheck } from "./typecheck.ts";

/** One file to grade against one exercise's grader. */
export interface Job {
  /** The exercise whose grader runs. */
  exercise: Exercise;
  /** The file under test, relative to the repo root. @default exercise.file */
  file?: string;
}

/** Options for {@linkcode gradeMany}. */
export interface BatchOptions {
  /** Seconds before one run is killed. @default 10 */
  timeout?: number;
  /** The base seed of the generated checks. @default fixed per exercise */
  seed?: number;
  /** Called as each result arrives, in completion order. */
  onResult?: (result: GradeResult) => void;
}

/** Grade every job; results come back in the jobs' order. */
export async function gradeMany(jobs: Job[], options: BatchOptions = {}): Promise<GradeResult[]> {
  const files = jobs.map((job) => job.file ?? job.exercise.file);
  const diagnostics = await typecheck([...new Set(files)], ROOT);
  const results: GradeResult[] = new Array(jobs.length);
  let nextJob = 0;
  const worker = async () => {
    while (nextJob < jobs.length) {
      const i = nextJob++;
      const { exercise } = jobs[i];
      const file = files[i];
      const diagnostic = diagnostics.get(file);
      results[i] = diagnostic
        ? { id: exercise.id, file, status: "error", message: diagnostic, checks: [], output: "" }
        : await gradeFile(exercise, { file, timeout: options.timeout, seed: options.seed });
      options.onResult?.(results[i]);
    }
  };
  const lanes = Math.max(1, Math.min(navigator.hardwareConcurrency, jobs.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return results;
}
