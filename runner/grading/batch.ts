/**
 * Grading many files at once: one import check and one type-check for all
 * of them (side by side), then one subprocess each, as many at a time as
 * there are cores.
 *
 * @module
 */

import type { Exercise } from "../course.ts";
import { exercisesOf } from "../course.ts";
import { manifest } from "../manifest.ts";
import { gradeFile, type GradeResult } from "./grade.ts";
import { IMPORT_CHECK, importProblems } from "./imports.ts";
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
  /**
   * Grade each passing file again under this many fresh seeds, stopping at
   * the first that fails (`--explore`); that result, with its `seed`, is
   * the one returned. @default 0
   */
  explore?: number;
  /** Where `explore`'s fresh seeds come from. @default {@linkcode freshSeed} */
  seeds?: () => number;
  /** Called as each result arrives, in completion order. */
  onResult?: (result: GradeResult) => void;
}

/** A fresh base seed, in the range the default seeds use. */
export function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000;
}

/** Symbolic links under `dir` (relative to the root), which could lead a graded file anywhere. */
export async function symlinksIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (path: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(`${ROOT}/${path}`));
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = `${path}/${entry.name}`;
      if (entry.isSymlink) found.push(child);
      else if (entry.isDirectory) await walk(child);
    }
  };
  await walk(dir);
  return found;
}

function failed(exercise: Exercise, file: string, status: "fail" | "error", message: string) {
  return { id: exercise.id, file, status, message, checks: [], output: "" } satisfies GradeResult;
}

/** Grade every job; results come back in the jobs' order. */
export async function gradeMany(jobs: Job[], options: BatchOptions = {}): Promise<GradeResult[]> {
  const files = jobs.map((job) => job.file ?? job.exercise.file);
  const course = exercisesOf(manifest);
  const known = new Set(course.map((e) => e.id));
  const extra = jobs.map((job) => job.exercise).filter((e) => !known.has(e.id));
  const unique = [...new Set(files)];
  // Why not wait for the import check before grading: it runs in a process
  // of its own (~0.5 s) while the graded runs go on in their sandbox, which
  // must hold whatever the file does; its verdict replaces a run's result.
  const importing = importProblems(
    jobs.map((job, i) => ({ exercise: job.exercise, file: files[i] })),
    [...course, ...extra],
  ).catch((error) =>
    // What cannot be checked is not trusted: every file is refused, and the runner goes on.
    new Map(files.map((file) => [file, {
      message: `grading could not check what ${file} imports (${
        error instanceof Error ? error.message.split("\n")[0] : String(error)
      }): grade again, and report it if it stays`,
      unreadable: false,
    }]))
  );
  const [links, firstDiagnostics] = await Promise.all([
    symlinksIn("exercises"),
    typecheck(unique, ROOT),
  ]);
  let diagnostics = firstDiagnostics;
  // A forbidden import can make the type-check fail for the whole batch;
  // then wait for the import check, and check the others again without the
  // files it refused.
  const shared = new Set(diagnostics.values()).size === 1 && diagnostics.size === unique.length;
  if (shared && unique.length > 1) {
    const refused = await importing;
    if (refused.size > 0) {
      diagnostics = await typecheck(unique.filter((f) => !refused.has(f)), ROOT);
    }
  }

  const results: GradeResult[] = new Array(jobs.length);
  let nextJob = 0;
  const worker = async () => {
    while (nextJob < jobs.length) {
      const i = nextJob++;
      const { exercise } = jobs[i];
      const file = files[i];
      const diagnostic = diagnostics.get(file);
      if (links.length > 0 && file.startsWith("exercises/")) {
        results[i] = failed(
          exercise,
          file,
          "error",
          `${
            links[0]
          } is a symbolic link: grading reads only real files, as a link could lead to the solutions. Replace it with a copy of the file it points to`,
        );
      } else if (diagnostic) {
        results[i] = failed(exercise, file, "error", diagnostic);
      } else {
        results[i] = await gradeFile(exercise, {
          file,
          timeout: options.timeout,
          seed: options.seed,
        }).catch((error) =>
          // Why catch: one file the runner cannot grade must not stop the others.
          failed(exercise, file, "error", `the runner could not grade ${file}: ${error}`)
        );
        for (let n = 0; n < (options.explore ?? 0) && results[i].status === "pass"; n++) {
          const seed = (options.seeds ?? freshSeed)();
          const result = await gradeFile(exercise, { file, timeout: options.timeout, seed });
          const replay = `deno task grade ${exercise.id} --seed ${seed}`;
          results[i] = result.status === "pass" || result.message.includes(replay) ? result : {
            ...result,
            message:
              `${result.message}\nFound by --explore under seed ${seed}: replay it with ${replay}`,
          };
        }
      }
      const problem = (await importing).get(file);
      // A file that does not parse is better told by the type-check, when it says so.
      const explained = problem?.unreadable && diagnostic !== undefined;
      if (problem && !explained && !(links.length > 0 && file.startsWith("exercises/"))) {
        results[i] = {
          ...failed(exercise, file, "fail", `check "${IMPORT_CHECK}": ${problem.message}`),
          checks: [{ name: IMPORT_CHECK, status: "fail", message: problem.message }],
        };
      }
      options.onResult?.(results[i]);
    }
  };
  const lanes = Math.max(1, Math.min(navigator.hardwareConcurrency, jobs.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return results;
}
