/**
 * The file that holds an exercise's known-wrong variants as patches:
 * `solutions/<lesson>/wrong/<exercise>.variants.md`, one section a variant.
 *
 * ````markdown
 * ## `range_includes_end`
 *
 * ```diff
 * Mistake: off by one: `<=` lets the end itself through, so range(2, 5) gives 2, 3, 4, 5.
 * Check: range agrees with a native generator on generated bounds, steps and scripts
 * Grader says: received: [ 0, 1, 2, 3 ]
 *
 * @@ export class Range implements Iterable<number> {
 *        next(): IteratorResult<number> {
 * -        const more = step > 0 ? next < end : next > end;
 * +        const more = step > 0 ? next <= end : next >= end;
 *          if (finished || !more) {
 * ```
 * ````
 *
 * A `##` heading names the variant (`<exercise>_<mistake>`, as the full
 * copies were named); the first ```` ```diff ```` block after it holds the
 * variant's header (`Mistake:`, `Check:`, `Grader says:`, each on one line;
 * a `Mistake:` may go on over lines indented by two spaces) and then its
 * hunks (see `patch.ts`). Anything else in the file is prose for the
 * reader. The header sits inside the block so that `deno fmt` cannot
 * rewrap it or turn a `*` in a promised phrase into `_`.
 *
 * @module
 */

import type { Hunk, HunkLine } from "./patch.ts";

/** A variant as its header says: what is wrong, where the grader must fail, and how. */
export interface VariantHeader {
  /** The realistic mistake, in plain words. */
  mistake: string;
  /** The check that must be the first to fail; missing in variants written before it was asked. */
  check?: string;
  /** Text that must appear in that check's failure message itself. */
  graderSays: string;
}

/** One known-wrong variant, as a patch. */
export interface VariantPatch extends VariantHeader {
  /** `range_includes_end`. */
  name: string;
  /** Line of its heading in the file (1-based), for messages. */
  line: number;
  /** What to change in the reference. */
  hunks: Hunk[];
}

/** A problem in a variants file, naming the file and the line. */
export class BankFileError extends Error {
  override name = "BankFileError";
}

const HEADING = /^##\s+`?([A-Za-z0-9_]+)`?\s*$/;
const FIELD = /^(Mistake|Check|Grader says):\s*(.*)$/;
const KEYS = { "Mistake": "mistake", "Check": "check", "Grader says": "graderSays" } as const;

/**
 * Read a variants file. Throws a {@linkcode BankFileError} naming the file
 * and line of the first thing it cannot read.
 *
 * @example
 * ```ts
 * import { parseBankFile } from "./bank_file.ts";
 * const fence = "`".repeat(3); // written out, it would end this example
 * const text = [
 *   "## `double_adds`", "", `${fence}diff`, "Mistake: adds", "Check: doubles", "Grader says: 4",
 *   "", "@@", "-  return n * 2;", "+  return n + 2;", fence, "",
 * ].join("\n");
 * parseBankFile(text, "double.variants.md")[0].hunks.length; // 1
 * ```
 */
export function parseBankFile(text: string, file: string): VariantPatch[] {
  const lines = text.split("\n");
  const variants: VariantPatch[] = [];
  const names = new Set<string>();
  let i = 0;
  const fail = (line: number, why: string): never => {
    throw new BankFileError(`${file}:${line + 1}: ${why}`);
  };
  while (i < lines.length) {
    const heading = HEADING.exec(lines[i]);
    if (!heading) {
      i++;
      continue;
    }
    const name = heading[1];
    const at = i;
    if (names.has(name)) fail(at, `variant ${name} is defined twice`);
    names.add(name);
    // The first fence after the heading holds the variant.
    i++;
    while (i < lines.length && !/^```/.test(lines[i])) {
      if (HEADING.test(lines[i])) fail(i, `variant ${name} has no \`\`\`diff block`);
      i++;
    }
    if (i >= lines.length) fail(at, `variant ${name} has no \`\`\`diff block`);
    const fence = /^(`{3,})/.exec(lines[i])![1];
    const fenceLine = i;
    i++;
    const header: Partial<Record<"mistake" | "check" | "graderSays", string>> = {};
    let last: "mistake" | "check" | "graderSays" | undefined;
    const hunks: Hunk[] = [];
    let closed = false;
    for (; i < lines.length; i++) {
      const line = lines[i];
      if (line.trimEnd() === fence) {
        closed = true;
        i++;
        break;
      }
      if (line.startsWith("@@")) {
        hunks.push({ label: line.slice(2).trim(), lines: [] });
        continue;
      }
      const hunk = hunks.at(-1);
      if (hunk) {
        const kind = line === "" ? " " : line[0];
        if (kind !== " " && kind !== "-" && kind !== "+") {
          fail(i, `variant ${name}: a hunk line must start with " ", "-" or "+"`);
        }
        hunk.lines.push({ kind, text: line.slice(1) } as HunkLine);
        continue;
      }
      if (line.trim() === "") {
        last = undefined;
        continue;
      }
      const field = FIELD.exec(line);
      if (field) {
        last = KEYS[field[1] as keyof typeof KEYS];
        if (header[last] !== undefined) fail(i, `variant ${name} has two "${field[1]}:" lines`);
        header[last] = field[2].trim();
        continue;
      }
      if (last === "mistake" && /^\s\s/.test(line)) {
        header.mistake += " " + line.trim();
        continue;
      }
      fail(
        i,
        `variant ${name}: expected "Mistake:", "Check:", "Grader says:" or a hunk ("@@"), found: ${
          line.slice(0, 60)
        }`,
      );
    }
    if (!closed) fail(fenceLine, `variant ${name}: its ${fence} block is never closed`);
    if (!header.mistake) fail(fenceLine, `variant ${name} needs a "Mistake:" line`);
    if (!header.graderSays) fail(fenceLine, `variant ${name} needs a "Grader says:" line`);
    if (header.check === "") fail(fenceLine, `variant ${name} has an empty "Check:" line`);
    if (hunks.length === 0) fail(fenceLine, `variant ${name} has no hunk ("@@" and its lines)`);
    for (const [k, hunk] of hunks.entries()) {
      if (!hunk.lines.some((l) => l.kind !== " ")) {
        fail(fenceLine, `variant ${name}: hunk ${k + 1} changes nothing (no "-" or "+" line)`);
      }
    }
    variants.push({
      name,
      line: at + 1,
      mistake: header.mistake!,
      ...(header.check === undefined ? {} : { check: header.check }),
      graderSays: header.graderSays!,
      hunks,
    });
  }
  return variants;
}

/** What {@linkcode formatBankFile} writes. */
export interface BankFileContents {
  /** `01-iterators/range`. */
  exercise: string;
  /** The reference the patches apply to: `solutions/01-iterators/range.ts`. */
  reference: string;
  /** The variants, in order. */
  variants: Omit<VariantPatch, "line">[];
}

/**
 * Split prose into lines of at most `width` characters, at spaces, as
 * `deno fmt` does: greedily, and never inside a `code span`.
 */
function wrap(text: string, width: number): string[] {
  const words = text.match(/(?:`[^`]*`|[^\s`])+/g) ?? [];
  const out: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out;
}

/**
 * Write a variants file that {@linkcode parseBankFile} reads back as given,
 * and that `deno fmt` leaves as it is.
 *
 * @example
 * ```ts
 * import { formatBankFile, parseBankFile } from "./bank_file.ts";
 * const text = formatBankFile({
 *   exercise: "00-fixture/double",
 *   reference: "double.ts",
 *   variants: [{
 *     name: "double_adds", mistake: "adds", check: "doubles", graderSays: "4",
 *     hunks: [{ label: "", lines: [{ kind: "-", text: "n * 2" }, { kind: "+", text: "n + 2" }] }],
 *   }],
 * });
 * parseBankFile(text, "double.variants.md")[0].name; // "double_adds"
 * ```
 */
export function formatBankFile(contents: BankFileContents): string {
  const about = `Each variant is \`${contents.reference}\` with a few lines changed, and a ` +
    "mistake its grader must catch. In a hunk, lines that start with a space are context, with " +
    "`-` the reference's and with `+` the variant's; they are found by their text, not by line " +
    "numbers. `deno task test` makes each variant (in `solutions/.variants/`) and proves the " +
    "grader fails it first at its `Check:`, with its `Grader says:` text in that check's message.";
  // Wrapped as `deno fmt` wraps prose, so that the file is left as written.
  const out = [`# Known-wrong variants of ${contents.exercise}`, "", ...wrap(about, 100)];
  for (const variant of contents.variants) {
    const body: string[] = [];
    const [first, ...rest] = wrap(`Mistake: ${variant.mistake}`, 100);
    body.push(first, ...rest.map((line) => `  ${line}`));
    if (variant.check !== undefined) body.push(`Check: ${variant.check}`);
    body.push(`Grader says: ${variant.graderSays}`);
    body.push("");
    // No blank line between hunks: inside a hunk, an empty line is an empty context line.
    for (const hunk of variant.hunks) {
      body.push(hunk.label ? `@@ ${hunk.label}` : "@@");
      for (const line of hunk.lines) {
        body.push(line.kind === " " && line.text.trim() === "" ? "" : line.kind + line.text);
      }
    }
    // A fence longer than any run of backticks inside, as `deno fmt` would make it.
    const longest = Math.max(
      0,
      ...body.map((l) => l.match(/`+/g) ?? []).flat().map((r) => r.length),
    );
    const fence = "`".repeat(Math.max(3, longest + 1));
    out.push("", `## \`${variant.name}\``, "", `${fence}diff`, ...body, fence);
  }
  return out.join("\n") + "\n";
}
