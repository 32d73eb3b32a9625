/**
 * Stack traces a learner can read. In the page, a playground program runs
 * from a `blob:` URL and the kernel from minified `assets/kernel.js`, so a
 * raw trace says `blob:http://…/9f2c…:6:9` and `kernel.js:2:2377`. This
 * module turns the program's frames into `program:6:9` (the editor's line
 * and column: the runner keeps every line where it was) and the kernel's
 * into `kernel/kernel.ts:210:9` through the source maps the build writes
 * beside each bundle, and can show the program line a frame points at.
 *
 * @module
 */

/** The parts of a source map (version 3) that this module reads. */
export interface SourceMap {
  /** The original files, relative to the map. */
  sources: string[];
  /** Base64 VLQ segments, lines separated by `;`. */
  mappings: string;
}

/** A place in an original source. */
export interface Place {
  /** The source file, repository-relative: `kernel/kernel.ts`. */
  source: string;
  /** Line, from 1. */
  line: number;
  /** Column, from 1. */
  column: number;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * A decoded source map that answers "which original place is this
 * generated line and column?".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SourceMapIndex } from "./stack.ts";
 * // Line 1, column 0 comes from a.ts line 1; column 4 from line 3, column 2.
 * const map = new SourceMapIndex({ sources: ["../../kernel/a.ts"], mappings: "AAAA,IAEE" });
 * assert.deepEqual(map.lookup(1, 6), { source: "kernel/a.ts", line: 3, column: 3 });
 * ```
 */
export class SourceMapIndex {
  #lines: number[][][] = [];
  #sources: string[];

  /** Decode `map`'s mappings once. */
  constructor(map: SourceMap) {
    // The maps sit in assets/ and name sources from the repository root.
    this.#sources = map.sources.map((s) => s.replace(/^(\.\.?\/)+/, ""));
    let source = 0, line = 0, column = 0;
    for (const text of map.mappings.split(";")) {
      const segments: number[][] = [];
      let generated = 0;
      for (const segment of text.split(",")) {
        if (segment === "") continue;
        const fields = decodeVlq(segment);
        generated += fields[0];
        if (fields.length >= 4) {
          source += fields[1];
          line += fields[2];
          column += fields[3];
          segments.push([generated, source, line, column]);
        }
      }
      this.#lines.push(segments);
    }
  }

  /** The original place of generated `line` and `column` (both from 1), if mapped. */
  lookup(line: number, column: number): Place | null {
    const segments = this.#lines[line - 1];
    if (segments === undefined) return null;
    let found: number[] | undefined;
    for (const segment of segments) {
      if (segment[0] > column - 1) break;
      found = segment;
    }
    if (found === undefined) return null;
    return { source: this.#sources[found[1]], line: found[2] + 1, column: found[3] + 1 };
  }
}

function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0, shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`Cannot read the source map: "${char}" is not base64`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** What {@linkcode readableStack} needs. */
export interface StackContext {
  /** The `blob:` URL the program ran from. */
  programUrl: string;
  /** The source map of a bundle's URL, or `null` when it has none. */
  mapOf(url: string): SourceMapIndex | null;
}

const FRAME_URL = /((?:blob:)?https?:\/\/[^\s()]+?):(\d+):(\d+)/g;
/** `    at name (url:line:column)`: a frame with a function name. */
const NAMED_FRAME = /^(\s+at )(?:async )?[^\s(][^(]*\((.+)\)$/;

/**
 * Every URL in a stack trace made readable: the program's `blob:` URL
 * becomes `program`, a bundle with a source map its original place (without
 * the minified function name, which would mislead), and frames of the
 * runner's own machinery go.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readableStack, SourceMapIndex } from "./stack.ts";
 * const kernel = new SourceMapIndex({ sources: ["../../kernel/kernel.ts"], mappings: "AAAA,IAEE" });
 * const stack = "Error: boom\n    at main (blob:http://h/1f:6:9)\n" +
 *   "    at #y (http://h/assets/kernel.js:1:6)\n" +
 *   "    at execute (http://h/assets/runner_worker.js:1:200)";
 * assert.equal(
 *   readableStack(stack, {
 *     programUrl: "blob:http://h/1f",
 *     mapOf: (url) => url.endsWith("kernel.js") ? kernel : null,
 *   }),
 *   "Error: boom\n    at main (program:6:9)\n    at kernel/kernel.ts:3:3",
 * );
 * ```
 */
export function readableStack(text: string, context: StackContext): string {
  return text.split("\n")
    .filter((line) => !/\/assets\/runner_worker\.js:\d+:\d+/.test(line))
    .map((line) => {
      let mapped = false;
      const out = line.replace(FRAME_URL, (whole, url: string, l: string, c: string) => {
        if (url === context.programUrl) return `program:${l}:${c}`;
        const place = context.mapOf(url)?.lookup(Number(l), Number(c));
        if (place === null || place === undefined) return whole;
        mapped = true;
        return `${place.source}:${place.line}:${place.column}`;
      });
      const named = mapped ? NAMED_FRAME.exec(out) : null;
      return named === null ? out : `${named[1]}${named[2]}`;
    })
    .join("\n");
}

/**
 * The program line a readable stack first points at, drawn under it with a
 * caret, or `""` when no frame is in the program.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { excerpt } from "./stack.ts";
 * assert.equal(
 *   excerpt("Error: boom\n    at main (program:2:3)", "run();\n  throw new Error(\"boom\");"),
 *   '  2 |   throw new Error("boom");\n    |   ^',
 * );
 * ```
 */
export function excerpt(stack: string, code: string): string {
  const at = /\bprogram:(\d+):(\d+)/.exec(stack);
  if (at === null) return "";
  return codeFrame(code, Number(at[1]), Number(at[2]));
}

/**
 * Line `line` of `code` with a caret under column `column` (both from 1).
 *
 * @example
 * ```ts
 * import { codeFrame } from "./stack.ts";
 * console.assert(codeFrame("a\nfoo(;", 2, 5) === "  2 | foo(;\n    |     ^");
 * ```
 */
export function codeFrame(code: string, line: number, column: number): string {
  const text = code.split("\n")[line - 1];
  if (text === undefined) return "";
  const gutter = `  ${line} | `;
  const pad = " ".repeat(gutter.length - 2) + "| ";
  return `${gutter}${text}\n${pad}${" ".repeat(Math.max(0, column - 1))}^`;
}
