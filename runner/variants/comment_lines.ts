/**
 * Which lines of a TypeScript file hold only comments (or nothing): the
 * converter keeps the reference's comments where a full copy's comments
 * drifted from them, since a comment cannot be a variant's mistake.
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- an authors' tool's one dependency, pinned here and in deno.lock
import ts from "npm:typescript@5.9.3";

/**
 * The 0-based indices of the lines of `text` with no code on them: blank,
 * or only comments. Parsed, not pattern-matched, so a `*` that starts a line
 * of code or a `//` inside a string or a regex is not taken for a comment.
 *
 * @example
 * ```ts
 * import { commentOnlyLines } from "./comment_lines.ts";
 * commentOnlyLines("/** doc *\/\nconst x = 1; // x\n\n"); // Set { 0, 2 }
 * ```
 */
export function commentOnlyLines(text: string): Set<number> {
  const file = ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true);
  const lineStarts = file.getLineStarts();
  const code = new Set<number>();
  const visit = (node: ts.Node) => {
    if (ts.isJSDoc(node)) return;
    const children = node.getChildren(file);
    if (children.length === 0) {
      if (node.kind === ts.SyntaxKind.EndOfFileToken) return;
      const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const last = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      for (let line = first; line <= last; line++) code.add(line);
      return;
    }
    for (const child of children) visit(child);
  };
  visit(file);
  const only = new Set<number>();
  for (let line = 0; line < lineStarts.length; line++) if (!code.has(line)) only.add(line);
  return only;
}
