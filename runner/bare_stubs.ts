/**
 * Bare stubs: an exercise with no scaffolding at all, for the learner who
 * wants to write the kernel the way Beazley's talk does, from an empty file
 * and a contract (`deno task reset <id> --bare`).
 *
 * A bare stub is made from the reference, like the guided stub, and keeps
 * only what a caller can see: imports and re-exports, every type and
 * interface, exported constants, and every exported function and class with
 * its doc comments and signatures. Each body becomes one line that throws
 * `not implemented yet`; private members (`#x`, `private x`), helpers that
 * are not exported and top-level statements are dropped. The same grader
 * runs on it, since every export the grader uses is still there.
 *
 * It reads code as `deno fmt` writes it: a declaration starts at its
 * indent (column 0 at top level, two spaces in a class body), and a body
 * ends on the line that closes it at that indent. The course's self-check
 * proves every bare stub type-checks, is formatted, and fails its grader.
 *
 * @module
 */

import { NOT_IMPLEMENTED, STUB_HEADER } from "./stubs.ts";

/** The second line of every bare stub: what it is, and how to get the guided one back. */
export function bareNote(id: string): string {
  return `// A bare stub: only the API is given, and every body is yours to write. deno task reset ${id} brings back the guided one.`;
}

/** A run of lines that form one declaration (with the comments above it). */
interface Item {
  /** Comment lines directly above, doc comments included. */
  comments: string[];
  /** The declaration's own lines. */
  lines: string[];
}

const CLOSER = /^[}\])]/;

/**
 * Split lines at one indent into items: a comment block or line comments
 * attach to the declaration after them; a declaration runs until the next
 * line at this indent that is not a closing bracket.
 */
function itemsAt(lines: string[], indent: number): { items: Item[]; trailing: string[] } {
  const items: Item[] = [];
  let comments: string[] = [];
  let current: Item | undefined;
  const pad = " ".repeat(indent);
  const atIndent = (line: string) =>
    line.startsWith(pad) && line.length > indent && line[indent] !== " ";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!atIndent(line)) {
      if (current) current.lines.push(line);
      else if (line.trim() === "" && comments.length > 0 && comments.at(-1) !== "") {
        comments.push("");
      }
      continue;
    }
    const text = line.slice(indent);
    if (current && CLOSER.test(text)) {
      current.lines.push(line);
      continue;
    }
    current = undefined;
    if (text.startsWith("/*")) {
      // A comment block, to its closing line.
      let j = i;
      while (!lines[j].includes("*/")) j++;
      comments.push(...lines.slice(i, j + 1));
      i = j;
      continue;
    }
    if (text.startsWith("//")) {
      comments.push(line);
      continue;
    }
    current = { comments, lines: [line] };
    comments = [];
    items.push(current);
  }
  // Blank lines at the end of an item belong between items, not to it.
  for (const item of items) {
    while (item.lines.length > 1 && item.lines.at(-1)!.trim() === "") item.lines.pop();
  }
  return { items, trailing: comments };
}

/** Count brackets on a line of code, skipping string literals and a trailing line comment. */
function depthChange(line: string, open: string, close: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "/" && line[i + 1] === "/") break;
    else if (open.includes(c)) depth++;
    else if (close.includes(c)) depth--;
  }
  return depth;
}

/**
 * Where a declaration's body opens: the first line ending in `{` with every
 * parenthesis of the signature closed. `undefined` when it has no body (an
 * overload signature, a field, a type).
 */
function bodyStart(lines: string[]): number | undefined {
  let parens = 0;
  for (const [i, line] of lines.entries()) {
    parens += depthChange(line, "(", ")");
    const code = line.replace(/\s*\/\/.*$/, "").trimEnd();
    if (parens === 0 && code.endsWith("{")) return i;
    if (parens === 0 && code.endsWith(";")) return undefined;
  }
  return undefined;
}

/** A function or method with its body replaced by the not-implemented line. */
function withoutBody(item: Item, indent: number): string[] {
  const start = bodyStart(item.lines);
  if (start === undefined) return [...item.comments, ...item.lines];
  const pad = " ".repeat(indent);
  return [
    ...item.comments,
    ...item.lines.slice(0, start + 1),
    `${pad}  ${NOT_IMPLEMENTED}`,
    `${pad}}`,
  ];
}

/** The lines `runner/stubs.ts` reads: `// @solution-begin`, `// @solution-end`, `// @stub <code>`. */
const MARKER = /^\s*\/\/ @(?:solution-begin|solution-end|stub)\b/;

const METHOD =
  /^(?:(?:static|async|override|public|protected|readonly)\s+)*(?:\*\s*)?(?:(?:get|set)\s+)?[A-Za-z_$][\w$]*\s*(?:<.*>)?\(/;
const PRIVATE =
  /^(?:(?:static|async|override|readonly)\s+)*(?:\*\s*)?(?:(?:get|set)\s+)?(?:#|private\s)/;

/** A class with private members dropped and every method, constructor and accessor bare. */
function bareClass(item: Item, id: string): string[] {
  const start = bodyStart(item.lines);
  if (start === undefined) {
    throw new Error(`Cannot make the bare stub of ${id}: a class without a body`);
  }
  const head = item.lines.slice(0, start + 1);
  const close = item.lines.at(-1)!;
  const { items: members } = itemsAt(item.lines.slice(start + 1, -1), 2);
  const out: string[] = [];
  let lastWasField = false;
  for (const member of members) {
    const text = member.lines[0].trimStart();
    if (PRIVATE.test(text)) continue;
    const method = METHOD.test(text);
    // Fields stay together, as written; methods get a blank line around them.
    if (out.length > 0 && (method || !lastWasField)) out.push("");
    if (method) out.push(...withoutBody(member, 2));
    else out.push(...member.comments, ...member.lines);
    lastWasField = !method;
  }
  return [...item.comments, ...head, ...out, close];
}

/**
 * Make the bare stub of exercise `id` from its reference's text. Throws,
 * naming the exercise, when the text has no exported function or class.
 *
 * @example A reference and its bare stub
 * ```ts
 * import assert from "node:assert/strict";
 * import { bareFromSolution } from "./bare_stubs.ts";
 *
 * const reference = [
 *   "/** Double a number. *\/",
 *   "export function double(n: number): number {",
 *   "  return n * 2;",
 *   "}",
 *   "",
 *   "function helper() {}",
 * ].join("\n");
 * const bare = bareFromSolution(reference, "00-demo/double");
 * assert.ok(bare.endsWith([
 *   "/** Double a number. *\/",
 *   "export function double(n: number): number {",
 *   '  throw new Error("not implemented yet");',
 *   "}",
 *   "",
 * ].join("\n")));
 * assert.ok(!bare.includes("helper"));
 * ```
 */
export function bareFromSolution(solution: string, id: string): string {
  // Why drop the markers first: left in, they read as comments of the next
  // member (a kept constructor), and a bare stub has no guided parts.
  const lines = solution.split("\n").filter((line) => !MARKER.test(line));
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  const { items } = itemsAt(lines, 0);
  const out: string[][] = [];
  let bodies = 0;
  for (const item of items) {
    const text = item.lines[0];
    const kept = (() => {
      if (/^(import|export \{|export \* |export type \{)/.test(text)) {
        return [...item.comments, ...item.lines];
      }
      if (/^(export )?(declare )?(type|interface) /.test(text)) {
        return [...item.comments, ...item.lines];
      }
      if (/^export (const|let) /.test(text)) return [...item.comments, ...item.lines];
      if (/^export (async )?function/.test(text)) {
        bodies++;
        return withoutBody(item, 0);
      }
      if (/^export (abstract )?class /.test(text)) {
        bodies++;
        return bareClass(item, id);
      }
      return undefined; // a private helper or a statement: the learner's to write
    })();
    if (kept) out.push(kept);
  }
  if (bodies === 0) {
    throw new Error(
      `Cannot make the bare stub of ${id}: its reference exports no function or class`,
    );
  }
  // Imports stay together; every other declaration gets a blank line above.
  const imports = /^(import|export \{|export \*|export type \{|\s|\})/;
  const blocks = out.map((block, i) => {
    const joined = i > 0 && imports.test(block[0]) && imports.test(out[i - 1].at(-1)!);
    return (i === 0 || joined ? "" : "\n") + block.join("\n");
  });
  return `${STUB_HEADER}\n${bareNote(id)}\n${blocks.join("\n")}\n`;
}
