/**
 * `deno task export`: build the course as a static site in `dist/`.
 *
 * This file only finds out where esbuild's native binary lives, then runs
 * `build_site.ts` with exactly the permissions the build needs: read the
 * repository, write `dist/`, and run that one binary (esbuild works in a
 * child process). Why a launcher: the binary sits in Deno's npm cache, whose
 * path differs per machine and per npm registry (a mirror gets a folder of
 * its own), so no fixed `--allow-run=<path>` can be written in `deno.json`; the alternative, a bare `--allow-run`, would let the build
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

/** What `deno info --json npm:esbuild@<version>` says, as far as this file reads it. */
export interface NpmInfo {
  /** Each npm package of the graph by `name@version`, with the folder Deno keeps it in. */
  npmPackages?: Record<string, { localPath?: string }>;
}

/**
 * Where Deno keeps esbuild's platform binary, read from `deno info --json`
 * for `npm:esbuild@<version>`: Deno lists the folder of every package it
 * resolved, `@esbuild/<platform>-<cpu>` among them. Why not build the path:
 * the folder is named after the registry host (`registry.npmjs.org`, or a
 * mirror's from `NPM_CONFIG_REGISTRY` or `.npmrc`), which only Deno knows.
 * Throws, saying what is missing, when the package is not there.
 *
 * @example A registry mirror's folder
 * ```ts
 * import assert from "node:assert/strict";
 * import { esbuildBinary } from "./export.ts";
 * const info = {
 *   npmPackages: {
 *     "@esbuild/linux-x64@0.28.2": { localPath: "/c/npm/mirror.test_4873/@esbuild/linux-x64/0.28.2" },
 *   },
 * };
 * assert.equal(
 *   esbuildBinary(info, "linux", "x86_64"),
 *   "/c/npm/mirror.test_4873/@esbuild/linux-x64/0.28.2/bin/esbuild",
 * );
 * ```
 */
export function esbuildBinary(info: NpmInfo, os: string, arch: string): string {
  const cpu = arch === "aarch64" ? "arm64" : "x64";
  const platform = os === "windows" ? "win32" : os;
  const key = `@esbuild/${platform}-${cpu}@${ESBUILD_VERSION}`;
  const dir = info.npmPackages?.[key]?.localPath;
  if (dir === undefined) {
    throw new Error(
      `Cannot find esbuild's binary for ${platform}-${cpu}: deno info lists no ${key}. ` +
        `Check that deno.lock pins npm:esbuild@${ESBUILD_VERSION} and that the npm registry answers.`,
    );
  }
  return os === "windows" ? join(dir, "esbuild.exe") : join(dir, "bin", "esbuild");
}

async function npmInfo(): Promise<NpmInfo> {
  const { success, stdout, stderr } = await new Deno.Command("deno", {
    args: ["info", "--json", `npm:esbuild@${ESBUILD_VERSION}`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(
      `Cannot find esbuild in Deno's npm cache as deno info failed: ${
        new TextDecoder().decode(stderr)
      }`,
    );
  }
  return JSON.parse(new TextDecoder().decode(stdout));
}

if (import.meta.main) {
  const binary = esbuildBinary(await npmInfo(), Deno.build.os, Deno.build.arch);
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
