/**
 * `deno task grade [id] [--json] [--timeout <seconds>] [--seed <n>] [--explore[=<runs>]]`:
 * grade one exercise or all of them. Exit code 0 only when every graded
 * exercise passes. `--explore` grades each passing exercise again under
 * fresh seeds and reports the first that fails, with the `--seed` that
 * replays it.
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

import { type Exercise, findExercise } from "../course.ts";
import { gradeMany } from "../grading/batch.ts";
import type { GradeResult, Status } from "../grading/grade.ts";
import type { Flags } from "../main.ts";
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
  }[];
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

/** One result, for a person. */
export function describeResult(result: GradeResult): string {
  const passing = result.checks.filter((c) => c.status === "pass").length;
  const checks = result.checks.length > 0
    ? style.dim(` ${passing}/${result.checks.length} checks`)
    : "";
  const mark = result.status === "pass" ? style.green("✓") : style.red("✗");
  const status = result.status === "pass" ? "" : ` ${style.red(result.status)}`;
  const head = `${mark} ${result.id}${status}${checks}`;
  return result.status === "pass" ? head : `${head}\n${indent(result.message)}`;
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

/** Grade and report; exit code 0 only when all pass. */
export async function grade(
  exercises: Exercise[],
  id: string | undefined,
  flags: Flags,
): Promise<number> {
  const chosen = id ? [findExercise(exercises, id)] : exercises;
  const log = flags.json ? console.error : console.log;
  log(style.dim(`Grading ${chosen.length} exercise${chosen.length === 1 ? "" : "s"}...`));
  if (flags.explore) {
    log(style.dim(`Exploring: each passing exercise again under ${flags.explore} fresh seeds`));
  }
  const results = await gradeMany(chosen.map((exercise) => ({ exercise })), {
    timeout: flags.timeout,
    seed: flags.seed,
    explore: flags.explore,
    onResult: flags.json ? undefined : (r) => console.log(describeResult(r)),
  });
  const report = reportOf(results);
  if (flags.json) console.log(JSON.stringify(report));
  else console.log(`\n${progressBar(report.passed, report.total)} passing`);
  await appendSummary(markdownOf(report));
  return report.failed === 0 ? 0 : 1;
}
