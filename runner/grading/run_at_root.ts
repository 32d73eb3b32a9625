/**
 * Run a program the way a learner runs one saved at the repository root
 * (a counterexample the grader printed, as `case.ts`; code copied from the
 * playground): `deno run` from the root, the program on stdin. For the tests
 * that prove such programs run as shown.
 *
 * @module
 */

import { ROOT } from "./paths.ts";

/** What a program run by {@linkcode runAtRoot} did. */
export interface RootRun {
  /** Its exit code. */
  code: number;
  /** What it printed on stdout. */
  stdout: string;
  /** What it printed on stderr. */
  stderr: string;
}

/**
 * Run `source` as a module at the repository root, with `permissions` (the
 * flags the grader's message names, no more).
 *
 * @example
 * ```ts ignore
 * import { runAtRoot } from "./run_at_root.ts";
 * const run = await runAtRoot('import { range } from "./exercises/01-iterators/range.ts";');
 * ```
 */
export async function runAtRoot(source: string, permissions: string[] = []): Promise<RootRun> {
  // Why stdin: `deno run -` resolves `./exercises/...` from the working
  // directory exactly as a case.ts saved at the root would, and writes nothing.
  const child = new Deno.Command("deno", {
    args: ["run", "--no-prompt", "--quiet", ...permissions, "-"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(source));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}
