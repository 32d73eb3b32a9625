/**
 * The header of a known-wrong variant kept as a full copy of its reference
 * (`solutions/<lesson>/wrong/<exercise>_<mistake>.ts`), the way variants
 * were written before they became patches:
 *
 * ```text
 * /**
 *  * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *  *
 *  * Mistake: <the realistic mistake, in plain words>
 *  * Check: <the exact name of the check that must be the FIRST to fail>
 *  * Grader says: <text that must appear in that check's failure message itself>
 *  *
 *  * Exercise 01-iterators/range: ...   (the reference's own module doc goes on)
 * ```
 *
 * @module
 */

import type { VariantHeader } from "./bank_file.ts";

const FIELD = /^\s*\*\s*(Mistake|Check|Grader says):\s*(.*?)\s*$/;
const BANNER = /KNOWN-WRONG VARIANT/;
const BLANK = /^\s*\*\s*$/;
/** A comment line that goes on with the field above it: ` *   more words`. */
const MORE = /^\s*\*\s{2,}\S/;

/**
 * Read a full copy's header. Throws naming the file when `Mistake:` or
 * `Grader says:` is missing; `check` is undefined when there is no `Check:`.
 *
 * @example
 * ```ts
 * import { readCopyHeader } from "./copy_header.ts";
 * readCopyHeader("/**\n * Mistake: adds\n * Grader says: 4\n *\/\n", "x.ts").graderSays; // "4"
 * ```
 */
export function readCopyHeader(text: string, file: string): VariantHeader {
  const fields: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const field = FIELD.exec(lines[i]);
    if (!field || fields[field[1]] !== undefined) continue;
    let value = field[2];
    if (field[1] === "Mistake") {
      while (i + 1 < lines.length && MORE.test(lines[i + 1]) && !FIELD.test(lines[i + 1])) {
        value += " " + lines[++i].replace(/^\s*\*\s*/, "").trim();
      }
    }
    fields[field[1]] = value;
  }
  if (!fields["Mistake"]) throw new Error(`${file} needs a "Mistake:" line in its header`);
  if (!fields["Grader says"]) throw new Error(`${file} needs a "Grader says:" line in its header`);
  return {
    mistake: fields["Mistake"],
    check: fields["Check"] || undefined,
    graderSays: fields["Grader says"],
  };
}

/**
 * A full copy without its header: the banner line, the fields and the
 * blank comment lines around them. When the header was a comment of its
 * own, the whole comment goes.
 *
 * @example
 * ```ts
 * import { stripCopyHeader } from "./copy_header.ts";
 * const copy = "/**\n * KNOWN-WRONG VARIANT, kept.\n *\n * Mistake: adds\n * Grader says: 4\n *\n" +
 *   " * Exercise x.\n *\/\n";
 * stripCopyHeader(copy); // "/**\n * Exercise x.\n *\/\n"
 * ```
 */
export function stripCopyHeader(text: string): string {
  const lines = text.split("\n");
  const banner = lines.findIndex((line) => BANNER.test(line));
  if (banner < 0) return text;
  let end = banner + 1;
  // The banner, blank lines, then the fields (and a Mistake's continuation lines).
  while (end < lines.length && BLANK.test(lines[end])) end++;
  let sawField = false;
  while (end < lines.length) {
    if (FIELD.test(lines[end])) sawField = true;
    else if (!(sawField && MORE.test(lines[end]))) break;
    end++;
  }
  if (end < lines.length && BLANK.test(lines[end])) end++;
  let start = banner;
  // `/**`, banner, fields, ` */`: a comment of its own, removed whole.
  if (/^\s*\/\*\*\s*$/.test(lines[start - 1] ?? "") && /^\s*\*\/\s*$/.test(lines[end] ?? "")) {
    start--;
    end++;
    if (lines[end] === "" && lines[start - 1] === undefined) end++;
  }
  return [...lines.slice(0, start), ...lines.slice(end)].join("\n");
}
