/**
 * `deno task mutate [id...] [--write] [--json] [--timeout <s>]`: for course
 * authors, how strong each grader is.
 *
 * Every reference is mutated with the operators of `mutants.ts`, each mutant
 * is graded by the exercise's grader exactly as a learner's file would be,
 * and the result is a table: per exercise, how many mutants, how many the
 * grader killed (status other than `pass`), how many survived, how many are
 * known to be equivalent (`equivalent.ts`), and how many do not compile
 * (left out of the score: a type error says nothing about the grader). The
 * survivors are listed with their change, so each one is either killed by a
 * new check or explained as equivalent.
 *
 * `--write` puts the table into `lessons/instructors/mutation.md`, between
 * its `<!-- mutation-table -->` markers. It takes minutes, not seconds, and
 * is not part of `deno task test`.
 *
 * Mutants are written to `.mutants/<lesson>/` (ignored by git), at the same
 * depth as `solutions/<lesson>/`, so their relative imports resolve as the
 * reference's do. A reference that imports another exercise's reference
 * (echo_server imports `./select_loop.ts`, asleep
 * `../09-futures/wait_future.ts`) gets a copy of it in `.mutants/`, where a
 * learner's file finds their own earlier exercise: the graded run may not
 * read `solutions/` (`runner/grading/grade.ts`), and the import check lets a
 * file import another exercise only from its own tree, so a mutant is graded
 * exactly as a learner's file is, with nothing of the sandbox loosened.
 * Each exercise's reference is graded first from the same place, as a
 * control: if it does not pass, the run stops instead of counting every
 * mutant killed.
 *
 * @module
 */

import { join, posix } from "node:path";
import { type Exercise, exercisesOf, findExercise } from "../course.ts";
import { gradeMany, type Job } from "../grading/batch.ts";
import { IMPORT_CHECK } from "../grading/imports.ts";
import { ROOT } from "../grading/paths.ts";
import { manifest } from "../manifest.ts";
import { equivalentMutants } from "./equivalent.ts";
import { type Mutant, mutantsOf } from "./mutants.ts";

/** How one mutant fared. */
export type Verdict = "killed" | "survived" | "equivalent" | "invalid";

/** One mutant's grade. */
export interface MutantResult {
  /** The mutant. */
  mutant: Omit<Mutant, "text">;
  /** The file it was written to. */
  file: string;
  /** What grading it said. */
  verdict: Verdict;
  /** Why, for an equivalent mutant; the grader's first message for a killed one. */
  note: string;
}

/** One exercise's row of the table. */
export interface ExerciseScore {
  /** `01-iterators/range`. */
  id: string;
  /** Every mutant, in file order. */
  results: MutantResult[];
}

const MUTANTS_DIR = ".mutants";
const TABLE_FILE = "lessons/instructors/mutation.md";
const BEGIN = "<!-- mutation-table -->";
const END = "<!-- /mutation-table -->";

/** Mutate and grade the given exercises' references. */
export async function mutationScores(
  exercises: Exercise[],
  options: { timeout?: number; onExercise?: (score: ExerciseScore) => void } = {},
): Promise<ExerciseScore[]> {
  const scores: ExerciseScore[] = [];
  for (const exercise of exercises) {
    const reference = await Deno.readTextFile(join(ROOT, exercise.solution));
    const mutants = mutantsOf(reference, exercise.solution);
    const dir = `${MUTANTS_DIR}/${exercise.lesson.dir}`;
    await Deno.mkdir(join(ROOT, dir), { recursive: true });
    for (const sibling of await referencesImported(exercise.solution)) {
      const copy = `${MUTANTS_DIR}/${sibling.slice("solutions/".length)}`;
      await Deno.mkdir(join(ROOT, posix.dirname(copy)), { recursive: true });
      await Deno.copyFile(join(ROOT, sibling), join(ROOT, copy));
    }
    const jobs: Job[] = [];
    const files: string[] = [];
    for (const [i, mutant] of mutants.entries()) {
      const file = `${dir}/${exercise.name}__${String(i + 1).padStart(3, "0")}.ts`;
      await Deno.writeTextFile(join(ROOT, file), mutant.text);
      files.push(file);
      jobs.push({ exercise, file });
    }
    // The control: the reference itself, graded from where the mutants are.
    // Why: if a copy there cannot pass (a path that no longer resolves, a
    // sibling copy missing, a bound this machine cannot meet), every mutant
    // is "killed" for that reason and the score says nothing about the grader.
    const control = `${dir}/${exercise.name}__000.ts`;
    await Deno.writeTextFile(join(ROOT, control), reference);
    const [controlResult, ...graded] = await gradeMany(
      [{ exercise, file: control }, ...jobs],
      { timeout: options.timeout ?? 5 },
    );
    if (controlResult.status !== "pass") {
      throw new Error(
        `Cannot score ${exercise.id}: its reference, copied to ${control} as every mutant is, ` +
          `does not pass (${controlResult.status}: ${controlResult.message.split("\n")[0]}), ` +
          `so a mutant's grade would not be the grader's verdict on its change`,
      );
    }
    for (const [i, result] of graded.entries()) {
      // A mutant changes only solution blocks, never an import: a mutant the
      // import check refuses was stopped by this tool, not by the grader.
      const refused = result.checks.find((c) => c.name === IMPORT_CHECK && c.status === "fail");
      if (refused) {
        throw new Error(
          `Cannot score ${exercise.id}: its mutant ${files[i]} fails "${IMPORT_CHECK}" (${
            refused.message?.split("\n")[0]
          }), so every mutant would count as killed; the mutants must import what the reference does`,
        );
      }
    }
    const known = equivalentMutants[exercise.id] ?? {};
    const results = mutants.map((mutant, i): MutantResult => {
      const { text: _text, ...described } = mutant;
      const result = graded[i];
      const invalid = result.status === "error" && result.checks.length === 0 &&
        /\(TS\d+\)|SyntaxError|could not be parsed/.test(result.message);
      const verdict: Verdict = invalid
        ? "invalid"
        : result.status !== "pass"
        ? "killed"
        : known[mutant.key]
        ? "equivalent"
        : "survived";
      const note = verdict === "equivalent" ? known[mutant.key] : result.message.split("\n")[0];
      return { mutant: described, file: files[i], verdict, note };
    });
    const score = { id: exercise.id, results };
    scores.push(score);
    options.onExercise?.(score);
  }
  return scores;
}

/**
 * The other references that `text`, the reference at `from`, imports by a
 * relative path (`./select_loop.ts`), as paths from the root.
 */
export function referencesIn(text: string, from: string): string[] {
  const found: string[] = [];
  for (
    const [, , specifier] of text.matchAll(
      /\b(?:from\s+|import\s*\(\s*|import\s+)(["'])(\.\.?\/[^"']+)\1/g,
    )
  ) {
    const target = posix.join(posix.dirname(from), specifier);
    if (/^solutions\/[^/]+\/[^/]+\.ts$/.test(target) && !found.includes(target)) {
      found.push(target);
    }
  }
  return found;
}

/** Every reference `from` imports, and what those import in turn. */
async function referencesImported(from: string): Promise<string[]> {
  const seen: string[] = [];
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of referencesIn(await Deno.readTextFile(join(ROOT, file)), file)) {
      if (target !== from && !seen.includes(target)) {
        seen.push(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

/** Counts for one exercise; the score leaves out equivalent and invalid mutants. */
export function countsOf(score: ExerciseScore): Record<Verdict, number> & { score: number } {
  const count = (verdict: Verdict) => score.results.filter((r) => r.verdict === verdict).length;
  const killed = count("killed");
  const survived = count("survived");
  return {
    killed,
    survived,
    equivalent: count("equivalent"),
    invalid: count("invalid"),
    score: killed + survived === 0 ? 1 : killed / (killed + survived),
  };
}

/** The Markdown table of scores, with a total row. */
export function markdownTable(scores: ExerciseScore[]): string {
  const percent = (x: number) => `${(x * 100).toFixed(0)} %`;
  const rows = ["| exercise | mutants | killed | survived | equivalent | do not compile | score |"];
  rows.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  const total = { mutants: 0, killed: 0, survived: 0, equivalent: 0, invalid: 0 };
  for (const score of scores) {
    const c = countsOf(score);
    total.mutants += score.results.length;
    total.killed += c.killed;
    total.survived += c.survived;
    total.equivalent += c.equivalent;
    total.invalid += c.invalid;
    rows.push(
      `| \`${score.id}\` | ${score.results.length} | ${c.killed} | ${c.survived} | ${c.equivalent} | ${c.invalid} | ${
        percent(c.score)
      } |`,
    );
  }
  const all = total.killed + total.survived;
  rows.push(
    `| **all** | ${total.mutants} | ${total.killed} | ${total.survived} | ${total.equivalent} | ${total.invalid} | ${
      percent(all === 0 ? 1 : total.killed / all)
    } |`,
  );
  return rows.join("\n");
}

/** The survivors and the equivalent mutants, as Markdown lists. */
export function markdownSurvivors(scores: ExerciseScore[]): string {
  const out: string[] = [];
  for (const verdict of ["survived", "equivalent"] as const) {
    const title = verdict === "survived"
      ? "Survivors (the grader passes them: a check to add)"
      : "Equivalent mutants (no learner-visible change; why)";
    const lines: string[] = [];
    for (const score of scores) {
      for (const r of score.results.filter((r) => r.verdict === verdict)) {
        const why = verdict === "equivalent" ? `: ${r.note}` : "";
        lines.push(
          `- \`${score.id}\` line ${r.mutant.line}, ${r.mutant.operator}: \`${r.mutant.before}\` → \`${
            r.mutant.after || "(removed)"
          }\`${why}`,
        );
      }
    }
    out.push(`### ${title}`, "", ...(lines.length ? lines : ["None."]), "");
  }
  return out.join("\n");
}

async function writeTable(scores: ExerciseScore[]): Promise<void> {
  const path = join(ROOT, TABLE_FILE);
  const text = await Deno.readTextFile(path);
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin === -1 || end < begin) {
    throw new Error(`Cannot write the table into ${TABLE_FILE}: it needs ${BEGIN} and ${END}`);
  }
  const body = `${BEGIN}\n\n${markdownTable(scores)}\n\n${markdownSurvivors(scores)}\n${END}`;
  await Deno.writeTextFile(path, text.slice(0, begin) + body + text.slice(end + END.length));
}

async function main(args: string[]): Promise<number> {
  const ids: string[] = [];
  let write = false;
  let json = false;
  let timeout: number | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--write") write = true;
    else if (args[i] === "--json") json = true;
    else if (args[i] === "--timeout") {
      timeout = Number(args[++i]);
      if (!(timeout > 0)) {
        throw new Error(`Cannot use --timeout "${args[i]}": give seconds above 0`);
      }
    } else if (args[i].startsWith("--")) {
      throw new Error(
        `Cannot understand the flag "${args[i]}": use --write, --json, --timeout <s>`,
      );
    } else ids.push(args[i]);
  }
  const all = exercisesOf(manifest);
  const chosen = ids.length ? ids.map((id) => findExercise(all, id)) : all;
  const log = json ? console.error : console.log;
  let scores: ExerciseScore[];
  try {
    scores = await mutationScores(chosen, {
      timeout,
      onExercise: (score) => {
        const c = countsOf(score);
        log(
          `${score.id}: ${score.results.length} mutants, ${c.killed} killed, ${c.survived} survived, ${c.equivalent} equivalent, ${c.invalid} do not compile`,
        );
      },
    });
  } finally {
    await Deno.remove(join(ROOT, MUTANTS_DIR), { recursive: true }).catch(() => {});
  }
  if (json) console.log(JSON.stringify(scores, null, 2));
  else console.log(`\n${markdownTable(scores)}\n\n${markdownSurvivors(scores)}`);
  if (write) await writeTable(scores);
  return 0;
}

if (import.meta.main) {
  try {
    Deno.exitCode = await main(Deno.args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    Deno.exitCode = 2;
  }
}
