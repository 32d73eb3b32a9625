/**
 * `deno task grade [id|lesson]... [--lesson <n>] [--json] [--timeout <seconds>]
 * [--seed <n>] [--explore[=<runs>]]`: grade some exercises, whole lessons, or
 * all of them. Exit code 0 only when every graded exercise passes.
 *
 * Results are printed in course order as they come in, each with its place
 * (`3/29`). A file that is still the stub as shipped is not graded at all:
 * it shows as one "not started" line (and counts as not passing). A failing
 * exercise shows what the learner's code printed. `--explore` grades each
 * passing exercise again under fresh seeds and reports the first that fails,
 * with the `--seed` that replays it.
 *
 * With `--json`, stdout carries only this JSON (progress goes to stderr):
 *
 * ```json
 * {"passed":1,"failed":2,"total":3,"exercises":[{"id":"01-iterators/range",
 *  "file":"exercises/01-iterators/range.ts","status":"pass","message":"",
 *  "checks":{"passed":10,"total":10}}]}
 * ```
 *
 * When `GITHUB_STEP_SUMMARY` names a file this process may write, a Markdown
 * table of the results is appended to it (the job summary of a learner's
 * fork; see `.github/workflows/grade.yml`).
 *
 * @module
 */

import { type Exercise, findLesson, selectAll } from "../course.ts";
import { gradeMany } from "../grading/batch.ts";
import type { GradeResult, Status } from "../grading/grade.ts";
import type { Flags } from "../main.ts";
import { isPristine } from "../progress.ts";
import { indent, progressBar, style } from "../terminal.ts";

/** The `--json` report's shape. */
export interface GradeReport {
  /** Exercises with status `pass`. */
  passed: number;
  /** Exercises with any other status. */
  failed: number;
  /** Exercises graded. */
  total: number;
  /** One entry per exercise, in course order. */
  exercises: {
    id: string;
    file: string;
    status: Status;
    message: string;
    checks: { passed: number; total: number };
    /** True when the file is still the stub as shipped (it was not run). */
    notStarted?: boolean;
  }[];
}

/** The message of an exercise whose file is still its stub. */
export const NOT_STARTED = "not started: the file is still the stub as shipped";

/** The result for a file that is still its stub: a fail, without running it. */
export function notStartedResult(exercise: Exercise): GradeResult {
  return {
    id: exercise.id,
    file: exercise.file,
    status: "fail",
    message: NOT_STARTED,
    checks: [],
    output: "",
  };
}

/** Summarise results into the `--json` report. */
export function reportOf(results: GradeResult[]): GradeReport {
  const passed = results.filter((r) => r.status === "pass").length;
  return {
    passed,
    failed: results.length - passed,
    total: results.length,
    exercises: results.map((r) => ({
      id: r.id,
      file: r.file,
      status: r.status,
      message: r.message,
      checks: {
        passed: r.checks.filter((c) => c.status === "pass").length,
        total: r.checks.length,
      },
      ...(r.message === NOT_STARTED ? { notStarted: true } : {}),
    })),
  };
}

const ICON: Record<Status, string> = { pass: "✅", fail: "❌", timeout: "⏱️", error: "💥" };

/** The Markdown table for a job summary. */
export function markdownOf(report: GradeReport): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/\n+/g, "<br>");
  const rows = report.exercises.map((e) =>
    `| ${ICON[e.status]} ${e.status} | \`${e.id}\` | ${e.checks.passed}/${e.checks.total} | ${
      escape(e.message)
    } |`
  );
  return [
    `## groundup: ${report.passed} of ${report.total} exercises pass`,
    "",
    "| status | exercise | checks | first problem |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

/** Lines of the learner's own output shown under a failing result. */
const PRINTED_LINES = 20;

/** What the graded code printed, trimmed to `PRINTED_LINES` lines, or `""`. */
export function printedBy(result: GradeResult): string {
  if (!result.output.trim()) return "";
  const lines = result.output.split("\n");
  const shown = lines.slice(0, PRINTED_LINES);
  if (lines.length > PRINTED_LINES) shown.push(`… ${lines.length - PRINTED_LINES} more lines`);
  return `${style.dim("your code printed:")}\n${indent(shown.join("\n"), 2)}`;
}

/** One result, for a person: a line, then (when it fails) why and what the code printed. */
export function describeResult(result: GradeResult, place = ""): string {
  if (result.message === NOT_STARTED) {
    return `${place}${style.dim("○")} ${result.id} ${style.dim("not started")}`;
  }
  const passing = result.checks.filter((c) => c.status === "pass").length;
  const checks = result.checks.length > 0
    ? style.dim(` ${passing}/${result.checks.length} checks`)
    : "";
  const mark = result.status === "pass" ? style.green("✓") : style.red("✗");
  const status = result.status === "pass" ? "" : ` ${style.red(result.status)}`;
  const head = `${place}${mark} ${result.id}${status}${checks}`;
  if (result.status === "pass") return head;
  const printed = printedBy(result);
  return [head, indent(result.message), ...(printed ? [indent(printed)] : [])].join("\n");
}

async function appendSummary(markdown: string): Promise<void> {
  const path = Deno.env.get("GITHUB_STEP_SUMMARY");
  if (!path) return;
  const permission = await Deno.permissions.query({ name: "write", path });
  if (permission.state !== "granted") {
    console.error(`Cannot write the job summary to ${path}: run deno task grade:ci, which may`);
    return;
  }
  await Deno.writeTextFile(path, markdown, { append: true });
}

/** The exercises a grade command line names: ids, names, lessons, and `--lesson`. */
export function chosenExercises(
  exercises: Exercise[],
  queries: string[],
  flags: Pick<Flags, "lesson">,
): Exercise[] {
  const all = [...queries];
  if (flags.lesson !== undefined) {
    const lesson = findLesson([...new Set(exercises.map((e) => e.lesson))], flags.lesson);
    if (!lesson) {
      throw new Error(
        `Cannot grade --lesson ${flags.lesson} as no lesson has that number or folder: try --lesson 6 or --lesson 06-traps`,
      );
    }
    all.push(lesson.dir);
  }
  return selectAll(exercises, all);
}

/**
 * Grade and report; exit code 0 only when all pass. Results print in course
 * order, each as soon as every one before it is in.
 */
export async function grade(
  exercises: Exercise[],
  queries: string[],
  flags: Flags,
): Promise<number> {
  const chosen = chosenExercises(exercises, queries, flags);
  const log = flags.json ? console.error : console.log;
  const total = chosen.length;
  const width = String(total).length;
  const place = (i: number) => style.dim(`${String(i + 1).padStart(width)}/${total} `);
  log(style.dim(`Grading ${total} exercise${total === 1 ? "" : "s"}...`));
  if (flags.explore) {
    log(style.dim(`Exploring: each passing exercise again under ${flags.explore} fresh seeds`));
  }

  const pristine = await Promise.all(chosen.map(isPristine));
  const results: (GradeResult | undefined)[] = chosen.map((e, i) =>
    pristine[i] ? notStartedResult(e) : undefined
  );
  let printed = 0;
  let finished = pristine.filter(Boolean).length;
  const live = !flags.json && Deno.stdout.isTerminal();
  const status = (text: string) => {
    if (live) Deno.stdout.writeSync(new TextEncoder().encode(`\r\x1b[K${text}`));
  };
  const flush = () => {
    status("");
    while (printed < total && results[printed]) {
      if (!flags.json) console.log(describeResult(results[printed]!, place(printed)));
      printed++;
    }
    if (printed < total) status(style.dim(`grading… ${finished}/${total} done`));
  };
  flush();
  const toGrade = chosen.filter((_, i) => !pristine[i]);
  const index = new Map(chosen.map((e, i) => [e.id, i]));
  await gradeMany(toGrade.map((exercise) => ({ exercise })), {
    timeout: flags.timeout,
    seed: flags.seed,
    explore: flags.explore,
    onResult: (r) => {
      results[index.get(r.id)!] = r;
      finished++;
      flush();
    },
  });
  const report = reportOf(results as GradeResult[]);
  if (flags.json) console.log(JSON.stringify(report));
  else console.log(`\n${progressBar(report.passed, report.total)} passing`);
  await appendSummary(markdownOf(report));
  return report.failed === 0 ? 0 : 1;
}
