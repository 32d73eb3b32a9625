/**
 * The grading subprocess: runs one grader's checks on one file, reporting
 * each step on stdout as `<nonce> <json>` (see `reports.ts`).
 *
 * Usage (the parent, `grade.ts`, builds it):
 * `deno run --preload=<grader> [sandbox flags] child.ts <grader> <file> <exercise> [seed]`,
 * with the nonce on stdin.
 *
 * The order is the defence. Before the learner's file loads:
 * 1. the reporter reads the nonce from stdin and captures what it uses;
 * 2. the grader (already loaded by `--preload`, so read-denied files can be
 *    graders) hands over its checks, which are copied and frozen, and the
 *    plan is reported: the parent then knows every check that must pass;
 * 3. the exploring layer is configured and sealed (`explore.ts`);
 * 4. the realm is sealed (`sandbox.ts`): intrinsics frozen, globals pinned,
 *    exits trapped, no `eval`, Workers guarded, memory watched.
 * Then the file is imported and each check run; after the import and after
 * every check the realm is checked for changes. The parent owns the clock.
 *
 * This process never calls `Deno.exit`: it ends when the event loop is
 * empty, and says so (`end`) only then, so learner code that leaves a timer
 * running, or ends the process itself, cannot pass for a clean finish.
 *
 * @module
 */

import assert from "node:assert";
import strict from "node:assert/strict";
import { dirname, relative, resolve } from "node:path";
import { configureExploration } from "./explore.ts";
import { describeFailure } from "./failure.ts";
import type { Grader } from "./grader.ts";
import { fromFileUrl, ROOT, toFileUrl } from "./paths.ts";
import { MEMORY_LIMIT } from "./limits.ts";
import { openReporter } from "./reporter.ts";
import { sealRealm } from "./sandbox.ts";
import { builtinChangeIn } from "./tamper.ts";

export type { ChildReport } from "./reports.ts";

/** Whether a Worker may run `url` while `file` is graded. */
export function workerAllowed(url: URL, file: string): boolean {
  let path: string;
  try {
    path = relative(ROOT, fromFileUrl(url.href));
  } catch {
    return false;
  }
  if (path.startsWith("..") || path.startsWith("/")) return false;
  if (path.endsWith("_grader.ts")) return false;
  // The tree the graded file lives in (exercises/, solutions/ for the
  // course's self-check, a fixture's folder), and the given code.
  const tree = file.startsWith("exercises/") || file.startsWith("solutions/")
    ? file.split("/")[0]
    : relative(ROOT, resolve(ROOT, dirname(file)));
  return path === file || path.startsWith(tree + "/") || path.startsWith("lessons/") ||
    path.startsWith("kernel/") || path.startsWith("exercises/");
}

/**
 * Whether the graded file, or a local file it imports, names `process` or
 * a `node:` module (read as text before any of it runs; see
 * `SealOptions.process`).
 */
export function namesProcess(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file) || seen.size > 50) return false;
  seen.add(file);
  let text: string;
  try {
    text = Deno.readTextFileSync(resolve(ROOT, file));
  } catch {
    return false;
  }
  // Node's modules may load it lazily too, which fails once the realm is frozen.
  if (/\bprocess\b|["']node:/.test(text)) return true;
  for (const [, specifier] of text.matchAll(/["'](\.{1,2}\/[^"'\n]+\.ts)["']/g)) {
    const next = relative(ROOT, resolve(ROOT, dirname(file), specifier));
    if (!next.startsWith("..") && namesProcess(next, seen)) return true;
  }
  return false;
}

if (import.meta.main) {
  // Why not await at the top level: a check stuck on a promise that never
  // settles then leaves an empty event loop, `beforeunload` fires while the
  // check is still running, and that is reported (Deno's own "top-level
  // await never resolved" check is defeated by the monitor Worker).
  void grade(Deno.args);
}

async function grade([graderPath, filePath, exercise, seed]: string[]): Promise<void> {
  const { report, nonce } = openReporter();
  const session = configureExploration({
    exercise: exercise ?? graderPath,
    file: filePath,
    seed: seed === undefined ? undefined : Number(seed),
    seal: true,
  });

  const grader = (await import(toFileUrl(graderPath))).default as Grader<unknown>;
  const names: readonly string[] = Object.freeze(Object.keys(grader.checks));
  const checks = Object.freeze(names.map((name) => grader.checks[name]));
  report({ event: "plan", checks: [...names] });

  let during = "while being imported";
  const process = namesProcess(filePath);
  let busy = true;
  let checksDone = false;
  const seal = sealRealm({
    report,
    during: () => during,
    workerAllowed: (url) => workerAllowed(url, filePath),
    nonce: nonce(),
    memoryLimit: MEMORY_LIMIT,
    process,
  });
  const harden = (globalThis as unknown as { harden: <T>(value: T) => T }).harden;
  harden(grader);
  harden(assert);
  harden(strict);
  await seal.watching;

  // Why both events: the runtime fires `beforeunload` only when the event
  // loop is empty, then `unload`; an exit fires `unload` alone.
  let beforeUnload: Event | undefined;
  addEventListener("beforeunload", (event) => {
    beforeUnload = event;
    if (busy) report({ event: "stalled", during });
  });
  addEventListener("unload", () => {
    if (checksDone && beforeUnload && !beforeUnload.defaultPrevented && !seal.hasMoreWork()) {
      report({ event: "end" });
    }
  });

  /** Report a changed built-in and say whether there was one. */
  const tampered = (error?: unknown): boolean => {
    const what = (error === undefined ? undefined : builtinChangeIn(error, filePath)) ??
      seal.changed();
    if (what !== undefined) report({ event: "tampered", what, during });
    return what !== undefined;
  };
  const describe = (error: unknown): string => {
    try {
      return describeFailure(error, filePath);
    } catch {
      return "your code threw something that cannot be shown (reading it threw again)";
    }
  };

  let module: unknown;
  let loaded = false;
  try {
    module = await import(toFileUrl(filePath));
    loaded = true;
  } catch (error) {
    if (!tampered(error)) report({ event: "import-error", message: describe(error) });
  }
  if (loaded && !tampered()) {
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      during = `during check "${name}"`;
      report({ event: "start", check: name });
      session.beginCheck(name);
      let failure: { error: unknown } | undefined;
      try {
        await checks[i](module);
      } catch (error) {
        failure = { error };
      }
      if (tampered(failure?.error)) break;
      if (failure) report({ event: "fail", check: name, message: describe(failure.error) });
      else report({ event: "pass", check: name });
    }
    during = "after the checks (in a timer or a callback)";
    checksDone = true;
    report({ event: "done" });
  }
  busy = false;
}
