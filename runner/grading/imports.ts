/**
 * "Write it yourself": a graded file may import only what its stub imports.
 *
 * Each exercise's stubs as shipped (`runner/pristine_stubs.json`, so the
 * rule holds in a copy without `solutions/` too) say what is given: the
 * kernel modules it builds on, the learner's own earlier exercises. Where
 * an exercise also has a bare stub (`reset --bare`), a file may import what
 * either stub imports: the bare stub leaves out code the guided one gives
 * (the Worker side of `10-workers/pool`), which a learner starting bare
 * must be able to write the same way, and nothing either stub imports is
 * what the exercise asks you to write. {@linkcode importProblems} parses the graded file
 * (`npm:@babel/parser`, in this process: a parser process of Deno's own,
 * `deno test` hosting `Deno.lint.runPlugin`, cost 0.5-0.8 s a grade here),
 * finds every import and compares, module by module and name by name:
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
import { loadPristine, PRISTINE_FILE } from "../pristine.ts";
import { fromFileUrl, ROOT, toFileUrl } from "./paths.ts";

/** One import, of any kind, as written. */
export interface ScannedImport {
  /**
   * `import` (a declaration), `export` (`export ... from`), `dynamic`
   * (`import(...)`), `type` (a type-level `import("...")`), `require`
   * (`import x = require(...)`) or `reference` (a triple-slash reference).
   */
  kind: "import" | "export" | "dynamic" | "type" | "require" | "reference";
  /** The specifier, or `null` when it is computed at run time. */
  specifier: string | null;
  /** The names imported: `default`, `*` for all, or an export's name. Empty for a bare import. */
  names: string[];
  /** Whether it brings in types only (erased before the code runs). */
  typeOnly: boolean;
  /** Its line, from 1. */
  line: number;
  /** For a computed `import(...)`: the whole top-level statement around it, as written. */
  statement?: string;
}

/** What the scan found in one file. */
export interface ScannedFile {
  /** The name it was given under. */
  file: string;
  /** Every import in source order, or `null` when the file could not be parsed. */
  imports: ScannedImport[] | null;
  /** Why not, when `imports` is `null`. */
  error?: string;
}

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
  // Lesson 10 builds on the kernel's Future (the pool's stub imports it),
  // and asleep is about whose thread blocks, not about writing a Future:
  // a timer Future made with it is refused by the grader, by what it does.
  "10-workers/asleep": { "kernel/future.ts": ["Future"] },
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

/** A lesson folder's name: `06-traps`. */
const LESSON_DIR = /^\d\d-[\w-]+$/;

/**
 * The tree a file belongs to: `exercises`, `solutions`, the folder that
 * holds its lesson folder (`.out` for `.out/06-traps/spawn.ts`, a bare stub
 * graded in the self-check), or else its own folder.
 */
function treeOf(file: string): string {
  if (file.startsWith("exercises/")) return "exercises";
  if (file.startsWith("solutions/")) return "solutions";
  const parts = file.split("/");
  if (parts.length >= 3 && LESSON_DIR.test(parts.at(-2)!)) return parts.slice(0, -2).join("/");
  return parts.slice(0, -1).join("/");
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
  const sibling = /^(?:(.+)\/)?([^/]+)\/([^/]+\.ts)$/.exec(relative);
  // A file of the graded file's own tree (a learner's earlier exercise, or
  // for a reference, another reference); the references from anywhere else.
  if (
    sibling && LESSON_DIR.test(sibling[2]) &&
    (sibling[1] === treeOf(file) || sibling[1] === "exercises")
  ) {
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

/** What `stubs` (an exercise's guided stub, and its bare one if any) allow, together. */
function allowanceOf(stubs: ScannedImport[][], file: string, exercise: Exercise): Allowance {
  const allowance: Allowance = { values: new Map(), types: new Set(), statements: new Map() };
  for (const [path, names] of Object.entries(SCAFFOLDING[exercise.id] ?? {})) {
    allowance.types.add(`kernel:${path}`);
    allowance.values.set(`kernel:${path}`, new Set(names));
  }
  for (const imports of stubs) {
    // A computed import is allowed as often as one stub has it, not the sum of both.
    const statements = new Map<string, number>();
    for (const entry of imports) {
      if (entry.specifier !== null) continue;
      const statement = squash(entry.statement ?? "");
      statements.set(statement, (statements.get(statement) ?? 0) + 1);
    }
    for (const [statement, count] of statements) {
      allowance.statements.set(
        statement,
        Math.max(count, allowance.statements.get(statement) ?? 0),
      );
    }
  }
  for (const entry of stubs.flat()) {
    if (entry.specifier === null) continue;
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

function listAllowed(stubs: ScannedImport[][]): string {
  const given = stubs.flat().filter((entry) => entry.specifier !== null && !entry.typeOnly);
  if (given.length === 0) return "nothing, apart from types";
  const listed = given.map((entry) =>
    `${entry.names.join(", ") || "(the module)"} from "${entry.specifier}"`
  );
  return [...new Set(listed)].join("; ");
}

/** The first broken rule of one file, or `undefined`. */
function problemIn(
  file: string,
  imports: ScannedImport[],
  stubs: ScannedImport[][],
  stubFile: string,
  exercise: Exercise,
): string | undefined {
  const allowance = allowanceOf(stubs, stubFile, exercise);
  const used = new Map<string, number>();
  const rule = `Your file may import only what its stub imports: ${listAllowed(stubs)}`;
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

// deno-lint-ignore no-explicit-any -- Babel's AST is walked generically here
type Node = any;

/** Every import in `source`, read with Babel's TypeScript parser. */
export async function scanSource(source: string): Promise<ScannedImport[]> {
  // deno-lint-ignore no-import-prefix -- the import check's parser, pinned here and in deno.lock
  const { parse } = await import("npm:@babel/parser@8.1.2");
  const ast = parse(source, {
    sourceType: "module",
    plugins: ["typescript"],
    errorRecovery: false,
    // Why: the walk below skips comments attached to nodes, and the
    // `/// <reference>` lines are read from `ast.comments`, which is kept;
    // attaching them costs about half the parse.
    attachComment: false,
  });
  const found: ScannedImport[] = [];
  const literal = (node: Node): string | null => {
    if (node?.type === "StringLiteral") return node.value;
    if (node?.type === "TemplateLiteral" && node.expressions.length === 0) {
      return node.quasis.map((q: Node) => q.value.cooked ?? q.value.raw).join("");
    }
    return null;
  };
  const nameOf = (node: Node): string => node?.type === "StringLiteral" ? node.value : node?.name;
  const visit = (node: Node, top: Node) => {
    const line = node.loc?.start.line ?? 0;
    switch (node.type) {
      case "ImportDeclaration":
        found.push({
          kind: "import",
          specifier: node.source.value,
          names: node.specifiers.map((s: Node) =>
            s.type === "ImportDefaultSpecifier"
              ? "default"
              : s.type === "ImportNamespaceSpecifier"
              ? "*"
              : nameOf(s.imported)
          ),
          typeOnly: node.importKind === "type" || node.importKind === "typeof" ||
            (node.specifiers.length > 0 &&
              node.specifiers.every((s: Node) => s.importKind === "type")),
          line,
        });
        break;
      case "ExportNamedDeclaration":
        if (node.source) {
          found.push({
            kind: "export",
            specifier: node.source.value,
            names: node.specifiers.map((s: Node) => nameOf(s.local)),
            typeOnly: node.exportKind === "type",
            line,
          });
        }
        break;
      case "ExportAllDeclaration":
        found.push({
          kind: "export",
          specifier: node.source.value,
          names: ["*"],
          typeOnly: node.exportKind === "type",
          line,
        });
        break;
      case "ImportExpression": {
        const specifier = literal(node.source);
        found.push({
          kind: "dynamic",
          specifier,
          names: ["*"],
          typeOnly: false,
          line,
          ...(specifier === null ? { statement: source.slice(top.start, top.end) } : {}),
        });
        break;
      }
      case "TSImportType":
        found.push({
          kind: "type",
          specifier: literal(node.source ?? node.argument?.literal ?? node.argument),
          names: ["*"],
          typeOnly: true,
          line,
        });
        break;
      case "TSExternalModuleReference":
        found.push({
          kind: "require",
          specifier: literal(node.expression),
          names: ["*"],
          typeOnly: false,
          line,
        });
        break;
    }
  };
  const walk = (node: Node, top: Node) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const child of node) walk(child, top);
      return;
    }
    if (typeof node.type === "string") visit(node, top);
    for (const key of Object.keys(node)) {
      if (key === "loc" || key === "extra" || key === "comments" || key.endsWith("Comments")) {
        continue;
      }
      walk(node[key], top);
    }
  };
  for (const statement of ast.program.body) walk(statement, statement);
  for (const comment of ast.comments ?? []) {
    const reference = /^\/\s*<reference\s+(path|types|lib)\s*=\s*["']([^"']*)["']/.exec(
      comment.value,
    );
    if (!reference) continue;
    found.push({
      kind: "reference",
      specifier: reference[1] === "lib" ? `lib:${reference[2]}` : reference[2],
      names: ["*"],
      typeOnly: true,
      line: comment.loc?.start.line ?? 0,
    });
  }
  return found;
}

/**
 * Scans already made in this process, by source text: a scan depends on the
 * text alone, so watch and `--explore` parse each stub once, not per grade.
 */
const scanCache = new Map<string, Omit<ScannedFile, "file">>();
const SCANS_KEPT = 512;

/** Scan `sources`, each on its own: one that does not parse gets its error. */
async function scan(
  sources: { file: string; source: string }[],
): Promise<Map<string, ScannedFile>> {
  const found = new Map<string, ScannedFile>();
  for (const { file, source } of sources) {
    let result = scanCache.get(source);
    if (result === undefined) {
      try {
        result = { imports: await scanSource(source) };
      } catch (error) {
        result = { imports: null, error: error instanceof Error ? error.message : String(error) };
      }
      if (scanCache.size >= SCANS_KEPT) scanCache.delete(scanCache.keys().next().value!);
      scanCache.set(source, result);
    }
    found.set(file, { file, ...result });
  }
  return found;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(`${ROOT}/${path}`);
  } catch {
    return undefined;
  }
}

/** A broken rule: what to tell the learner, and whether it is only that the file did not parse. */
export interface ImportProblem {
  /** The message, naming file, line and what to write. */
  message: string;
  /** The file could not be parsed (a syntax error the type-check may explain better). */
  unreadable: boolean;
}

/**
 * Check every job's file (and the sibling exercise files it may import)
 * against the stubs; the first broken rule, by graded file. `exercises` is
 * the whole course, to find a sibling's exercise.
 */
export async function importProblems(
  jobs: ImportJob[],
  exercises: Exercise[],
): Promise<Map<string, ImportProblem>> {
  const byName = new Map(exercises.map((e) => [`${e.lesson.dir}/${e.name}.ts`, e]));
  const sources: { file: string; source: string }[] = [];
  const store = (await loadPristine()).stubs;
  /** Each exercise's stubs as scanned under these names (guided first), or none. */
  const stubs = new Map<string, string[]>();
  const stubTexts = new Map<string, string[]>();
  /** Files equal to one of their stubs, and which: they import what it imports. */
  const pristine = new Map<string, string>();
  const add = (file: string, source: string) => {
    if (!sources.some((s) => s.file === file)) sources.push({ file, source });
  };
  const stubTextsOf = (exercise: Exercise): string[] => {
    if (!stubTexts.has(exercise.id)) {
      const entry = store[exercise.id];
      // A course exercise (its file is in exercises/) without a stored stub
      // cannot be checked, and what cannot be checked is not trusted.
      if (entry === undefined && exercise.file.startsWith("exercises/")) {
        throw new Error(`${PRISTINE_FILE} has no stub for ${exercise.id}: run deno task stubs`);
      }
      // Not a course exercise (a test fixture): no stub, no rule.
      const texts = entry === undefined
        ? []
        : [entry.guided, ...(entry.bare === undefined ? [] : [entry.bare])];
      // Why ".ts": the parser reads a file as TypeScript by its name.
      const names = texts.map((_, i) => `stub:${exercise.id}${i === 0 ? "" : ".bare"}.ts`);
      texts.forEach((text, i) => add(names[i], text));
      stubTexts.set(exercise.id, texts);
      stubs.set(exercise.id, names);
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
    const texts = stubTextsOf(exercise);
    const source = await readText(file);
    if (texts.length === 0 || source === undefined) continue;
    const same = texts.indexOf(source);
    if (same >= 0) pristine.set(file, stubs.get(exercise.id)![same]);
    else add(file, source);
    const specifiers = texts.flatMap((text) => [
      ...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g),
    ]).map(([, specifier]) => specifier);
    for (const specifier of new Set(specifiers)) {
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
  const problems = new Map<string, ImportProblem>();
  const unreadable = new Set<string>();
  const importsOf = (file: string) => scanned.get(file)?.imports ?? null;
  for (const { exercise, file } of jobs) {
    const check = (
      target: string,
      target_exercise: Exercise,
      seen: Set<string>,
    ): string | undefined => {
      if (seen.has(target)) return undefined;
      seen.add(target);
      const stubNames = stubs.get(target_exercise.id) ?? [];
      if (stubNames.length === 0) return undefined; // no stub, no rule (a test fixture)
      const scannedFile = scanned.get(pristine.get(target) ?? target);
      const imports = scannedFile?.imports ?? null;
      const stubImports: ScannedImport[][] = [];
      for (const stubName of stubNames) {
        const stub = importsOf(stubName);
        if (stub === null) {
          return `${target}: the imports of its stub could not be read (${
            scanned.get(stubName)?.error?.split("\n")[0]
          }), and grading refuses what it cannot check`;
        }
        stubImports.push(stub);
      }
      if (imports === null) {
        // What cannot be read is not trusted. (A syntax error the type-check
        // also finds is shown as the type-check says it: see gradeMany.)
        const why = scannedFile?.error ?? "it could not be read";
        unreadable.add(target);
        return `${target}: cannot read its imports (${
          why.split("\n")[0]
        }), and grading refuses what it cannot check`;
      }
      const problem = problemIn(
        target,
        imports,
        stubImports,
        target_exercise.file,
        target_exercise,
      );
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
    const seen = new Set<string>();
    const message = check(file, exercise, seen);
    if (message) {
      problems.set(file, { message, unreadable: [...seen].some((f) => unreadable.has(f)) });
    }
  }
  return problems;
}
