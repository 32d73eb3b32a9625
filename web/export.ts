/**
 * `deno task export`: build the course as a static site in `dist/`.
 *
 * This file only finds out where esbuild's native binary lives, then runs
 * `build_site.ts` with exactly the permissions the build needs: read the
 * repository, write `dist/`, and run that one binary (esbuild works in a
 * child process). Why a launcher: the binary sits in Deno's npm cache, whose
 * path differs per machine, so no fixed `--allow-run=<path>` can be written
 * in `deno.json`; the alternative, a bare `--allow-run`, would let the build
 * run anything.
 *
 * ```sh
 * deno task export                      # dist/, lesson links to copied sources
 * deno task export --repo-url=https://github.com/you/groundup/blob/main
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The esbuild version the build uses; `build_site.ts` imports the same. */
export const ESBUILD_VERSION = "0.28.2";

/**
 * Where Deno keeps esbuild's platform binary, given Deno's npm cache folder.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { esbuildBinary } from "./export.ts";
 * assert.equal(
 *   esbuildBinary("/c/npm", "linux", "x86_64"),
 *   "/c/npm/registry.npmjs.org/@esbuild/linux-x64/0.28.2/bin/esbuild",
 * );
 * ```
 */
export function esbuildBinary(npmCache: string, os: string, arch: string): string {
  const cpu = arch === "aarch64" ? "arm64" : "x64";
  const platform = os === "windows" ? "win32" : os;
  const dir = join(
    npmCache,
    "registry.npmjs.org",
    "@esbuild",
    `${platform}-${cpu}`,
    ESBUILD_VERSION,
  );
  return os === "windows" ? join(dir, "esbuild.exe") : join(dir, "bin", "esbuild");
}

async function npmCache(): Promise<string> {
  const { success, stdout, stderr } = await new Deno.Command("deno", {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(
      `Cannot find Deno's npm cache as deno info failed: ${new TextDecoder().decode(stderr)}`,
    );
  }
  return JSON.parse(new TextDecoder().decode(stdout)).npmCache;
}

if (import.meta.main) {
  const binary = esbuildBinary(await npmCache(), Deno.build.os, Deno.build.arch);
  const script = fileURLToPath(new URL("./build_site.ts", import.meta.url));
  const { code } = await new Deno.Command("deno", {
    args: [
      "run",
      "--allow-read=.",
      "--allow-write=dist",
      // esbuild's JS API hands its whole environment to the binary.
      "--allow-env",
      `--allow-run=${binary}`,
      script,
      ...Deno.args,
    ],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  Deno.exit(code);
}
