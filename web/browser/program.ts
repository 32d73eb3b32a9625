/**
 * A playground program on its way to running: its imports pointed at the
 * bundled kernel, and its errors explained.
 *
 * @module
 */

/**
 * Point a program's imports at the bundled kernel and jobs modules.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapImports } from "./program.ts";
 * assert.equal(
 *   mapImports('import { run } from "groundup/kernel";', "K", "J"),
 *   'import { run } from "K";',
 * );
 * ```
 */
export function mapImports(code: string, kernel: string, jobs: string): string {
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])([^"'\n]+)\2/g,
    (_match, head: string, quote: string, spec: string) => {
      const to = spec === "groundup/kernel" || /(^|\/)kernel\/\w+\.ts$/.test(spec)
        ? kernel
        : spec === "groundup/jobs" || /(^|\/)jobs\.ts$/.test(spec)
        ? jobs
        : spec;
      return `${head}${quote}${to}${quote}`;
    },
  );
}

/**
 * An error as the page shows it, with a hint for the usual surprises.
 *
 * @example
 * ```ts
 * import { describeError } from "./program.ts";
 * console.assert(describeError(new SyntaxError("Unexpected token ':'")).includes("JavaScript"));
 * ```
 */
export function describeError(error: unknown): string {
  const text = error instanceof Error
    ? (error.stack ?? `${error.name}: ${error.message}`)
    : String(error);
  // A program that does not parse has no frames; a JSON.parse in running code has.
  if (error instanceof SyntaxError && !/\n\s+at /.test(text)) {
    return `${text}\n(The playground runs JavaScript: type annotations, interfaces and "as" casts must go.)`;
  }
  if (/SharedArrayBuffer/.test(text)) {
    return `${text}\n(Workers need SharedArrayBuffer, which this page does not have: see the note above.)`;
  }
  return text;
}
