/**
 * `deno task report <grade.json>... [--html]`: turn the output of
 * `deno task grade --json` (one file per learner, named after them) into a
 * progress table for the instructor: one row per learner, one column per
 * exercise, and the share of exercises passed. Markdown by default (paste it
 * into an issue or a README), HTML with `--html` (open it in a browser).
 *
 * @module
 */

import { basename } from "node:path";
import type { Exercise } from "../course.ts";
import type { Flags } from "../main.ts";
import type { GradeReport } from "./grade.ts";

/** One learner's grades, named after their file. */
export interface LearnerGrades {
  /** The file name without `.json`. */
  learner: string;
  /** What `deno task grade --json` printed for them. */
  report: GradeReport;
}

/** Read and check one grade file; errors name the file and what is wrong in it. */
export function parseGradeFile(text: string, file: string): LearnerGrades {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const report = data as Partial<GradeReport>;
  if (typeof report !== "object" || report === null || !Array.isArray(report.exercises)) {
    throw new Error(
      `Cannot use ${file} as a grade report: it has no "exercises" list (make it with deno task grade --json > ${file})`,
    );
  }
  for (const [i, e] of report.exercises.entries()) {
    if (typeof e?.id !== "string" || typeof e?.status !== "string") {
      throw new Error(`Cannot use ${file}: exercises[${i}] needs an "id" and a "status"`);
    }
  }
  return { learner: basename(file).replace(/\.json$/, ""), report: report as GradeReport };
}

const MARK: Record<string, string> = { pass: "✅", fail: "❌", timeout: "⏱️", error: "💥" };

/** Rows of the table: the learner, a mark per exercise, and the percentage passed. */
function rowsOf(grades: LearnerGrades[], exercises: Exercise[]) {
  return grades.map(({ learner, report }) => {
    const byId = new Map(report.exercises.map((e) => [e.id, e.status]));
    const marks = exercises.map((e) => MARK[byId.get(e.id) ?? ""] ?? "·");
    const passed = exercises.filter((e) => byId.get(e.id) === "pass").length;
    const percent = exercises.length ? Math.round((passed / exercises.length) * 100) : 0;
    return { learner, marks, passed, percent };
  });
}

/** The progress table as Markdown. */
export function markdownTable(grades: LearnerGrades[], exercises: Exercise[]): string {
  const header = ["learner", ...exercises.map((e) => String(e.number)), "passed"];
  const lines = [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rowsOf(grades, exercises).map((r) =>
      `| ${r.learner} | ${r.marks.join(" | ")} | ${r.passed}/${exercises.length} (${r.percent} %) |`
    ),
    "",
    exercises.map((e) => `${e.number}. \`${e.id}\``).join(" · "),
  ];
  return lines.join("\n");
}

/** The progress table as a standalone HTML page. */
export function htmlTable(grades: LearnerGrades[], exercises: Exercise[]): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const head = exercises.map((e) => `<th title="${esc(e.id)}">${e.number}</th>`).join("");
  const rows = rowsOf(grades, exercises).map((r) =>
    `<tr><th>${esc(r.learner)}</th>${r.marks.map((m) => `<td>${m}</td>`).join("")}` +
    `<td><meter min="0" max="100" value="${r.percent}"></meter> ${r.percent} %</td></tr>`
  ).join("\n");
  return `<!doctype html><meta charset="utf-8"><title>groundup progress</title>
<style>body{font:14px system-ui;margin:2em}td,th{padding:4px 8px;text-align:center}
tbody th{text-align:left}table{border-collapse:collapse}tr:nth-child(even){background:#f4f4f4}</style>
<h1>groundup: class progress</h1>
<table><thead><tr><th>learner</th>${head}<th>passed</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p>${exercises.map((e) => `${e.number}. <code>${esc(e.id)}</code>`).join(" · ")}</p>
`;
}

/** Print the table for the given grade files; exit code 0. */
export async function report(
  exercises: Exercise[],
  files: string[],
  flags: Flags,
): Promise<number> {
  if (files.length === 0) {
    throw new Error(
      "Cannot make a report without grade files: deno task report alice.json bob.json (each from deno task grade --json)",
    );
  }
  const grades = await Promise.all(
    files.map(async (file) => parseGradeFile(await Deno.readTextFile(file), file)),
  );
  console.log(flags.html ? htmlTable(grades, exercises) : markdownTable(grades, exercises));
  return 0;
}
