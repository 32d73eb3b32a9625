/**
 * The playground's example menu: the programs in `web/presets/` (shown as
 * written), then every lesson example that uses the kernel, in manifest
 * order, with its TypeScript types stripped by esbuild.
 *
 * A lesson example qualifies when it imports `kernel/mod.ts` and needs
 * nothing the browser lacks: no `net`, `ffi` or `fails` flag, no `Deno.`
 * API, and no import other than the kernel.
 *
 * @module
 */

import { join } from "node:path";
import type { LessonEntry } from "../runner/course.ts";
import { examplesIn } from "../runner/lesson_examples.ts";
import type { Preset } from "./browser/playground.ts";

/** Menu order of the presets in `web/presets/`; others follow by name. */
export const PRESET_ORDER = [
  "round_robin",
  "sleeping",
  "errors",
  "cancel_timeout",
  "echo_memory",
  "fib_pool",
  "asleep",
];

/** Strips types from TypeScript: esbuild's `transform`, passed in by the build. */
export type StripTypes = (code: string) => Promise<string>;

/**
 * A program's imports as playground code writes them: `groundup/kernel`
 * for any `kernel/*.ts`, `groundup/jobs` for the jobs module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { displayImports } from "./presets.ts";
 * assert.equal(displayImports('import { run } from "../../kernel/mod.ts";'), 'import { run } from "groundup/kernel";');
 * ```
 */
export function displayImports(code: string): string {
  return code
    .replace(/(["'])(?:\.\.?\/)+(?:[\w-]+\/)*kernel\/\w+\.ts\1/g, '"groundup/kernel"')
    .replace(/(["'])(?:\.\.?\/)+(?:[\w-]+\/)*jobs\.ts\1/g, '"groundup/jobs"');
}

/**
 * Read the curated presets from `dir` (`web/presets`).
 *
 * @example
 * ```ts ignore
 * const presets = await curatedPresets("web/presets");
 * ```
 */
export async function curatedPresets(dir: string): Promise<Preset[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith(".js")) names.push(entry.name.slice(0, -3));
  }
  const rank = (name: string) => {
    const i = PRESET_ORDER.indexOf(name);
    return i < 0 ? PRESET_ORDER.length : i;
  };
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const presets: Preset[] = [];
  for (const name of names) {
    const code = await Deno.readTextFile(join(dir, `${name}.js`));
    const title = /^\/\/\s*(.+)$/m.exec(code)?.[1] ?? name;
    presets.push({
      id: name.replace(/_/g, "-"),
      title,
      origin: "playground examples",
      code: displayImports(code),
      needsWorkers: /^\/\/\s*needs: workers\s*$/m.test(code),
    });
  }
  return presets;
}

/**
 * The kernel examples of the lessons, types stripped, with the code of the
 * original block (so lesson pages can link each block to its preset).
 *
 * @example
 * ```ts ignore
 * const found = await lessonPresets(".", manifest.lessons, strip, new Set(["run"]));
 * ```
 */
export async function lessonPresets(
  root: string,
  lessons: readonly LessonEntry[],
  strip: StripTypes,
  available: ReadonlySet<string>,
): Promise<{ preset: Preset; source: string }[]> {
  const out: { preset: Preset; source: string }[] = [];
  for (const lesson of lessons) {
    const file = `lessons/${lesson.dir}/README.md`;
    let text: string;
    try {
      text = await Deno.readTextFile(join(root, file));
    } catch {
      continue; // a lesson listed before its text exists
    }
    const lines = text.split("\n");
    const number = lesson.dir.split("-")[0];
    let count = 0;
    for (const example of examplesIn(text, file)) {
      if (!browserSafe(example.code, example.flags, available)) continue;
      count++;
      const heading = lines.slice(0, example.line).reverse().find((l) => /^#{2,3} /.test(l));
      const title = heading?.replace(/^#+\s*/, "").replace(/`/g, "") ?? `example ${count}`;
      const preset: Preset = {
        id: `${lesson.dir}-${count}`,
        title: `${number} · ${title}`,
        origin: `lesson ${number} · ${lesson.title}`,
        code: displayImports(await strip(example.code)),
        needsWorkers: /\b(WorkerPool|asleep|runInWorker)\b/.test(example.code),
      };
      if (example.expected !== undefined) preset.expected = example.expected;
      out.push({ preset, source: example.code });
    }
  }
  return out;
}

/**
 * Whether a lesson example can run in the playground: kernel imports only,
 * every imported name one the browser kernel exports (`available`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { browserSafe } from "./presets.ts";
 * assert.equal(browserSafe('import { run } from "../../kernel/mod.ts";', []), true);
 * assert.equal(browserSafe('import { run } from "../../kernel/mod.ts"; Deno.exit(1);', []), false);
 * assert.equal(browserSafe("console.log(1);", []), false);
 * ```
 */
export function browserSafe(
  code: string,
  flags: readonly string[],
  available?: ReadonlySet<string>,
): boolean {
  if (flags.some((flag) => flag === "net" || flag === "ffi" || flag === "fails")) return false;
  if (/\bDeno\./.test(code)) return false;
  const imports = [...code.matchAll(/\bfrom\s*["']([^"']+)["']/g)].map((m) => m[1]);
  if (!imports.some((spec) => /kernel\/mod\.ts$/.test(spec))) return false;
  if (!imports.every((spec) => /kernel\/\w+\.ts$/.test(spec))) return false;
  if (available === undefined) return true;
  return importedNames(code).every((name) => available.has(name));
}

/**
 * The value names a program imports (type-only imports left out).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { importedNames } from "./presets.ts";
 * assert.deepEqual(importedNames('import { run, type KernelOp, spawn as s } from "x";'), ["run", "spawn"]);
 * ```
 */
export function importedNames(code: string): string[] {
  const names: string[] = [];
  for (const [, list] of code.matchAll(/\bimport\s*\{([^}]*)\}\s*from/g)) {
    for (const part of list.split(",")) {
      const name = part.trim().split(/\s+as\s+/)[0].trim();
      if (name !== "" && !name.startsWith("type ")) names.push(name);
    }
  }
  return names;
}
