/**
 * The grading subprocess: imports one grader and one file under test, runs
 * every check, and reports each step on stdout as a line that starts with a
 * nonce the parent chose (so nothing the learner prints can pass for a
 * report).
 *
 * Usage: `deno run --no-check --allow-read=<repo> child.ts <grader> <file> <nonce> <exercise> [seed]`
 *
 * The parent (`grade.ts`) owns the clock: if this process loops forever it
 * is killed, and the last `start` line says which check was running. This
 * process never calls `Deno.exit`: it ends when the event loop is empty, so
 * learner code that leaves a timer or a socket open is caught as a leak.
 *
 * @module
 */

import { beginCheck, configureExploration } from "./explore.ts";
import { describeFailure } from "./failure.ts";
import type { Grader } from "./grader.ts";
import { toFileUrl } from "./paths.ts";

/** Every line this process reports, in the order they come. */
export type ChildReport =
  | { event: "plan"; checks: string[] }
  | { event: "import-error"; message: string }
  | { event: "start"; check: string }
  | { event: "pass"; check: string }
  | { event: "fail"; check: string; message: string }
  | { event: "done" };

if (import.meta.main) {
  const [graderPath, filePath, nonce, exercise, seed] = Deno.args;
  configureExploration({
    exercise: exercise ?? graderPath,
    file: filePath,
    seed: seed === undefined ? undefined : Number(seed),
  });
  const report = (line: ChildReport) => console.log(`${nonce} ${JSON.stringify(line)}`);
  const url = (path: string) => toFileUrl(path);

  const grader = (await import(url(graderPath))).default as Grader<unknown>;
  const names = Object.keys(grader.checks);
  report({ event: "plan", checks: names });

  let module: unknown;
  try {
    module = await import(url(filePath));
  } catch (error) {
    report({ event: "import-error", message: describeFailure(error, filePath) });
  }
  if (module !== undefined) {
    for (const name of names) {
      report({ event: "start", check: name });
      beginCheck(name);
      try {
        await grader.checks[name](module);
        report({ event: "pass", check: name });
      } catch (error) {
        report({ event: "fail", check: name, message: describeFailure(error, filePath) });
      }
    }
    report({ event: "done" });
  }
}
