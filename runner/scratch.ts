/**
 * For the runner's own tests: a scratch copy of the course in `.out/` (so
 * the real exercises are never touched), and the runner run in a copy as a
 * learner runs it, with the learner tasks' permissions.
 *
 * @module
 */

import { join } from "node:path";
import { ROOT } from "./grading/paths.ts";

/** What a runner process gave. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.name === ".backups") continue;
    const [a, b] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory) await copyTree(a, b);
    else if (entry.isFile) await Deno.copyFile(a, b);
  }
}

/** A scratch copy of the course: the parts the runner reads. */
export async function scratchCourse(): Promise<string> {
  const dir = join(ROOT, ".out", `cli-test-${crypto.randomUUID().slice(0, 8)}`);
  for (const part of ["exercises", "solutions", "runner", "kernel", "lessons"]) {
    await copyTree(join(ROOT, part), join(dir, part));
  }
  for (const file of ["deno.json", "deno.lock"]) {
    await Deno.copyFile(join(ROOT, file), join(dir, file)).catch(() => {});
  }
  return dir;
}

/** Run the runner in `dir`; npx's marker is cleared unless `env` sets it. */
export async function runner(dir: string, ...args: string[]): Promise<Run>;
export async function runner(
  dir: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<Run>;
export async function runner(
  dir: string,
  ...rest: (string | Record<string, string>)[]
): Promise<Run> {
  const env = typeof rest[0] === "object" ? rest.shift() as Record<string, string> : {};
  const args = rest as string[];
  const { code, stdout, stderr } = await new Deno.Command("deno", {
    args: [
      "run",
      "--quiet",
      "--lock=deno.lock",
      "--frozen",
      `--allow-read=${dir}`,
      `--allow-write=${join(dir, "exercises")}`,
      "--allow-run=deno",
      "--allow-env=NO_COLOR,GITHUB_STEP_SUMMARY,npm_command",
      "runner/main.ts",
      ...args,
    ],
    cwd: dir,
    env: { NO_COLOR: "1", npm_command: "", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}
