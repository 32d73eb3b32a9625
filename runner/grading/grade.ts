/**
 * Grading one file against one exercise's grader, in a subprocess that
 * cannot take the runner down with it.
 *
 * Containment, in the order things can go wrong:
 * 1. the file does not parse or type-check: `error`, naming file and line
 *    (see `typecheck.ts`; done before this, in one batch for speed);
 * 2. it throws while being imported: `error`, with its message;
 * 3. a check fails: `fail`, with the first failure's message;
 * 4. it never finishes (a `while (true) {}`): killed after the timeout,
 *    `timeout`, naming the check that was running;
 * 5. it awaits a promise that never settles: Deno notices the empty event
 *    loop and stops; `fail`, naming the check;
 * 6. it passes every check but leaves a timer or socket open: `fail`.
 *
 * The subprocess gets least privilege: read of the repository, network to
 * 127.0.0.1 only when the manifest says the exercise needs it, nothing else.
 *
 * @module
 */

import type { Exercise } from "../course.ts";
import type { ChildReport } from "./child.ts";
import { ROOT } from "./paths.ts";

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

/** Grade one file (already type-checked) against `exercise`'s grader. */
export async function gradeFile(
  exercise: Exercise,
  options: GradeOptions = {},
): Promise<GradeResult> {
  const file = options.file ?? exercise.file;
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const grace = options.grace ?? 2;
  const nonce = `@@grade-${crypto.randomUUID()}`;
  // Why --lock: deno.json turns lock discovery off (see README, "npm packages"),
  // so the graders' npm packages are checked against the learner's lock here.
  const args = [
    "run",
    "--lock=deno.lock",
    "--frozen",
    "--no-check",
    "--no-prompt",
    "--quiet",
    `--allow-read=${ROOT}`,
  ];
  if (exercise.net) args.push("--allow-net=127.0.0.1");
  args.push("runner/grading/child.ts", exercise.grader, file, nonce, exercise.id);
  if (options.seed !== undefined) args.push(String(options.seed));

  const child = new Deno.Command("deno", {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  const reports: ChildReport[] = [];
  const printed: string[] = [];
  let finished: (() => void) | undefined;
  const done = new Promise<void>((resolve) => finished = resolve);

  const readStdout = (async () => {
    let buffer = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith(nonce + " ")) {
          const report = JSON.parse(line.slice(nonce.length + 1)) as ChildReport;
          reports.push(report);
          if (report.event === "done" || report.event === "import-error") finished?.();
        } else printed.push(line);
      }
    }
    if (buffer) printed.push(buffer);
  })();
  const readStderr = new Response(child.stderr).text();

  // Why two clocks: the whole run gets `timeout` seconds; once the last check
  // has reported, the process gets only `grace` more seconds to exit by itself.
  let killedFor: "timeout" | "leak" | undefined;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const kill = (why: "timeout" | "leak") => {
    killedFor ??= why;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  let exited = false;
  timers.push(setTimeout(() => kill("timeout"), timeout * 1000));
  done.then(() => {
    if (!exited) timers.push(setTimeout(() => kill("leak"), grace * 1000));
  });

  const status = await child.status;
  exited = true;
  for (const timer of timers) clearTimeout(timer);
  await readStdout;
  const stderr = await readStderr;
  return interpret({
    exercise,
    file,
    reports,
    killedFor,
    timeout,
    exitCode: status.code,
    output: [...printed, stderr.trim()].filter(Boolean).join("\n"),
    stderr,
  });
}

interface RunRecord {
  exercise: Exercise;
  file: string;
  reports: ChildReport[];
  killedFor: "timeout" | "leak" | undefined;
  timeout: number;
  exitCode: number;
  output: string;
  stderr: string;
}

/** Read a finished run's reports into a result. */
function interpret(run: RunRecord): GradeResult {
  const { exercise, file, reports } = run;
  const plan = reports.find((r) => r.event === "plan")?.checks ?? [];
  const outcome = new Map<string, CheckResult["status"]>();
  const why = new Map<string, string>();
  let firstFailure: string | undefined;
  let running: string | undefined;
  for (const report of reports) {
    if (report.event === "start") running = report.check;
    if (report.event === "pass") {
      outcome.set(report.check, "pass");
      running = undefined;
    }
    if (report.event === "fail") {
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
  });

  const importError = reports.find((r) => r.event === "import-error");
  if (importError?.event === "import-error") {
    return result("error", `${file} threw while being imported: ${importError.message}`);
  }
  if (run.killedFor === "timeout") {
    const during = running ? ` during check "${running}"` : " while being imported";
    return result(
      "timeout",
      `still running after ${run.timeout} s${during}: a loop that never ends, or a wait that never wakes?`,
    );
  }
  if (plan.length === 0) {
    const why = firstLine(run.stderr) || `exit code ${run.exitCode}`;
    return result("error", `the grader ${exercise.grader} could not start: ${why}`);
  }
  if (running !== undefined) {
    const stalled =
      /event loop has already resolved|Promise resolution is still pending|promise never resolved/
        .test(
          run.stderr,
        );
    const why = stalled
      ? "it waited for a promise that never settles"
      : `the process died: ${uncaught(run.stderr)}`;
    return result("fail", `check "${running}" never finished: ${why}`);
  }
  if (firstFailure) return result("fail", firstFailure);
  if (run.killedFor === "leak") {
    return result(
      "fail",
      "every check passed, but the code left something running afterwards (a timer, an interval, a server or a connection that was never closed)",
    );
  }
  if (!reports.some((r) => r.event === "done") || run.exitCode !== 0) {
    return result("error", `the grading process ended early: ${uncaught(run.stderr)}`);
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
