/**
 * The stubs as shipped, kept in one generated, checked-in file,
 * `runner/pristine_stubs.json`, so the course works without `solutions/`.
 *
 * Stubs are made from the references (`stubs.ts`, `bare_stubs.ts`), but a
 * learner's copy may have no references at all: the student edition an
 * instructor hands out, a Classroom repository, a learner who deleted
 * `solutions/` to avoid temptation. So the runner never derives a stub at
 * run time. `start`, `watch` and `grade` tell "not started" by comparing a
 * file with its stored stub, and `reset` writes the stored stub back: no
 * git, no network and no reference needed, in a fork, a template copy, a
 * zip download or the student edition alike.
 *
 * `deno task stubs` (course authors) writes the file from `solutions/`, and
 * the course's self-check fails when it is out of step with them.
 *
 * @module
 */

import { join } from "node:path";
import { bareFromSolution } from "./bare_stubs.ts";
import type { Exercise } from "./course.ts";
import { ROOT } from "./grading/paths.ts";
import { stubFromSolution } from "./stubs.ts";

/** Where the store lives, relative to the repo root. */
export const PRISTINE_FILE = "runner/pristine_stubs.json";

/** Which stub: the guided one (the default, with TODOs) or the bare one. */
export type StubKind = "guided" | "bare";

/** One exercise's stubs, as shipped. */
export interface PristineStubs {
  /** The stub with its TODOs: what `exercises/` holds in a fresh clone. */
  guided: string;
  /** The stub with only the API, for exercises whose manifest entry says `bare`. */
  bare?: string;
}

/** The store's shape. */
export interface PristineStore {
  /** Says the file is generated, and how. */
  generated: string;
  /** Stubs by exercise id, in course order. */
  stubs: Record<string, PristineStubs>;
}

const GENERATED = "by deno task stubs from solutions/: do not edit (runner/pristine.ts says why)";

let cached: Promise<PristineStore> | undefined;

/** Read the store (once per process). */
export function loadPristine(): Promise<PristineStore> {
  cached ??= (async () => {
    const path = join(ROOT, PRISTINE_FILE);
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      throw new Error(
        `Cannot find ${PRISTINE_FILE}, the stubs as shipped: restore it from your copy of the course (git checkout -- ${PRISTINE_FILE})`,
      );
    }
    try {
      return JSON.parse(text) as PristineStore;
    } catch (error) {
      throw new Error(`Cannot read ${PRISTINE_FILE} as JSON: ${(error as Error).message}`);
    }
  })();
  return cached;
}

/** The stub of `exercise` as shipped; throws, saying what to do, when the store lacks it. */
export async function pristineStub(exercise: Exercise, kind: StubKind = "guided"): Promise<string> {
  const stub = (await loadPristine()).stubs[exercise.id]?.[kind];
  if (stub === undefined) {
    throw new Error(
      `Cannot find the ${kind} stub of ${exercise.id} in ${PRISTINE_FILE}: course authors, run deno task stubs`,
    );
  }
  return stub;
}

/** Every stub as shipped of one exercise, for telling "not started". */
export async function pristineStubsOf(exercise: Exercise): Promise<string[]> {
  const stubs = (await loadPristine()).stubs[exercise.id];
  return stubs ? [stubs.guided, ...(stubs.bare === undefined ? [] : [stubs.bare])] : [];
}

/** Make the store's text from the references (`read` gives a file's text, or `undefined`). */
export async function storeFromSolutions(
  exercises: Exercise[],
  read: (path: string) => Promise<string | undefined>,
): Promise<string> {
  const store: PristineStore = { generated: GENERATED, stubs: {} };
  for (const exercise of exercises) {
    const solution = await read(exercise.solution);
    if (solution === undefined) {
      throw new Error(
        `Cannot make the stubs of ${exercise.id} as ${exercise.solution} is missing: stubs are made from the references, which only the course's own repository has`,
      );
    }
    const entry: PristineStubs = { guided: stubFromSolution(solution, exercise.solution) };
    if (exercise.bare) entry.bare = bareFromSolution(solution, exercise.id);
    store.stubs[exercise.id] = entry;
  }
  return JSON.stringify(store, null, 2) + "\n";
}
