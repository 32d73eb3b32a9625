/**
 * "Write it yourself": a graded file may import only what its stub imports.
 *
 * Each exercise's stub (made from the reference, `runner/stubs.ts`) says
 * what is given: the kernel modules it builds on, the learner's own earlier
 * exercises. {@linkcode importProblems} reads every import of a graded file
 * with Deno's own parser (`import_scan.ts`) and compares, module by module
 * and name by name:
 *
 * - a value import (`import { run } from "../../kernel/mod.ts"`,
 *   `export { Future } from ...`, `import("...")` with a fixed path) must be
 *   one the stub makes, with names the stub takes from that module;
 * - a type-only import may also name any kernel module or sibling exercise
 *   (types are erased before the code runs), but never the references,
 *   the known-wrong variants, the graders or the runner;
 * - an `import(...)` whose specifier is computed is allowed only as the
 *   stub has it (the Worker side given in 10-workers/pool), statement for
 *   statement;
 * - sibling exercise files the graded file imports are checked the same
 *   way, against their own stubs, so a learner's earlier file cannot pass
 *   the reference through.
 *
 * What static reading cannot see (code compiled at run time, a Worker on
 * a computed URL) the grading subprocess refuses at run time (`sandbox.ts`).
 *
 * @module
 */

import { normalize } from "node:path";
import type { Exercise } from "../course.ts";
import { stubFromSolution } from "../stubs.ts";
import { MARKER, type ScannedFile, type ScannedImport } from "./import_scan.ts";
import { fromFileUrl, ROOT, toFileUrl } from "./paths.ts";

/** The name of the check a violation is reported under. */
export const IMPORT_CHECK = "imports only what its stub imports";

/**
 * Kernel modules given as scaffolding beyond what an exercise's stub
 * imports, by exercise id: module path to the names given (`*`: all).
 * Everywhere else the stub is the whole list. Decided per exercise by what
 * it asks the learner to write.
 */
export const SCAFFOLDING: Record<string, Record<string, string[]>> = {
  // Lesson 08 is about blocking the reference kernel: the whole kernel is
  // given, and what is written is a fib server that shares the thread.
  "08-blocking/fair_fib": { "kernel/mod.ts": ["*"] },
};

/** One file to check, graded against `exercise`'s stub. */
export interface ImportJob {
  /** The exercise. */
  exercise: Exercise;
  /** The graded file, relative to the root. */
  file: string;
}

/** What a module is, for the rule and the message. */
type Place =
  | { kind: "kernel"; path: string }
  | { kind: "sibling"; lesson: string; name: string }
  | { kind: "forbidden"; path: string; what: string }
  | { kind: "package"; specifier: string }
  | { kind: "other"; path: string };

/** The tree a file belongs to: `exercises`, `solutions`, or its own folder. */
function treeOf(file: string): string {
  if (file.startsWith("exercises/")) return "exercises";
  if (file.startsWith("solutions/")) return "solutions";
  return file.split("/").slice(0, -1).join("/");
}

/** Where `specifier`, imported from `file`, leads. */
export function placeOf(specifier: string, file: string): Place {
  if (/^(npm|jsr|node|https?|data|blob):/.test(specifier) || !/^(\.|\/|file:)/.test(specifier)) {
    return { kind: "package", specifier };
  }
  let path: string;
  try {
    const url = new URL(specifier, toFileUrl(file));
    path = normalize(fromFileUrl(url.href));
  } catch {
    return { kind: "package", specifier };
  }
  const root = ROOT.endsWith("/") ? ROOT : ROOT + "/";
  if (!path.startsWith(root)) return { kind: "forbidden", path, what: "a file outside the course" };
  const relative = path.slice(root.length);
  if (relative.startsWith("kernel/")) return { kind: "kernel", path: relative };
  if (relative.endsWith("_grader.ts")) {
    return { kind: "forbidden", path: relative, what: "a grader" };
  }
  if (/^solutions\/[^/]+\/wrong\//.test(relative)) {
    return { kind: "forbidden", path: relative, what: "a known-wrong variant" };
  }
  if (relative.startsWith("runner/")) {
    return { kind: "forbidden", path: relative, what: "the course runner" };
  }
  const sibling = /^(exercises|solutions)\/([^/]+)\/([^/]+\.ts)$/.exec(relative);
  // A file of the graded file's own tree (a learner's earlier exercise, or
  // for a reference, another reference); the references from anywhere else.
  if (sibling && (sibling[1] === treeOf(file) || sibling[1] === "exercises")) {
    return { kind: "sibling", lesson: sibling[2], name: sibling[3] };
  }
  if (relative.startsWith("solutions/")) {
    return { kind: "forbidden", path: relative, what: "a reference solution" };
  }
  return { kind: "other", path: relative };
}

function keyOf(place: Place): string {
  switch (place.kind) {
    case "kernel":
      return `kernel:${place.path}`;
    case "sibling":
      return `sibling:${place.lesson}/${place.name}`;
    case "package":
      return `package:${place.specifier}`;
    default:
      return `path:${place.path}`;
  }
}

/** What a stub allows: per module key, the value names and whether types only. */
interface Allowance {
  values: Map<string, Set<string>>;
  types: Set<string>;
  statements: Map<string, number>;
}

const squash = (text: string) => text.replace(/\s+/g, " ").trim();

function allowanceOf(imports: ScannedImport[], file: string, exercise: Exercise): Allowance {
  const allowance: Allowance = { values: new Map(), types: new Set(), statements: new Map() };
  for (const [path, names] of Object.entries(SCAFFOLDING[exercise.id] ?? {})) {
    allowance.types.add(`kernel:${path}`);
    allowance.values.set(`kernel:${path}`, new Set(names));
  }
  for (const entry of imports) {
    if (entry.specifier === null) {
      const statement = squash(entry.statement ?? "");
      allowance.statements.set(statement, (allowance.statements.get(statement) ?? 0) + 1);
      continue;
    }
    if (entry.kind === "reference" && entry.specifier.startsWith("lib:")) continue;
    const key = keyOf(placeOf(entry.specifier, file));
    allowance.types.add(key);
    if (entry.typeOnly) continue;
    const names = allowance.values.get(key) ?? new Set<string>();
    for (const name of entry.names) names.add(name);
    allowance.values.set(key, names);
  }
  return allowance;
}

function describePlace(place: Place): string {
  switch (place.kind) {
    case "kernel":
      return `the reference kernel (${place.path})`;
    case "sibling":
      return `your exercise ${place.lesson}/${place.name}`;
    case "forbidden":
      return `${place.what} (${place.path})`;
    case "package":
      return "a package";
    default:
      return place.path;
  }
}

function listAllowed(stub: ScannedImport[]): string {
  const given = stub.filter((entry) => entry.specifier !== null && !entry.typeOnly);
  if (given.length === 0) return "nothing, apart from types";
  return given.map((entry) =>
    `${entry.names.join(", ") || "(the module)"} from "${entry.specifier}"`
  )
    .join("; ");
}

/** The first broken rule of one file, or `undefined`. */
function problemIn(
  file: string,
  imports: ScannedImport[],
  stub: ScannedImport[],
  stubFile: string,
  exercise: Exercise,
): string | undefined {
  const allowance = allowanceOf(stub, stubFile, exercise);
  const used = new Map<string, number>();
  const rule = `Your file may import only what its stub imports: ${listAllowed(stub)}`;
  for (const entry of imports) {
    const at = `${file}:${entry.line}`;
    if (entry.specifier === null) {
      const statement = squash(entry.statement ?? "");
      const count = (used.get(statement) ?? 0) + 1;
      used.set(statement, count);
      if (count > (allowance.statements.get(statement) ?? 0)) {
        return `${at} imports a module whose name is computed at run time (import(...) of an expression): ` +
          `graded code may import only fixed paths. ${rule}`;
      }
      continue;
    }
    if (entry.kind === "reference" && entry.specifier.startsWith("lib:")) continue;
    const place = placeOf(entry.specifier, file);
    const key = keyOf(place);
    const names = entry.names.filter((name) => name !== "");
    const what = names.length === 0 ? "the module" : names.join(", ");
    if (place.kind === "forbidden" || place.kind === "package" || place.kind === "other") {
      if (!(entry.typeOnly ? allowance.types.has(key) : allowance.values.has(key))) {
        return `${at} imports ${what} from "${entry.specifier}", ${describePlace(place)}: ` +
          `write it yourself in ${file}. ${rule}`;
      }
    }
    if (entry.typeOnly) continue;
    const given = allowance.values.get(key);
    const missing = given === undefined
      ? names
      : names.filter((name) => !given.has(name) && !given.has("*"));
    if (given === undefined || missing.length > 0) {
      const which = missing.length > 0 ? missing.join(", ") : what;
      const own = exercise.name;
      return `${at} imports ${which} from "${entry.specifier}", ${describePlace(place)}: ` +
        `that is what exercise ${exercise.id} asks you to write yourself, so write ${which} in ${file} ` +
        `instead of importing ${
          missing.length === 1 ? "it" : "them"
        } (the ${own} exercise builds on ` +
        `the given code only). ${rule}`;
    }
  }
  return undefined;
}

/** Run the scanner (`import_scan.ts`) on `sources`. */
async function scan(
  sources: { file: string; source: string }[],
): Promise<Map<string, ScannedFile>> {
  const child = new Deno.Command("deno", {
    args: ["test", "--no-check", "--no-config", "runner/grading/import_scan.ts", "--", "--stdin"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(sources)));
  await writer.close();
  const { stdout } = await child.output();
  const text = new TextDecoder().decode(stdout);
  const line = text.split("\n").find((l) => l.startsWith(MARKER));
  if (line === undefined) {
    throw new Error(`Cannot read the imports of graded files: ${text.trim()}`);
  }
  const found = JSON.parse(line.slice(MARKER.length)) as ScannedFile[];
  return new Map(found.map((entry) => [entry.file, entry]));
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(`${ROOT}/${path}`);
  } catch {
    return undefined;
  }
}

/**
 * Check every job's file (and the sibling exercise files it may import)
 * against the stubs; the message of the first broken rule, by graded file.
 * `exercises` is the whole course, to find a sibling's exercise.
 */
export async function importProblems(
  jobs: ImportJob[],
  exercises: Exercise[],
): Promise<Map<string, string>> {
  const byName = new Map(exercises.map((e) => [`${e.lesson.dir}/${e.name}.ts`, e]));
  const sources: { file: string; source: string }[] = [];
  const stubs = new Map<string, string>();
  const stubTexts = new Map<string, string | null>();
  /** Files equal to their stub: they import what it imports. */
  const pristine = new Set<string>();
  const add = (file: string, source: string) => {
    if (!sources.some((s) => s.file === file)) sources.push({ file, source });
  };
  const stubText = async (exercise: Exercise): Promise<string | null> => {
    if (!stubTexts.has(exercise.id)) {
      const solution = await readText(exercise.solution);
      let text: string | null = null;
      try {
        if (solution !== undefined) text = stubFromSolution(solution, exercise.solution);
      } catch { /* no stub can be made (a test fixture): no rule to apply */ }
      stubTexts.set(exercise.id, text);
      if (text !== null) {
        // Why ".ts": the parser reads a file as TypeScript by its name.
        stubs.set(exercise.id, `stub:${exercise.id}.ts`);
        add(`stub:${exercise.id}.ts`, text);
      }
    }
    return stubTexts.get(exercise.id)!;
  };
  // Only what a graded file can reach is read: the file, its stub, and the
  // sibling files its stub imports (a learner's file importing any other is
  // refused at its own import), with their stubs, and so on.
  const queue = jobs.map(({ exercise, file }) => ({ exercise, file }));
  const queued = new Set<string>();
  while (queue.length > 0) {
    const { exercise, file } = queue.shift()!;
    if (queued.has(file)) continue;
    queued.add(file);
    const stub = await stubText(exercise);
    const source = await readText(file);
    if (stub === null || source === undefined) continue;
    if (source === stub) pristine.add(file);
    else add(file, source);
    for (
      const [, specifier] of stub.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)
    ) {
      const place = placeOf(specifier, exercise.file);
      const sibling = place.kind === "sibling"
        ? byName.get(`${place.lesson}/${place.name}`)
        : undefined;
      if (sibling && place.kind === "sibling") {
        queue.push({ exercise: sibling, file: `${treeOf(file)}/${place.lesson}/${place.name}` });
      }
    }
  }
  if (sources.every((s) => s.file.startsWith("stub:"))) return new Map();
  const scanned = await scan(sources);
  const problems = new Map<string, string>();
  const importsOf = (file: string) => scanned.get(file)?.imports ?? null;
  for (const { exercise, file } of jobs) {
    const check = (
      target: string,
      target_exercise: Exercise,
      seen: Set<string>,
    ): string | undefined => {
      if (seen.has(target)) return undefined;
      seen.add(target);
      const stubName = stubs.get(target_exercise.id);
      if (stubName === undefined) return undefined; // no stub, no rule (a test fixture)
      const scannedFile = scanned.get(pristine.has(target) ? stubName : target);
      const imports = scannedFile?.imports ?? null;
      const stub = importsOf(stubName);
      if (stub === null) {
        return `${target}: the imports of its stub could not be read (${
          scanned.get(stubName)?.error?.split("\n")[0]
        }), and grading refuses what it cannot check`;
      }
      if (imports === null) {
        // A syntax error: the type-check says where. Anything else that
        // stopped the scan is refused: what cannot be read is not trusted.
        const why = scannedFile?.error ?? "it could not be read";
        if (/^SyntaxError|could not be parsed/i.test(why)) return undefined;
        return `${target}: cannot read its imports (${
          why.split("\n")[0]
        }), and grading refuses what it cannot check`;
      }
      const problem = problemIn(target, imports, stub, target_exercise.file, target_exercise);
      if (problem) return problem;
      for (const entry of imports) {
        if (entry.specifier === null || entry.typeOnly) continue;
        const place = placeOf(entry.specifier, target);
        if (place.kind !== "sibling") continue;
        const sibling = byName.get(`${place.lesson}/${place.name}`);
        const path = `${treeOf(target)}/${place.lesson}/${place.name}`;
        if (sibling) {
          const deeper = check(path, sibling, seen);
          if (deeper) return deeper;
        }
      }
      return undefined;
    };
    const problem = check(file, exercise, new Set());
    if (problem) problems.set(file, problem);
  }
  return problems;
}
