/**
 * Type-check learners' files before running them, so a type or syntax error
 * is reported as one clear line with its place instead of a confusing
 * runtime failure three checks later.
 *
 * @module
 */

import { toFileUrl } from "./paths.ts";

/** A first error per file, as `file:line:col: message`, keyed by relative path. */
export type Diagnostics = Map<string, string>;

/** Seconds one `deno check` may take before it is stopped. @default 60 */
export const TYPECHECK_TIMEOUT = 60;

/** Read `deno check` output into the first diagnostic of each file. */
export function parseDiagnostics(output: string, root: string): Diagnostics {
  const found: Diagnostics = new Map();
  const prefix = toFileUrl(root) + "/";
  let message: string | undefined;
  for (const line of output.split("\n")) {
    const head = /^(?:(TS\d+) \[ERROR\]: |error: )(.*)$/.exec(line);
    if (head) {
      message = head[1] ? `${head[2]} (${head[1]})` : head[2];
      continue;
    }
    const at = /^\s+at (file:\/\/\S+?):(\d+):(\d+)$/.exec(line);
    if (at && message !== undefined) {
      const file = decodeURIComponent(
        at[1].startsWith(prefix) ? at[1].slice(prefix.length) : at[1],
      );
      if (!found.has(file)) found.set(file, `${file}:${at[2]}:${at[3]}: ${message}`);
      message = undefined;
    }
  }
  return found;
}

/** One `deno check` run, stopped after `timeout` seconds. */
async function check(
  files: string[],
  root: string,
  timeout: number,
): Promise<{ code: number; text: string; timedOut: boolean }> {
  const child = new Deno.Command("deno", {
    // Why --no-config: deno.json excludes runner/testdata (fixtures broken
    // on purpose) from the course's own checks, and an exclude would also
    // hide an explicitly named file from this check. Why --no-remote and
    // --no-npm: a learner's import must not make the type-check download.
    args: ["check", "--quiet", "--no-config", "--no-remote", "--no-npm", ...files],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, timeout * 1000);
  const { code, stdout, stderr } = await child.output();
  clearTimeout(timer);
  const text = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  return { code, text, timedOut };
}

/**
 * Type-check `files` (relative to `root`) and return the first error of each
 * file that has one. A syntax error stops `deno check` before it looks at the
 * other files, so a file with one is set aside and the rest checked again.
 * A check that runs past `timeout` seconds is retried file by file, so one
 * pathological file is charged alone.
 */
export async function typecheck(
  files: string[],
  root: string,
  timeout = TYPECHECK_TIMEOUT,
): Promise<Diagnostics> {
  const found: Diagnostics = new Map();
  let pending = [...files];
  while (pending.length > 0) {
    const { code, text, timedOut } = await check(pending, root, timeout);
    if (timedOut) {
      if (pending.length === 1) {
        found.set(
          pending[0],
          `${
            pending[0]
          }: the type-check did not finish within ${timeout} s (a type that never stops expanding?)`,
        );
      } else {
        for (const file of pending) {
          for (const [where, message] of await typecheck([file], root, timeout)) {
            found.set(where, message);
          }
        }
      }
      break;
    }
    if (code === 0) break;
    const round = parseDiagnostics(text, root);
    const hit = pending.filter((f) => round.has(f));
    for (const file of hit) found.set(file, round.get(file)!);
    if (hit.length === 0) {
      // An error in a file the learner imports but we did not ask about
      // (a shared helper, say): charge it to every file in this batch.
      const first = [...round.values()][0] ?? text.trim().split("\n")[0];
      for (const file of pending) found.set(file, first);
      break;
    }
    // Only a syntax error hides the other files' errors; type errors are all
    // reported in one go, so one more round is needed only after a syntax error.
    if (!/error: (SyntaxError|The module's source code could not be parsed)/.test(text)) break;
    pending = pending.filter((f) => !round.has(f));
  }
  return found;
}
