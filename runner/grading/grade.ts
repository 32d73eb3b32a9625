/**
 * Grading one file against one exercise's grader, in a subprocess that
 * cannot take the runner down with it, and whose reports cannot be forged.
 *
 * Containment, in the order things can go wrong:
 * 1. the file imports what the exercise asks you to write (`imports.ts`),
 *    or does not parse or type-check (`typecheck.ts`): done before this, in
 *    one batch for speed;
 * 2. it throws while being imported: `error`, with its message;
 * 3. it changes a built-in, ends the process itself, or runs out of memory:
 *    `error`, naming what it did;
 * 4. a check fails: `fail`, with the first failure's message;
 * 5. it never finishes (a `while (true) {}`): killed after the timeout,
 *    `timeout`, naming the check that was running;
 * 6. it awaits a promise that never settles: Deno notices the empty event
 *    loop and stops; `fail`, naming the check;
 * 7. it passes every check but leaves a timer or socket open: `fail`.
 *
 * `pass` means: the plan the grader announced before any learner code
 * loaded, every check of it reported passing, and the process then ended
 * by itself with an empty event loop. Anything short of that is not a pass.
 *
 * The subprocess gets least privilege (see `sandboxArgs`); the design and
 * its limits are in `threat_model.md`.
 *
 * @module
 */

import type { Exercise } from "../course.ts";
import { HEAP_LIMIT_MB, MEMORY_LIMIT } from "./limits.ts";
import { ROOT } from "./paths.ts";
import { type ChildReport, ReportStream } from "./reports.ts";

/** How an exercise ended up. */
export type Status = "pass" | "fail" | "timeout" | "error";

/** The outcome of one check. */
export interface CheckResult {
  /** The check's name, from the grader. */
  name: string;
  /** `pass`, `fail`, or `skipped` when an earlier problem stopped the run. */
  status: "pass" | "fail" | "skipped";
  /** Why it failed, when it did. */
  message?: string;
}

/** The outcome of grading one file. */
export interface GradeResult {
  /** `01-iterators/range`. */
  id: string;
  /** The graded file, relative to the repo root. */
  file: string;
  /** Overall status. */
  status: Status;
  /** Empty on `pass`; otherwise the first problem, written for the learner. */
  message: string;
  /** Every check in the grader's order. */
  checks: CheckResult[];
  /** What the graded code printed (stdout lines that are not reports, then stderr). */
  output: string;
  /** The base seed of the generated checks, when it was not the exercise's default. */
  seed?: number;
}

/** Options for {@linkcode gradeFile}. */
export interface GradeOptions {
  /** Which file to grade. @default the learner's file, `exercise.file` */
  file?: string;
  /** Seconds before a run is killed as `timeout`. @default 10 */
  timeout?: number;
  /** Seconds a run may stay alive after its last check before it counts as a leak. @default 2 */
  grace?: number;
  /** The base seed of the generated checks (`explore.ts`). @default fixed per exercise */
  seed?: number;
}

/** Default seconds a graded run may take. */
export const DEFAULT_TIMEOUT = 10;

/**
 * Files under `runner/grading` that a grader hands to the graded code at
 * run time, so it must be able to read them: the pool grader's jobs, which
 * the learner's own Workers import (a Worker loads its modules itself, with
 * the run's read permission). They hold no answers and no grading logic.
 */
export const READ_AT_RUN_TIME = ["runner/grading/worker_jobs.ts"];

let listing: Promise<string[]> | undefined;

/**
 * The answers and the graders, relative to the root; read once per process
 * (they are the course's own files, which grading does not change), not
 * once per graded run.
 */
function answersAndGraders(): Promise<string[]> {
  listing ??= readAnswersAndGraders().catch((error) => {
    listing = undefined; // a failed read is not kept: the next graded run reads again
    throw error;
  });
  return listing;
}

async function readAnswersAndGraders(): Promise<string[]> {
  const denied = [".git", "solutions", "runner/commands"];
  // Why entry by entry, not the folder: Deno's documentation says a deny
  // wins over an allow, so a file in a denied folder cannot be let through.
  for await (const entry of Deno.readDir(`${ROOT}/runner/grading`)) {
    const path = `runner/grading/${entry.name}`;
    if (!READ_AT_RUN_TIME.includes(path)) denied.push(path);
  }
  for await (const lesson of Deno.readDir(`${ROOT}/exercises`)) {
    if (!lesson.isDirectory) continue;
    for await (const entry of Deno.readDir(`${ROOT}/exercises/${lesson.name}`)) {
      if (entry.name.endsWith("_grader.ts")) denied.push(`exercises/${lesson.name}/${entry.name}`);
    }
  }
  return denied;
}

/** Paths a graded run may not read, relative to the root: the answers and the graders. */
async function deniedPaths(file: string): Promise<string[]> {
  // A file inside a denied folder is being graded on purpose (a reference
  // in the course's self-check, a fixture): that folder stays readable.
  return (await answersAndGraders()).filter((path) =>
    file !== path && !file.startsWith(path + "/")
  );
}

/** The `deno run` arguments of a graded run: every permission it gets, and no more. */
export async function sandboxArgs(
  exercise: Exercise,
  file: string,
  seed?: number,
): Promise<string[]> {
  const deny = (await deniedPaths(file)).map((path) => `${ROOT}/${path}`);
  const args = [
    "run",
    // Why --lock: deno.json turns lock discovery off (see README, "npm packages"),
    // so the graders' npm packages are checked against the learner's lock here.
    "--lock=deno.lock",
    "--frozen",
    "--no-check",
    "--no-prompt",
    "--quiet",
    // No module from the network, and no npm package that is not cached
    // already (the graders' fast-check and the sandbox's ses are).
    "--no-remote",
    "--cached-only",
    `--v8-flags=--max-old-space-size=${HEAP_LIMIT_MB}`,
    `--allow-read=${ROOT}`,
    `--deny-read=${deny.join(",")}`,
  ];
  if (exercise.net) args.push("--allow-net=127.0.0.1");
  // Why preload the grader: what a preloaded module imports is part of the
  // main module graph, which Deno loads without read permission checks; the
  // graders and runner/grading can then be unreadable to the graded code.
  args.push(`--preload=${exercise.grader}`);
  args.push("runner/grading/child.ts", exercise.grader, file, exercise.id);
  if (seed !== undefined) args.push(String(seed));
  return args;
}

let caching: Promise<void> | undefined;

/** Fetch the graders' and the sandbox's npm packages once, for a machine that has not yet. */
function cacheDependencies(grader: string): Promise<void> {
  caching ??= new Deno.Command("deno", {
    args: ["cache", "--quiet", "--lock=deno.lock", "--frozen", "runner/grading/child.ts", grader],
    cwd: ROOT,
    stdout: "null",
    stderr: "null",
  }).output().then(() => {});
  return caching;
}

const NOT_CACHED = /--cached-only|not found in cache|not cached|Failed loading .*registry/i;

/** Grade one file (already type-checked) against `exercise`'s grader. */
export async function gradeFile(
  exercise: Exercise,
  options: GradeOptions = {},
): Promise<GradeResult> {
  const result = await gradeOnce(exercise, options);
  if (result.status === "error" && result.checks.length === 0 && NOT_CACHED.test(result.message)) {
    await cacheDependencies(exercise.grader);
    return await gradeOnce(exercise, options);
  }
  return result;
}

async function gradeOnce(exercise: Exercise, options: GradeOptions): Promise<GradeResult> {
  const file = options.file ?? exercise.file;
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const grace = options.grace ?? 2;
  const random = crypto.getRandomValues(new Uint8Array(24));
  const nonce = `@@grade-${Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("")}`;

  const child = new Deno.Command("deno", {
    args: await sandboxArgs(exercise, file, options.seed),
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  let killedFor: "timeout" | "leak" | "oom" | undefined;
  const kill = (why: "timeout" | "leak" | "oom") => {
    killedFor ??= why;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  let exited = false;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const onReport = (report: ChildReport) => {
    if (report.event === "oom") kill("oom");
    if ((report.event === "done" || report.event === "import-error") && !exited) {
      // Why two clocks: the whole run gets `timeout` seconds; once the last
      // check has reported, the process gets only `grace` more seconds.
      timers.push(setTimeout(() => kill("leak"), grace * 1000));
    }
  };
  const stdout = new ReportStream(nonce, { onReport });
  const stderr = new ReportStream(nonce, { onReport });
  const read = async (stream: ReadableStream<Uint8Array<ArrayBuffer>>, into: ReportStream) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) into.push(chunk);
    into.end();
  };
  const reading = Promise.all([read(child.stdout, stdout), read(child.stderr, stderr)]);

  // The nonce goes in on stdin, and stdin is closed: nothing is left to read there.
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(nonce + "\n"));
    await writer.close();
  } catch { /* the child died before reading it: its status says why */ }

  timers.push(setTimeout(() => kill("timeout"), timeout * 1000));
  const status = await child.status;
  exited = true;
  for (const timer of timers) clearTimeout(timer);
  await reading;
  return interpret({
    exercise,
    file,
    reports: [...stdout.reports, ...stderr.reports],
    malformed: stdout.malformed + stderr.malformed,
    killedFor,
    timeout,
    exitCode: status.code,
    signal: status.signal ?? undefined,
    output: [stdout.output.trimEnd(), stderr.output.trim()].filter(Boolean).join("\n"),
    stderr: stderr.output,
    seed: options.seed,
  });
}

interface RunRecord {
  exercise: Exercise;
  file: string;
  reports: ChildReport[];
  malformed: number;
  killedFor: "timeout" | "leak" | "oom" | undefined;
  timeout: number;
  exitCode: number;
  signal: string | undefined;
  output: string;
  stderr: string;
  seed: number | undefined;
}

/** How an exit call reads: `Deno.exit(0)`, `close()`. */
function exitCall(report: Extract<ChildReport, { event: "exit" }>): string {
  if (report.via.endsWith(".kill")) return `${report.via}(its own pid, "${report.code}")`;
  return `${report.via}(${report.code})`;
}

/** Read a finished run's reports into a result. */
export function interpret(run: RunRecord): GradeResult {
  const { exercise, file, reports } = run;
  const plan = reports.find((r) => r.event === "plan")?.checks ?? [];
  const outcome = new Map<string, CheckResult["status"]>();
  const why = new Map<string, string>();
  let firstFailure: string | undefined;
  let running: string | undefined;
  for (const report of reports) {
    if (report.event === "start") running = report.check;
    if (report.event === "pass" && report.check === running) {
      outcome.set(report.check, "pass");
      running = undefined;
    }
    if (report.event === "fail" && report.check === running) {
      outcome.set(report.check, "fail");
      why.set(report.check, report.message);
      running = undefined;
      firstFailure ??= `check "${report.check}": ${report.message}`;
    }
  }
  const checks: CheckResult[] = plan.map((name) => ({
    name,
    status: outcome.get(name) ?? "skipped" as const,
    ...(why.has(name) ? { message: why.get(name) } : {}),
  }));
  const result = (status: Status, message: string): GradeResult => ({
    id: exercise.id,
    file,
    status,
    message,
    checks,
    output: run.output,
    ...(run.seed === undefined ? {} : { seed: run.seed }),
  });
  const find = <E extends ChildReport["event"]>(event: E) =>
    reports.find((r): r is Extract<ChildReport, { event: E }> => r.event === event);
  const where = running ? `during check "${running}"` : "while being imported";

  const oom = find("oom");
  if (run.killedFor === "oom" || oom || /out of memory|Reached heap limit/.test(run.stderr)) {
    return result(
      "error",
      `ran out of memory ${where}: the graded code may use ${
        Math.min(HEAP_LIMIT_MB, MEMORY_LIMIT / 2 ** 20)
      } MB. Does something grow without end, such as a list that is never emptied or a loop that keeps allocating?`,
    );
  }
  const exit = find("exit");
  if (exit) {
    return result(
      "error",
      `your code called ${
        exitCall(exit)
      } ${exit.during}: a graded file must not end the process, so this run cannot be graded. Return a value or throw an error instead`,
    );
  }
  const tampered = find("tampered");
  if (tampered) {
    return result(
      "error",
      `your code changed a built-in (${tampered.what}); a grade from such a run cannot be trusted. ` +
        `It happened ${tampered.during}. While grading, built-ins are frozen, so the change threw ` +
        `instead of taking effect: leave them as they are and write your own code instead`,
    );
  }
  const violation = find("violation");
  if (violation) return result("fail", `${violation.message} (${violation.during})`);
  const importError = find("import-error");
  if (importError) {
    return result("error", `${file} threw while being imported: ${importError.message}`);
  }
  if (run.killedFor === "timeout") {
    return result(
      "timeout",
      `still running after ${run.timeout} s ${where}: a loop that never ends, or a wait that never wakes?`,
    );
  }
  if (plan.length === 0) {
    const why = firstLine(run.stderr) || `exit code ${run.exitCode}`;
    return result("error", `the grader ${exercise.grader} could not start: ${why}`);
  }
  const closed = find("stdout-closed") ? " (your code closed the standard output)" : "";
  if (run.signal !== undefined && run.killedFor === undefined) {
    return result("error", `the grading process was killed by ${run.signal} ${where}${closed}`);
  }
  const stalledImport = find("stalled");
  if (stalledImport && running === undefined && !find("done")) {
    return result(
      "fail",
      `${file} never finished being imported: it waited for a promise that never settles (a top-level await?)`,
    );
  }
  if (running !== undefined) {
    const stalled = stalledImport !== undefined ||
      /event loop has already resolved|Promise resolution is still pending|promise never resolved/
        .test(run.stderr);
    const why = stalled
      ? "it waited for a promise that never settles"
      : `the process died: ${uncaught(run.stderr)}${closed}`;
    return result("fail", `check "${running}" never finished: ${why}`);
  }
  if (firstFailure) return result("fail", firstFailure);
  if (run.killedFor === "leak") {
    return result(
      "fail",
      "every check passed, but the code left something running afterwards (a timer, an interval, a server or a connection that was never closed)",
    );
  }
  const allPassed = plan.every((name) => outcome.get(name) === "pass");
  if (!allPassed || !find("done")) {
    return result("error", `the grading process ended early: ${uncaught(run.stderr)}${closed}`);
  }
  if (run.malformed > 0) {
    return result("error", "the grading process wrote a report that could not be read");
  }
  if (run.exitCode !== 0 || !find("end")) {
    const how = run.exitCode !== 0 ? `with exit code ${run.exitCode}` : "before its work was done";
    return result(
      "error",
      `every check passed, but the grading process ended ${how}: ${uncaught(run.stderr)}${closed}`,
    );
  }
  return result("pass", "");
}

function firstLine(text: string): string {
  return text.split("\n").map((l) => l.trim()).find(Boolean) ?? "";
}

/** The gist of an uncaught error printed by Deno: its first `error:` line. */
function uncaught(stderr: string): string {
  const line = stderr.split("\n").find((l) => l.startsWith("error:"));
  return (line ?? firstLine(stderr)) || "no message";
}
