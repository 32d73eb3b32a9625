/**
 * A known-wrong variant as a patch against its reference: the lines that
 * differ, with a few lines of context around them, applied by finding the
 * context (never by line numbers), so an unrelated edit to the reference
 * does not break it.
 *
 * A hunk is a unified-diff hunk without numbers:
 *
 * ```text
 * @@ export class Range implements Iterable<number> {
 *        next(): IteratorResult<number> {
 * -        const more = step > 0 ? next < end : next > end;
 * +        const more = step > 0 ? next <= end : next >= end;
 *          if (finished || !more) {
 * ```
 *
 * After `@@` comes a label for the reader (the declaration the hunk is in);
 * ` ` lines are context, `-` lines the reference's, `+` lines the variant's.
 * To apply a hunk, its context and `-` lines must occur exactly once in the
 * reference after the previous hunk; they are replaced by its context and
 * `+` lines. Lines are compared without trailing white space, and an empty
 * line counts as an empty context line (editors and `deno fmt` strip the
 * lone space).
 *
 * The reference is read without its `// @solution-begin`, `// @solution-end`
 * and `// @stub` lines: they only say how to make the stub, and a variant is
 * graded as plain code.
 *
 * @module
 */

import { changesBetween } from "./diff.ts";

/** One line of a hunk. */
export interface HunkLine {
  /** ` ` context, `-` only in the reference, `+` only in the variant. */
  kind: " " | "-" | "+";
  /** The line without its prefix. */
  text: string;
}

/** A hunk: a place in the reference, found by its lines, and what replaces them. */
export interface Hunk {
  /** The text after `@@`, for the reader; applying ignores it. */
  label: string;
  /** Context, removed and added lines, in order. */
  lines: HunkLine[];
}

/** Why a patch does not apply, naming the variant and the hunk. */
export class PatchError extends Error {
  override name = "PatchError";
}

const MARKER = /^\s*\/\/ @(solution-begin|solution-end|stub)\b/;

/**
 * The reference as a variant is made from: without the stub markers.
 *
 * @example
 * ```ts
 * import { withoutMarkers } from "./patch.ts";
 * withoutMarkers("a\n  // @solution-begin\nb\n  // @solution-end\n"); // "a\nb\n"
 * ```
 */
export function withoutMarkers(text: string): string {
  return text.split("\n").filter((line) => !MARKER.test(line)).join("\n");
}

/** `text` as lines; a final newline does not make an extra empty line. */
export function linesOf(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

const same = (a: string, b: string) => a.trimEnd() === b.trimEnd();

/** Every index at or after `from` where `needle` occurs in `haystack`. */
function occurrences(haystack: string[], needle: string[], from: number): number[] {
  const found: number[] = [];
  for (let at = from; at + needle.length <= haystack.length; at++) {
    if (needle.every((line, k) => same(haystack[at + k], line))) found.push(at);
  }
  return found;
}

/** Which of a hunk's lines is the first the reference does not have, in words. */
function missing(lines: string[], before: string[], from: number): string {
  let matched = 0;
  while (matched < before.length && occurrences(lines, before.slice(0, matched + 1), from).length) {
    matched++;
  }
  const line = `"${before[matched].trim()}"`;
  return matched === 0
    ? `its first line, ${line}, is not`
    : `its lines are found up to "${
      before[matched - 1].trim()
    }", but the next one, ${line}, is not`;
}

/** A hunk's lines as they are in the reference (context and `-`). */
export function beforeOf(hunk: Hunk): string[] {
  return hunk.lines.filter((l) => l.kind !== "+").map((l) => l.text);
}

/** A hunk's lines as they are in the variant (context and `+`). */
export function afterOf(hunk: Hunk): string[] {
  return hunk.lines.filter((l) => l.kind !== "-").map((l) => l.text);
}

/** Where to name a patch in an error: the variant and the file that holds it. */
export interface PatchPlace {
  /** The variant's name: `range_includes_end`. */
  variant: string;
  /** The file that holds the patch, and the line its variant starts on. */
  file: string;
  /** The reference it applies to. */
  reference: string;
}

/**
 * Apply `hunks` to `reference` (stub markers are dropped first). Throws a
 * {@linkcode PatchError} naming the variant, the hunk and what went wrong
 * when a hunk's lines are not found once, in order.
 *
 * @example
 * ```ts
 * import { applyHunks, type Hunk } from "./patch.ts";
 * const hunk: Hunk = { label: "", lines: [
 *   { kind: " ", text: "a" }, { kind: "-", text: "b" }, { kind: "+", text: "B" },
 * ] };
 * applyHunks("a\nb\nc\n", [hunk], { variant: "x", file: "x.md", reference: "x.ts" });
 * // "a\nB\nc\n"
 * ```
 */
export function applyHunks(reference: string, hunks: readonly Hunk[], place: PatchPlace): string {
  const lines = linesOf(withoutMarkers(reference));
  const out: string[] = [];
  let cursor = 0;
  for (const [i, hunk] of hunks.entries()) {
    const before = beforeOf(hunk);
    const where = `variant ${place.variant} (${place.file}), hunk ${i + 1} of ${hunks.length}` +
      (hunk.label ? ` ("@@ ${hunk.label}")` : "");
    if (before.length === 0) {
      throw new PatchError(`${where} has no context or "-" line, so it cannot be placed`);
    }
    const found = occurrences(lines, before, cursor);
    if (found.length !== 1) {
      const why = found.length === 0
        ? `${missing(lines, before, cursor)} in ${place.reference}` +
          (cursor > 0 ? " after the previous hunk" : "") +
          ` (the reference changed there?). Update the hunk's " " and "-" lines to the ` +
          `reference's, or rewrite the variant`
        : `its context and "-" lines occur ${found.length} times in ${place.reference} ` +
          `(lines ${found.map((n) => n + 1).join(", ")} of the reference without its stub ` +
          `markers): add context lines until they occur once`;
      throw new PatchError(`${where} does not apply: ${why}`);
    }
    const at = found[0];
    out.push(...lines.slice(cursor, at));
    // Context lines keep the reference's exact text; only +/- lines change it.
    let k = at;
    for (const line of hunk.lines) {
      if (line.kind === " ") out.push(lines[k++]);
      else if (line.kind === "-") k++;
      else out.push(line.text);
    }
    cursor = k;
  }
  out.push(...lines.slice(cursor));
  return out.length === 0 ? "" : out.join("\n") + "\n";
}

/** Options for {@linkcode makeHunks}. */
export interface MakeHunksOptions {
  /** Context lines on each side of a change, at least. @default 3 */
  context?: number;
}

/**
 * The hunks that turn `reference` (stub markers dropped) into `variant`,
 * each with enough context to occur once after the hunk before it, so
 * {@linkcode applyHunks} gives `variant` back.
 *
 * @example
 * ```ts
 * import { applyHunks, makeHunks } from "./patch.ts";
 * const hunks = makeHunks("a\nb\nc\n", "a\nB\nc\n");
 * applyHunks("a\nb\nc\n", hunks, { variant: "x", file: "x.md", reference: "x.ts" }); // "a\nB\nc\n"
 * ```
 */
export function makeHunks(
  reference: string,
  variant: string,
  options: MakeHunksOptions = {},
): Hunk[] {
  const a = linesOf(withoutMarkers(reference));
  const b = linesOf(variant);
  const changes = changesBetween(a, b);
  if (changes.length === 0) return [];
  const base = options.context ?? 3;

  // Each group is a run of changes that share one hunk, with its own context.
  interface Group {
    first: number;
    last: number;
    pre: number;
    post: number;
  }
  let groups: Group[] = changes.map((_, i) => ({ first: i, last: i, pre: base, post: base }));
  const start = (g: Group) => Math.max(0, changes[g.first].from - g.pre);
  const end = (g: Group) => {
    // A hunk never ends on an empty line: `deno fmt` drops one that ends a block.
    let at = Math.min(a.length, changes[g.last].to + g.post);
    while (at < a.length && at > changes[g.last].to && a[at - 1].trim() === "") at++;
    return at;
  };

  for (;;) {
    // Hunks whose context would touch or overlap become one.
    const merged: Group[] = [];
    for (const g of groups) {
      const previous = merged.at(-1);
      if (previous && start(g) <= end(previous)) {
        previous.last = g.last;
        previous.post = g.post;
      } else merged.push({ ...g });
    }
    groups = merged;
    // A hunk whose lines occur more than once after the hunk before it grows.
    let grew = false;
    let cursor = 0;
    for (const g of groups) {
      const before = a.slice(start(g), end(g));
      const atEdges = start(g) <= cursor && end(g) >= a.length;
      if (!atEdges && occurrences(a, before, cursor).length > 1) {
        g.pre++;
        g.post++;
        grew = true;
      }
      cursor = end(g);
    }
    if (!grew) break;
  }

  return groups.map((g) => {
    const lines: HunkLine[] = [];
    let i = start(g);
    for (let c = g.first; c <= g.last; c++) {
      const change = changes[c];
      for (; i < change.from; i++) lines.push({ kind: " ", text: a[i] });
      for (; i < change.to; i++) lines.push({ kind: "-", text: a[i] });
      for (const text of change.lines) lines.push({ kind: "+", text });
    }
    for (; i < end(g); i++) lines.push({ kind: " ", text: a[i] });
    return { label: labelFor(a, changes[g.first].from), lines };
  });
}

/** The nearest declaration at or above `line`, as `git diff` shows after `@@`. */
function labelFor(lines: string[], line: number): string {
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--) {
    if (/^(export |async |function|class |const |let |interface |type )/.test(lines[i])) {
      return lines[i].trimEnd();
    }
  }
  return "";
}
