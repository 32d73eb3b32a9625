/**
 * The course runner: `deno task <command>` lands here.
 *
 * Each command lives in `commands/<name>.ts`; this file only reads the
 * command line and dispatches. Run `deno task help` for the list.
 *
 * @module
 */

import { bareOffer, exercisesOf, manifestProblems, NUMBER_MEANS } from "./course.ts";
import { manifest } from "./manifest.ts";
import { style, taskCommand } from "./terminal.ts";
import type { Exercise } from "./course.ts";
import { start } from "./commands/start.ts";
import { grade } from "./commands/grade.ts";
import { hint } from "./commands/hint.ts";
import { reset } from "./commands/reset.ts";
import { solution } from "./commands/solution.ts";
import { watch } from "./commands/watch.ts";
import { stubs } from "./commands/stubs.ts";
import { report } from "./commands/report.ts";
import { classroom } from "./commands/classroom.ts";
import { studentEdition } from "./commands/student_edition.ts";

/** Flags every command understands, parsed from `--name value` / `--name`. */
export interface Flags {
  /** Print only JSON on stdout (grade). */
  json: boolean;
  /** Show even when not yet earned (solution). */
  force: boolean;
  /** Print HTML instead of Markdown (report). */
  html: boolean;
  /** Only compare, do not write (classroom). */
  check: boolean;
  /** Seconds before a graded run is killed. */
  timeout?: number;
  /** The base seed of the generated checks, to replay a grade (grade, watch). */
  seed?: number;
  /** Grade again under this many fresh seeds, stopping at the first that fails (grade). */
  explore?: number;
  /** A lesson to grade whole, by number or folder (grade). */
  lesson?: string;
  /** The bare stub instead of the guided one (reset). */
  bare: boolean;
}

/** Fresh seeds `--explore` grades under when it is given no number. */
export const DEFAULT_EXPLORE = 10;

/** The help text, with commands written the way this learner runs tasks. */
export function helpText(exercises: Exercise[]): string {
  const rows: [string, string][] = [
    ["start", "where you are, and what to do next"],
    ["watch [id]", "re-grade on every save; keys: h hint, l list, r reset, q quit"],
    ["grade [id|lesson]...", "grade exercises, whole lessons, or all (--lesson <n>, --json,"],
    ["", "  --timeout <seconds>, --seed <n>, --explore[=<runs>]: grade again under"],
    ["", "  fresh seeds)"],
    ["hint <id>", "the hints for an exercise"],
    ["reset <id>", "put the stub back (your file is backed up first)"],
    ["reset <id> --bare", `only the API, no scaffolding (${bareOffer(exercises)})`],
    ["solution <id>", "the reference, once your exercise passes (--force to peek)"],
    ["examples <lesson>", "run a lesson's examples and show their output"],
    ["report <json>...", "instructors: a progress table from grade --json files (--html)"],
    ["student-edition", "instructors: the course without solutions/, in student-edition/"],
  ];
  const prefix = taskCommand("");
  const width = Math.max(...rows.map(([c]) => c.length)) + prefix.length + 2;
  const lines = rows.map(([command, what]) =>
    `  ${(command ? prefix + command : "").padEnd(width)}${what}`
  );
  return `groundup course runner

${lines.join("\n")}

An id is "01-iterators/range", or just "range". A lesson is "06-traps", or
its number. ${NUMBER_MEANS}.`;
}

/** Parse the command line: positional arguments and flags. */
export function parseArgs(args: string[]): { positional: string[]; flags: Flags } {
  const positional: string[] = [];
  const flags: Flags = { json: false, force: false, html: false, check: false, bare: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") flags.json = true;
    else if (arg === "--force") flags.force = true;
    else if (arg === "--html") flags.html = true;
    else if (arg === "--check") flags.check = true;
    else if (arg === "--bare") flags.bare = true;
    else if (arg === "--lesson" || arg.startsWith("--lesson=")) {
      const value = arg.includes("=") ? arg.split("=")[1] : args[++i];
      if (!value) {
        throw new Error(`Cannot use --lesson without a lesson: --lesson 6 or --lesson 06-traps`);
      }
      flags.lesson = value;
    } else if (arg === "--timeout" || arg.startsWith("--timeout=")) {
      const value = arg.includes("=") ? arg.split("=")[1] : args[++i];
      const seconds = Number(value);
      if (!(seconds > 0)) {
        throw new Error(`Cannot use --timeout "${value}": give a number of seconds above 0`);
      }
      flags.timeout = seconds;
    } else if (arg === "--seed" || arg.startsWith("--seed=")) {
      const value = arg.includes("=") ? arg.split("=")[1] : args[++i];
      const seed = Number(value);
      if (!Number.isSafeInteger(seed)) {
        throw new Error(
          `Cannot use --seed "${value}": give the whole number a failed grade printed`,
        );
      }
      flags.seed = seed;
    } else if (arg === "--explore" || arg.startsWith("--explore=")) {
      const value = arg.includes("=") ? arg.split("=")[1] : String(DEFAULT_EXPLORE);
      const runs = Number(value);
      if (!Number.isSafeInteger(runs) || runs < 1) {
        throw new Error(`Cannot use --explore "${value}": give a whole number of seeds, 1 or more`);
      }
      flags.explore = runs;
    } else if (arg.startsWith("--")) {
      throw new Error(`Cannot understand the flag "${arg}": see deno task help`);
    } else positional.push(arg);
  }
  return { positional, flags };
}

async function main(args: string[]): Promise<number> {
  const problems = manifestProblems(manifest);
  if (problems.length > 0) {
    throw new Error(`The manifest runner/manifest.ts has problems:\n  ${problems.join("\n  ")}`);
  }
  const exercises = exercisesOf(manifest);
  const [command = "start", ...rest] = args;
  const { positional, flags } = parseArgs(rest);
  const need = (what: string) => {
    if (!positional[0]) {
      throw new Error(`Cannot run "${command}" without ${what}: see deno task help`);
    }
    return positional[0];
  };
  switch (command) {
    case "start":
      return await start(exercises, flags);
    case "watch": {
      const code = await watch(exercises, positional[0], flags);
      // Why exit here: the keyboard reader is still parked in a read of
      // stdin, which would keep the process alive after the learner quits.
      return Deno.exit(code);
    }
    case "grade":
      return await grade(exercises, positional, flags);
    case "hint":
      return hint(exercises, need("an exercise id"));
    case "reset":
      return await reset(exercises, need("an exercise id"), flags.bare ? "bare" : "guided");
    case "solution":
      return await solution(exercises, need("an exercise id"), flags);
    case "report":
      return await report(exercises, positional, flags);
    case "classroom":
      return await classroom(exercises, flags.check);
    case "stubs":
      return await stubs(exercises, flags.check);
    case "student-edition":
      return await studentEdition(exercises, positional[0], flags);
    case "help":
    case "--help":
      console.log(helpText(exercises));
      return 0;
    default:
      throw new Error(
        `Cannot run the command "${command}": there is no such command\n\n${helpText(exercises)}`,
      );
  }
}

if (import.meta.main) {
  try {
    Deno.exitCode = await main(Deno.args);
  } catch (error) {
    console.error(style.red(error instanceof Error ? error.message : String(error)));
    Deno.exitCode = 2;
  }
}
