/**
 * TypeScript to the JavaScript a person would have written: the types go,
 * everything else stays as the lesson has it (comments, blank lines, number
 * spellings, `using` and `await using`), so the playground shows a lesson's
 * own code and no compiler output.
 *
 * How: `amaro` (Node's type stripper, swc in "strip-only" mode) replaces
 * every type with spaces, keeping each other character where it was. Then
 * {@linkcode tidyStripped} takes the blanks out again: `x: number = 1`
 * became `x         = 1` and becomes `x = 1`; a line that held only types
 * (`import type …`, an interface) goes. Syntax that strip-only refuses
 * (`enum`, `namespace`, parameter properties, `<T>x`) is an error.
 *
 * @module
 */

import { amaro } from "./npm.ts";

/**
 * Strip the types from a TypeScript program. Throws when the code uses
 * syntax that needs a compiler rather than a stripper, naming the line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stripTypes } from "./strip_types.ts";
 * assert.equal(
 *   stripTypes("using pool: Pool = open(); // ours\nconst n = 25000 as number;"),
 *   "using pool = open(); // ours\nconst n = 25000;",
 * );
 * ```
 */
export function stripTypes(code: string): string {
  let stripped: string;
  try {
    stripped = amaro.transformSync(code, { mode: "strip-only" }).code;
  } catch (error) {
    const e = error as { message?: string; startLine?: number };
    throw new Error(
      `Cannot strip the types from this code${
        e.startLine === undefined ? "" : ` (line ${e.startLine})`
      }: ${e.message ?? String(error)}`,
    );
  }
  return tidyStripped(code, stripped);
}

/**
 * Take out the blanks a strip-only pass left where types were, given the
 * original and the stripped text (same length, types turned into spaces).
 * A run of blanked characters goes with the space before it when nothing
 * but punctuation or the line's end follows (`x as T;` → `x;`), with the
 * space after it when there are spaces on both sides (`{ type A, b }` →
 * `{ b }`), and alone otherwise (`a: number,` → `a,`); parentheses that only
 * held a cast go too (`(e as Error).message` → `e.message`). Lines left
 * empty that were not empty go.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tidyStripped } from "./strip_types.ts";
 * assert.equal(
 *   tidyStripped("f(a: number, b?: T): void {", "f(a        , b    )       {"),
 *   "f(a, b) {",
 * );
 * ```
 */
export function tidyStripped(original: string, stripped: string): string {
  if (original.length !== stripped.length) return stripped; // not a strip-only result
  const before = original.split("\n");
  const after = stripped.split("\n");
  if (before.length !== after.length) return stripped;
  const out: string[] = [];
  for (const [n, line] of after.entries()) {
    const source = before[n];
    if (line === source) {
      out.push(line);
      continue;
    }
    const tidy = tidyLine(source, line);
    if (tidy.trim() === "" && source.trim() !== "") continue; // a line of types only
    out.push(tidy);
  }
  return out.join("\n");
}

function tidyLine(source: string, line: string): string {
  const blanked = [...line].map((c, i) => c !== source[i]);
  const remove = new Array<boolean>(line.length).fill(false);
  const space = (i: number) => i >= 0 && i < line.length && /\s/.test(line[i]) && !blanked[i];
  for (let i = 0; i < line.length; i++) {
    if (!blanked[i]) continue;
    // A region: blanked characters with only original spaces between them.
    let end = i;
    for (let j = i + 1; j < line.length; j++) {
      if (blanked[j]) end = j;
      else if (!/\s/.test(line[j])) break;
    }
    let left = i;
    while (space(left - 1)) left--;
    let right = end;
    while (space(right + 1)) right++;
    const next = line[right + 1];
    for (let k = i; k <= end; k++) remove[k] = true;
    const hasLeft = left < i;
    const hasRight = right > end;
    if (hasLeft && (next === undefined || /[,;)\]}>:.]/.test(next))) {
      for (let k = left; k < i; k++) remove[k] = true;
      // `{ a, type B }`: the comma before a type-only name goes with it.
      if (/[}\]]/.test(next ?? "") && line[left - 1] === ",") remove[left - 1] = true;
    } else if (hasLeft && hasRight) {
      for (let k = end + 1; k <= right; k++) remove[k] = true;
    }
    // `(error as Error).message`: the parentheses only held the cast.
    if (next === ")" && /^(as|satisfies)\s/.test(source.slice(i))) {
      let open = left - 1;
      while (open >= 0 && /[\w$.]/.test(line[open])) open--;
      if (open < left - 1 && line[open] === "(" && !/[\w$)\]]/.test(line[open - 1] ?? "")) {
        remove[open] = true;
        remove[right + 1] = true;
      }
    }
    i = end;
  }
  return [...line].filter((_, i) => !remove[i]).join("").trimEnd();
}
