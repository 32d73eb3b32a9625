/**
 * Lesson examples are the code blocks of the lesson text itself, so the
 * text and the code cannot disagree. Every `ts` block runs as its own
 * program, from the lesson's folder (relative imports work), and the
 * ```` ```text output ```` block that follows it says what the program
 * prints, line for line. That is how every claim a lesson makes is shown by
 * a run, and proven again by `deno task test`.
 *
 * Info-string words after `ts`: `ignore` (shown, not run: a fragment),
 * `net` (the run gets `--allow-net=127.0.0.1`), `ffi` (`--allow-ffi`),
 * `fails` (the program is meant to end with an uncaught error; the output
 * compared is its stdout, then the first line of its stderr).
 *
 * An output block is compared exactly, unless it is a
 * ```` ```text output varies ```` block: for a program that measures real
 * time, where the numbers change from run to run. There every number in the
 * block stands for any number, and every run of spaces for any run of
 * spaces (so padding may differ); the words, the lines and their order must
 * still match. The lesson says so next to the block.
 *
 * `deno task examples <lesson>` runs a lesson's examples, shows each one's
 * output, says whether it matches the lesson (with a diff when it does not),
 * and exits with 1 when one differs. `<lesson>` is `01`, `01-iterators`, or
 * the path of a Markdown file.
 *
 * @module
 */

import { join, relative, resolve } from "node:path";
import { ROOT } from "./grading/paths.ts";

/** One runnable block of a lesson. */
export interface Example {
  /** The lesson file, relative to the repo root. */
  file: string;
  /** Line of the opening fence, from 1. */
  line: number;
  /** The program. */
  code: string;
  /** Words of the info string after `ts`. */
  flags: string[];
  /** The `text output` block that follows, if any. */
  expected?: string;
  /** True when that block is `text output varies`: numbers and padding may differ. */
  varies?: boolean;
}

/** The runnable `ts` blocks of a Markdown text. */
export function examplesIn(markdown: string, file: string): Example[] {
  const lines = markdown.split("\n");
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]);
    const [lang, words] = [open[1], open[2].trim().split(/\s+/).filter(Boolean)];
    if (lang === "text" && words.includes("output")) {
      const last = examples.at(-1);
      if (last && last.expected === undefined) {
        last.expected = body.join("\n");
        if (words.includes("varies")) last.varies = true;
      }
      continue;
    }
    if ((lang === "ts" || lang === "typescript") && !words.includes("ignore")) {
      examples.push({ file, line: start + 1, code: body.join("\n"), flags: words });
    }
  }
  return examples;
}

/** What running an example gave. */
export interface ExampleRun {
  /** Exit code of the program. */
  code: number;
  /** stdout, with trailing space trimmed; for a `fails` example, then stderr's first line. */
  output: string;
}

/** Run one example as a program from its lesson's folder. */
export async function runExample(example: Example): Promise<ExampleRun> {
  const args = ["run", "--no-check", "--quiet", "--no-prompt", "--ext=ts", `--allow-read=${ROOT}`];
  if (example.flags.includes("net")) args.push("--allow-net=127.0.0.1");
  if (example.flags.includes("ffi")) args.push("--allow-ffi");
  args.push("-");
  const child = new Deno.Command("deno", {
    args,
    cwd: resolve(ROOT, example.file, ".."),
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(example.code));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const lines = new TextDecoder().decode(stdout).replace(/\s+$/, "").split("\n")
    .map((l) => l.trimEnd());
  if (example.flags.includes("fails")) {
    // Only the first line of stderr: the rest is a stack trace through `$deno$stdin.ts`.
    const first = new TextDecoder().decode(stderr).split("\n").find((l) => l.trim()) ?? "";
    return { code, output: [...lines, first.trim()].filter((l, i) => i > 0 || l).join("\n") };
  }
  return { code, output: lines.join("\n") };
}

/** A number in an output line: what a `varies` block lets change. */
const NUMBER = /-?\d+(?:\.\d+)?/;

/** The pattern one line of a `varies` block stands for. */
function linePattern(line: string): RegExp {
  const parts = line.split(/(-?\d+(?:\.\d+)?| +)/).map((part, i) => {
    if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return part.startsWith(" ") ? " +" : NUMBER.source;
  });
  return new RegExp(`^${parts.join("")}$`);
}

/** Whether one line of output matches one line of the lesson's block. */
function lineMatches(expected: string, actual: string, varies: boolean): boolean {
  return varies ? linePattern(expected).test(actual) : expected === actual;
}

/** One line of a diff: kept (` `), only in the lesson (`-`), only in the run (`+`). */
export type DiffLine = { op: " " | "-" | "+"; text: string };

/** A line diff of the lesson's block against the run's output (longest common subsequence). */
export function diffLines(expected: string, actual: string, varies = false): DiffLine[] {
  const a = expected.split("\n");
  const b = actual.split("\n");
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = lineMatches(a[i], b[j], varies)
        ? lcs[i + 1][j + 1] + 1
        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && lineMatches(a[i], b[j], varies)) {
      out.push({ op: " ", text: b[j] });
      i++, j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({ op: "-", text: a[i++] });
    } else {
      out.push({ op: "+", text: b[j++] });
    }
  }
  return out;
}

/** How one example's run compares with its lesson. */
export interface Verdict {
  /** True when the run did what the lesson says. */
  ok: boolean;
  /** One sentence for the learner. */
  summary: string;
  /** The diff, when the output differs from the block. */
  diff?: DiffLine[];
}

/** Compare a run with what the lesson says about it. */
export function judge(example: Example, run: ExampleRun): Verdict {
  const fails = example.flags.includes("fails");
  if (example.expected === undefined) {
    return {
      ok: false,
      summary: "has no output block to compare with: add a ```text output block after it",
    };
  }
  const expected = example.expected.replace(/\s+$/, "");
  const diff = diffLines(expected, run.output, example.varies);
  const same = diff.every((line) => line.op === " ");
  if (fails && run.code === 0) {
    return { ok: false, summary: "should end with an uncaught error, but exited with 0", diff };
  }
  if (!fails && run.code !== 0) {
    return { ok: false, summary: `exited with ${run.code}: it should run to the end`, diff };
  }
  if (!same) {
    return {
      ok: false,
      summary: example.varies
        ? "differs from the lesson's output (numbers and padding may vary, nothing else)"
        : "differs from the lesson's output",
      diff,
    };
  }
  return {
    ok: true,
    summary: example.varies
      ? "matches the lesson's output (its numbers vary from run to run)"
      : "matches the lesson's output",
  };
}

/** A diff as text: `- ` for the lesson's lines, `+ ` for the run's. */
export function formatDiff(diff: DiffLine[]): string {
  return diff.map(({ op, text }) => `${op} ${text}`.trimEnd()).join("\n");
}

/** The Markdown files `query` names: a lesson number or folder name, or a path. */
async function lessonFiles(query: string): Promise<string[]> {
  if (query.endsWith(".md")) return [relative(ROOT, resolve(Deno.cwd(), query))];
  const { manifest } = await import("./manifest.ts");
  const { findLesson } = await import("./course.ts");
  // A bare number is a lesson, as in every command: 6 and 06 mean 06-traps.
  const one = findLesson(manifest.lessons, query);
  const lessons = one ? [one] : manifest.lessons.filter((l) => l.dir.startsWith(query));
  return lessons.map((l) => `lessons/${l.dir}/README.md`);
}

if (import.meta.main) {
  const query = Deno.args[0] ?? "";
  const files = await lessonFiles(query);
  if (files.length === 0) {
    console.error(`Cannot find a lesson starting with "${query}": try 01 or 01-iterators`);
    Deno.exit(2);
  }
  const differ: string[] = [];
  let count = 0;
  for (const file of files) {
    const examples = examplesIn(await Deno.readTextFile(join(ROOT, file)), file);
    for (const [n, example] of examples.entries()) {
      count++;
      const where = `${file}:${example.line}`;
      console.log(`\n── ${where} (example ${n + 1} of ${examples.length}) ──`);
      console.log(example.code);
      const run = await runExample(example);
      console.log(`── output ──\n${run.output}`);
      const verdict = judge(example, run);
      console.log(`${verdict.ok ? "✓" : "✗"} ${where} ${verdict.summary}`);
      if (verdict.diff && !verdict.ok) {
        console.log(
          `── diff: - the lesson says, + the run printed ──\n${formatDiff(verdict.diff)}`,
        );
      }
      if (!verdict.ok) differ.push(where);
    }
  }
  console.log(`\n${count - differ.length} of ${count} examples match their lesson.`);
  if (differ.length > 0) {
    console.log(`These differ:\n${differ.map((w) => `  ${w}`).join("\n")}`);
    Deno.exit(1);
  }
}
