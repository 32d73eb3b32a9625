/**
 * The playground's example menu: the programs in `web/presets/` (shown as
 * written), then every lesson example that uses the kernel, in manifest
 * order, with its TypeScript types stripped (`strip_types.ts`): the shown
 * code is the lesson's code, comments, `using` and all, minus the types.
 * {@linkcode notFromSource} checks that, and the build refuses an example
 * that fails it.
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
import { stripTypes } from "./strip_types.ts";

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

/**
 * Compiles TypeScript to JavaScript (esbuild's `transform`, passed in by the
 * build) for the rare example that type stripping refuses, such as a class
 * with parameter properties.
 */
export type CompileTypes = (code: string) => Promise<string>;

/** A lesson example as a preset, with the code it was made from. */
export interface LessonPreset {
  /** The preset. */
  preset: Preset;
  /** The lesson block's code, as written. */
  source: string;
  /** `"stripped"`: types taken out; `"compiled"`: stripping refused, so compiled. */
  how: "stripped" | "compiled";
}

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
 * original block (so lesson pages can link each block to its preset). Two
 * examples under one heading get titles that say which is which.
 *
 * @example
 * ```ts ignore
 * const found = await lessonPresets(".", manifest.lessons, compile, new Set(["run"]));
 * ```
 */
export async function lessonPresets(
  root: string,
  lessons: readonly LessonEntry[],
  compile: CompileTypes,
  available: ReadonlySet<string>,
): Promise<LessonPreset[]> {
  const out: LessonPreset[] = [];
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
    const found: LessonPreset[] = [];
    const headings: string[] = [];
    for (const example of examplesIn(text, file)) {
      if (!browserSafe(example.code, example.flags, available)) continue;
      const heading = lines.slice(0, example.line).reverse().find((l) => /^#{2,3} /.test(l));
      const title = heading?.replace(/^#+\s*/, "").replace(/`/g, "") ?? "example";
      headings.push(title);
      let code: string;
      let how: LessonPreset["how"] = "stripped";
      try {
        code = stripTypes(example.code);
      } catch {
        code = await compile(example.code);
        how = "compiled";
      }
      const preset: Preset = {
        id: `${lesson.dir}-${found.length + 1}`,
        title: `${number} · ${title}`,
        origin: `lesson ${number} · ${lesson.title}`,
        code: displayImports(code),
        needsWorkers: /\b(WorkerPool|asleep|runInWorker)\b/.test(example.code),
      };
      if (example.expected !== undefined) preset.expected = example.expected;
      found.push({ preset, source: example.code, how });
    }
    for (const [i, entry] of found.entries()) {
      const same = headings.filter((h) => h === headings[i]);
      if (same.length > 1) {
        const nth = headings.slice(0, i + 1).filter((h) => h === headings[i]).length;
        entry.preset.title += ` (${nth} of ${same.length})`;
      }
    }
    out.push(...found);
  }
  return out;
}

/**
 * What is wrong with a preset shown for a lesson example, or `null` when
 * nothing is: a stripped example must be the lesson's code with only types
 * taken out (every other character still there, in order), and no example
 * may hold code its lesson lacks, such as a compiler's helpers
 * (`__using`, `__callDispose`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notFromSource } from "./presets.ts";
 * const source = "using pool = open(); // ours\nconst n: number = 25000;";
 * assert.equal(notFromSource("using pool = open(); // ours\nconst n = 25000;", source), null);
 * assert.match(notFromSource("var _stack = [];\nconst pool = __using(_stack, open());", source)!, /__using/);
 * assert.match(notFromSource("const n = 25000 + 1;", source)!, /not the lesson's code/);
 * ```
 */
export function notFromSource(
  shown: string,
  source: string,
  how: LessonPreset["how"] = "stripped",
): string | null {
  const original = displayImports(source);
  const words = new Set(original.match(/(?<![\w$])[A-Za-z_$][\w$]*/g) ?? []);
  const foreign = [...new Set(shown.match(/(?<![\w$])[A-Za-z_$][\w$]*/g) ?? [])].filter((w) =>
    !words.has(w)
  );
  if (foreign.length > 0) return `it uses names the lesson's code does not: ${foreign.join(", ")}`;
  if (how === "compiled") return null;
  const a = shown.replace(/\s+/g, "");
  const b = original.replace(/\s+/g, "");
  let j = 0;
  for (let i = 0; i < a.length; i++, j++) {
    while (j < b.length && b[j] !== a[i]) j++;
    if (j === b.length) {
      const at = shown.replace(/\s+/g, " ").slice(0, 60);
      return `it is not the lesson's code with types taken out (from "${
        a.slice(i, i + 30)
      }" on): ${at}…`;
    }
  }
  return null;
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
