/**
 * The course runner: `deno task <command>` lands here.
 *
 * Each command lives in `commands/<name>.ts`; this file only reads the
 * command line and dispatches. Run `deno task help` for the list.
 *
 * @module
 */

import { exercisesOf, manifestProblems } from "./course.ts";
import { manifest } from "./manifest.ts";
import { style } from "./terminal.ts";
import { start } from "./commands/start.ts";
import { grade } from "./commands/grade.ts";
import { hint } from "./commands/hint.ts";
import { reset } from "./commands/reset.ts";
import { solution } from "./commands/solution.ts";
import { watch } from "./commands/watch.ts";
import { stubs } from "./commands/stubs.ts";
import { report } from "./commands/report.ts";
import { classroom } from "./commands/classroom.ts";

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
}

/** Fresh seeds `--explore` grades under when it is given no number. */
export const DEFAULT_EXPLORE = 10;

const HELP = `groundup course runner

  deno task start              where you are, and what to do next
  deno task watch [id]         re-grade on every save; keys: h hint, l list, r reset, q quit
  deno task grade [id]         grade one exercise or all (--json, --timeout <seconds>, --seed <n>,
                               --explore[=<runs>]: grade again under fresh seeds)
  deno task hint <id>          the hints for an exercise
  deno task reset <id>         put the stub back (your file is backed up first)
  deno task solution <id>      the reference, once your exercise passes (--force to peek)
  deno task report <json>...   instructors: a progress table from grade --json files (--html)

An id is "01-iterators/range", or just "range", or its number.`;

/** Parse the command line: positional arguments and flags. */
export function parseArgs(args: string[]): { positional: string[]; flags: Flags } {
  const positional: string[] = [];
  const flags: Flags = { json: false, force: false, html: false, check: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") flags.json = true;
    else if (arg === "--force") flags.force = true;
    else if (arg === "--html") flags.html = true;
    else if (arg === "--check") flags.check = true;
    else if (arg === "--timeout" || arg.startsWith("--timeout=")) {
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
      return await grade(exercises, positional[0], flags);
    case "hint":
      return hint(exercises, need("an exercise id"));
    case "reset":
      return await reset(exercises, need("an exercise id"));
    case "solution":
      return await solution(exercises, need("an exercise id"), flags);
    case "report":
      return await report(exercises, positional, flags);
    case "classroom":
      return await classroom(exercises, flags.check);
    case "stubs":
      return await stubs(exercises);
    case "help":
    case "--help":
      console.log(HELP);
      return 0;
    default:
      throw new Error(`Cannot run the command "${command}": there is no such command\n\n${HELP}`);
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
