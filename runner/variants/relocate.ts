/**
 * Moving a module's text to another folder without breaking what it
 * imports: every relative specifier (in `import`, `export ... from`,
 * `import()`, `import.meta.resolve()` and `new URL(..., import.meta.url)`)
 * is pointed again at the same file from the new place.
 *
 * @module
 */

import { posix } from "node:path";

const SPECIFIER =
  /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\bimport\.meta\.resolve\(\s*|\bnew URL\(\s*)(["'])(\.\.?\/[^"'\n]*)\2(\s*,\s*import\.meta\.url)?/g;

/**
 * `text`, written for a file in folder `from`, with its relative specifiers
 * rewritten for a file in folder `to` (both relative to the repository
 * root, with `/`). A specifier is left alone when `keep(target)` says so
 * (the converter keeps those that point at no file). `new URL(...)` is
 * rewritten only with `import.meta.url` as its base.
 *
 * @example
 * ```ts
 * import { relocate } from "./relocate.ts";
 * relocate('import { Kernel } from "./select_loop.ts";', "solutions/07-select-loop", "solutions/.variants/07-select-loop");
 * // 'import { Kernel } from "../../07-select-loop/select_loop.ts";'
 * ```
 */
export function relocate(
  text: string,
  from: string,
  to: string,
  keep: (target: string) => boolean = () => false,
): string {
  if (posix.normalize(from) === posix.normalize(to)) return text;
  return text.replace(SPECIFIER, (whole, head, quote, specifier, base) => {
    if (head.startsWith("new URL") && base === undefined) return whole;
    const target = posix.normalize(posix.join(from, specifier));
    if (keep(target)) return whole;
    let moved = posix.relative(to, target);
    if (!moved.startsWith(".")) moved = `./${moved}`;
    if (specifier.endsWith("/") && !moved.endsWith("/")) moved += "/";
    return `${head}${quote}${moved}${quote}${base ?? ""}`;
  });
}
