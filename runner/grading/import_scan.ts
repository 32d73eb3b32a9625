/**
 * Lists every import of TypeScript files, with Deno's own parser.
 *
 * Deno parses a file for its lint plugins and hands the plugin an ESTree
 * AST; `Deno.lint.runPlugin` runs a plugin on any source text, but only
 * under `deno test`. So `imports.ts` runs this file as
 * `deno test --no-check --no-config --quiet import_scan.ts -- --stdin`, with
 * `[{ file, source }, ...]` as JSON on stdin: the source is parsed as given
 * (a `// deno-lint-ignore-file` line cannot hide anything, and the process
 * needs no permission at all). It prints one line, `@@imports <json>`, a
 * list of {@linkcode ScannedFile}. Its name does not end in `_test.ts`, so
 * the course's own `deno test` never runs it.
 *
 * @module
 */

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
  /** Every import in source order, or `null` when the file could not be read or parsed. */
  imports: ScannedImport[] | null;
  /** Why not, when `imports` is `null`. */
  error?: string;
}

/** The marker before the result line. */
export const MARKER = "@@imports ";

// deno-lint-ignore no-explicit-any -- the lint AST is walked generically here
type Node = any;

function scan(file: string, source: string): ScannedImport[] {
  const found: ScannedImport[] = [];
  const lineOf = (node: Node) => {
    const start = node.range?.[0] ?? 0;
    let line = 1;
    for (let i = 0; i < start && i < source.length; i++) if (source[i] === "\n") line++;
    return line;
  };
  const literal = (node: Node): string | null => {
    if (node?.type === "Literal" && typeof node.value === "string") return node.value;
    if (node?.type === "TemplateLiteral" && node.expressions.length === 0) {
      return node.quasis.map((q: Node) => q.cooked ?? q.raw ?? q.value?.cooked ?? q.value?.raw)
        .join("");
    }
    return null;
  };
  const nameOf = (node: Node): string => node?.type === "Literal" ? String(node.value) : node?.name;
  const plugin: Deno.lint.Plugin = {
    name: "groundup-imports",
    rules: {
      scan: {
        create(context) {
          const topLevel = (node: Node): Node => {
            let at = node;
            while (at.parent && at.parent.type !== "Program") at = at.parent;
            return at;
          };
          return {
            ImportDeclaration(node: Node) {
              const all = node.importKind === "type";
              const names = node.specifiers.map((s: Node) =>
                s.type === "ImportDefaultSpecifier"
                  ? "default"
                  : s.type === "ImportNamespaceSpecifier"
                  ? "*"
                  : nameOf(s.imported)
              );
              const typeOnly = all ||
                (node.specifiers.length > 0 &&
                  node.specifiers.every((s: Node) => s.importKind === "type"));
              found.push({
                kind: "import",
                specifier: node.source.value,
                names,
                typeOnly,
                line: lineOf(node),
              });
            },
            ExportNamedDeclaration(node: Node) {
              if (!node.source) return;
              found.push({
                kind: "export",
                specifier: node.source.value,
                names: node.specifiers.map((s: Node) => nameOf(s.local)),
                typeOnly: node.exportKind === "type",
                line: lineOf(node),
              });
            },
            ExportAllDeclaration(node: Node) {
              found.push({
                kind: "export",
                specifier: node.source.value,
                names: ["*"],
                typeOnly: node.exportKind === "type",
                line: lineOf(node),
              });
            },
            ImportExpression(node: Node) {
              const specifier = literal(node.source);
              found.push({
                kind: "dynamic",
                specifier,
                names: ["*"],
                typeOnly: false,
                line: lineOf(node),
                ...(specifier === null
                  ? { statement: context.sourceCode.getText(topLevel(node)) }
                  : {}),
              });
            },
            TSImportType(node: Node) {
              found.push({
                kind: "type",
                specifier: literal(node.argument?.literal ?? node.argument),
                names: ["*"],
                typeOnly: true,
                line: lineOf(node),
              });
            },
            TSExternalModuleReference(node: Node) {
              found.push({
                kind: "require",
                specifier: literal(node.expression),
                names: ["*"],
                typeOnly: false,
                line: lineOf(node),
              });
            },
            "Program:exit"() {
              for (const comment of context.sourceCode.getAllComments()) {
                const reference = /^\/\s*<reference\s+(path|types|lib)\s*=\s*["']([^"']*)["']/
                  .exec(comment.value);
                if (!reference) continue;
                found.push({
                  kind: "reference",
                  specifier: reference[1] === "lib" ? `lib:${reference[2]}` : reference[2],
                  names: ["*"],
                  typeOnly: true,
                  line: lineOf(comment),
                });
              }
            },
          };
        },
      },
    },
  };
  Deno.lint.runPlugin(plugin, file, source);
  return found;
}

if (Deno.args[0] === "--stdin" && "runPlugin" in (Deno.lint ?? {})) {
  const input = JSON.parse(await new Response(Deno.stdin.readable).text()) as {
    file: string;
    source: string;
  }[];
  const results: ScannedFile[] = input.map(({ file, source }) => {
    try {
      return { file, imports: scan(file, source) };
    } catch (error) {
      return { file, imports: null, error: error instanceof Error ? error.message : String(error) };
    }
  });
  const line = new TextEncoder().encode(`\n${MARKER}${JSON.stringify(results)}\n`);
  let at = 0;
  while (at < line.length) at += Deno.stdout.writeSync(line.subarray(at));
}
