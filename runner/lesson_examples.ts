/**
 * Lesson examples are the code blocks of the lesson text itself, so the
 * text and the code cannot disagree. Every `ts` block runs as its own
 * program, from the lesson's folder (relative imports work), and when a
 * ```` ```text output ```` block follows it, what the program prints must
 * equal that block, line for line. That is how every claim a lesson makes
 * is shown by a run, and proven again by `deno task test`.
 *
 * Info-string words after `ts`: `ignore` (shown, not run: a fragment),
 * `net` (the run gets `--allow-net=127.0.0.1`), `ffi` (`--allow-ffi`),
 * `fails` (the program is meant to end with an uncaught error; the first
 * line of its stderr is the output compared).
 *
 * `deno task examples <lesson>` runs a lesson's examples and shows each
 * program's output.
 *
 * @module
 */

import { join } from "node:path";
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
      if (last && last.expected === undefined) last.expected = body.join("\n");
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
  /** stdout, or stderr for a `fails` example, with trailing space trimmed. */
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
    cwd: join(ROOT, example.file, ".."),
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(example.code));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (example.flags.includes("fails")) {
    // Only the first line: the rest is a stack trace through `$deno$stdin.ts`.
    const first = new TextDecoder().decode(stderr).split("\n").find((l) => l.trim()) ?? "";
    return { code, output: first.trim() };
  }
  const text = new TextDecoder().decode(stdout);
  return { code, output: text.replace(/\s+$/, "").split("\n").map((l) => l.trimEnd()).join("\n") };
}

if (import.meta.main) {
  const { manifest } = await import("./manifest.ts");
  const { findLesson } = await import("./course.ts");
  const query = Deno.args[0] ?? "";
  // A bare number is a lesson, as in every command: 6 and 06 mean 06-traps.
  const one = findLesson(manifest.lessons, query);
  const lessons = one ? [one] : manifest.lessons.filter((l) => l.dir.startsWith(query));
  if (lessons.length === 0) {
    console.error(`Cannot find a lesson starting with "${query}": try 01 or 01-iterators`);
    Deno.exit(2);
  }
  for (const lesson of lessons) {
    const file = `lessons/${lesson.dir}/README.md`;
    const examples = examplesIn(await Deno.readTextFile(join(ROOT, file)), file);
    for (const [n, example] of examples.entries()) {
      console.log(`\n── ${file}:${example.line} (example ${n + 1} of ${examples.length}) ──`);
      console.log(example.code);
      const run = await runExample(example);
      console.log(`── output ──\n${run.output}`);
    }
  }
}
