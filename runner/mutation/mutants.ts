/**
 * Mutants of a reference: the same file with one small, plausible change in
 * the part a learner writes (inside `@solution-begin` / `@solution-end`).
 *
 * A grader is as strong as the mistakes it catches. Mutation testing asks
 * it the question mechanically: flip a comparison, drop a statement, swap
 * two statements, forget an `await`, change a constant, and grade the
 * result. A mutant the grader passes is a *survivor*: either the change does
 * not alter behaviour (an equivalent mutant, explained in `equivalent.ts`)
 * or the grader misses a mistake a learner could make.
 *
 * The operators are the standard ones (Stryker's names in brackets):
 *
 * | operator      | what it does                                          |
 * | ------------- | ----------------------------------------------------- |
 * | `comparison`  | `<` ↔ `<=`, `>` ↔ `>=`, `===` ↔ `!==` [EqualityOperator] |
 * | `logical`     | `&&` ↔ `||`, `??` → `||` [LogicalOperator]            |
 * | `arithmetic`  | `+` ↔ `-`, `*` ↔ `/`, `++` ↔ `--`, `+=` ↔ `-=` [ArithmeticOperator, UpdateOperator] |
 * | `negation`    | drop a `!` [UnaryOperator]                            |
 * | `condition`   | an `if` / loop / ternary condition → `true` or `false` [ConditionalExpression] |
 * | `constant`    | `0` → `1`, `n` → `n + 1`, `true` ↔ `false`, `"s"` → `""` [BooleanLiteral, StringLiteral] |
 * | `drop`        | remove an expression statement, a `break`, `continue` or `throw` [BlockStatement, narrower] |
 * | `swap`        | swap two neighbouring statements                      |
 * | `await`       | `await x` → `x`                                       |
 * | `yield`       | `yield* x` → `yield x`                                |
 * | `method`      | `shift` ↔ `pop`, `push` ↔ `unshift` [MethodExpression] |
 * | `optional`    | `a?.b()` → `a.b()` [OptionalChaining]                 |
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- an authors' tool's one dependency, pinned here and in deno.lock
import ts from "npm:typescript@5.9.3";

/** One mutant: the text with one change, and how to name it. */
export interface Mutant {
  /** The operator that made it. */
  operator: Operator;
  /** 1-based line of the change in the reference. */
  line: number;
  /** The reference's line, trimmed. */
  before: string;
  /** The same line after the change, trimmed (for a swap: the two lines). */
  after: string;
  /** The whole mutated file. */
  text: string;
  /**
   * A name that survives unrelated edits to the file: the operator, the
   * changed line before and after. `equivalent.ts` keys on it.
   */
  key: string;
}

/** The operators, as named in the table above. */
export type Operator =
  | "comparison"
  | "logical"
  | "arithmetic"
  | "negation"
  | "condition"
  | "constant"
  | "drop"
  | "swap"
  | "await"
  | "yield"
  | "method"
  | "optional";

/** A change as a text edit: replace `[start, end)` with `text`. */
interface Edit {
  operator: Operator;
  start: number;
  end: number;
  text: string;
}

const SWAPS: Record<string, string[]> = {
  "<": ["<=", ">="],
  "<=": ["<", ">"],
  ">": [">=", "<="],
  ">=": [">", "<"],
  "===": ["!=="],
  "!==": ["==="],
  "==": ["!="],
  "!=": ["=="],
};
const LOGICAL: Record<string, string> = { "&&": "||", "||": "&&", "??": "||" };
const ARITHMETIC: Record<string, string> = {
  "+": "-",
  "-": "+",
  "*": "/",
  "/": "*",
  "%": "*",
  "+=": "-=",
  "-=": "+=",
};
const METHODS: Record<string, string> = {
  shift: "pop",
  pop: "shift",
  push: "unshift",
  unshift: "push",
};

/** The `[start, end)` ranges of a file's `@solution-begin` ... `@solution-end` blocks. */
export function solutionBlocks(text: string): [number, number][] {
  const blocks: [number, number][] = [];
  const pattern = /\/\/ @solution-begin[^\n]*\n([\s\S]*?)\/\/ @solution-end/g;
  for (const match of text.matchAll(pattern)) {
    const start = match.index! + match[0].indexOf("\n") + 1;
    blocks.push([start, start + match[1].length]);
  }
  return blocks;
}

/**
 * Every mutant of `text` (a reference solution) whose change lies inside a
 * solution block, in file order.
 */
export function mutantsOf(text: string, fileName = "reference.ts"): Mutant[] {
  const blocks = solutionBlocks(text);
  const inside = (node: ts.Node) => {
    const start = node.getStart(source);
    return blocks.some(([from, to]) => start >= from && node.end <= to);
  };
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const edits: Edit[] = [];
  const replace = (operator: Operator, node: ts.Node, replacement: string) =>
    edits.push({ operator, start: node.getStart(source), end: node.end, text: replacement });
  const tokenEdit = (operator: Operator, token: ts.Node, replacement: string) =>
    edits.push({ operator, start: token.getStart(source), end: token.end, text: replacement });

  const visit = (node: ts.Node): void => {
    if (inside(node)) collect(node);
    // Why outside collect: the block holding a solution block's statements
    // (a function body) starts before the markers.
    if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isCaseClause(node)) {
      swaps(node.statements);
    }
    ts.forEachChild(node, visit);
  };

  const collect = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.getText(source);
      for (const to of SWAPS[op] ?? []) tokenEdit("comparison", node.operatorToken, to);
      if (LOGICAL[op]) tokenEdit("logical", node.operatorToken, LOGICAL[op]);
      if (ARITHMETIC[op] && !isStringConcatenation(node)) {
        tokenEdit("arithmetic", node.operatorToken, ARITHMETIC[op]);
      }
    }
    if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      const op = node.operator;
      if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken) {
        const flipped = op === ts.SyntaxKind.PlusPlusToken ? "--" : "++";
        const text = node.getText(source).replace(/\+\+|--/, flipped);
        replace("arithmetic", node, text);
      }
      if (ts.isPrefixUnaryExpression(node) && op === ts.SyntaxKind.ExclamationToken) {
        replace("negation", node, node.operand.getText(source));
      }
    }
    if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) {
      conditions(node.expression);
    }
    if (ts.isForStatement(node) && node.condition) conditions(node.condition);
    if (ts.isConditionalExpression(node)) conditions(node.condition);
    if (ts.isNumericLiteral(node)) {
      const value = Number(node.text);
      replace("constant", node, value === 0 ? "1" : value === 1 ? "0" : String(value + 1));
    }
    if (node.kind === ts.SyntaxKind.TrueKeyword) replace("constant", node, "false");
    if (node.kind === ts.SyntaxKind.FalseKeyword) replace("constant", node, "true");
    if (ts.isStringLiteral(node) && node.text !== "" && !isTypeOrKeyPosition(node)) {
      replace("constant", node, '""');
    }
    if (
      ts.isExpressionStatement(node) || ts.isBreakStatement(node) ||
      ts.isContinueStatement(node) || ts.isThrowStatement(node)
    ) {
      // Why "{}" outside a block: the body of an `if` or a loop must stay a
      // statement, and TypeScript refuses an empty `;` as an `if` body.
      const parent = node.parent;
      const inBlock = ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent);
      replace("drop", node, inBlock ? "" : "{}");
    }
    if (ts.isAwaitExpression(node)) replace("await", node, node.expression.getText(source));
    if (ts.isYieldExpression(node) && node.asteriskToken && node.expression) {
      replace("yield", node, `yield ${node.expression.getText(source)}`);
    }
    if (ts.isPropertyAccessExpression(node) && METHODS[node.name.text]) {
      if (ts.isCallExpression(node.parent) && node.parent.expression === node) {
        tokenEdit("method", node.name, METHODS[node.name.text]);
      }
    }
    if (
      (ts.isPropertyAccessExpression(node) || ts.isCallExpression(node) ||
        ts.isElementAccessExpression(node)) && node.questionDotToken
    ) {
      tokenEdit("optional", node.questionDotToken, ts.isPropertyAccessExpression(node) ? "." : "");
    }
  };

  const conditions = (expression: ts.Expression) => {
    if (!inside(expression)) return;
    const text = expression.getText(source);
    if (text !== "true") replace("condition", expression, "true");
    if (text !== "false") replace("condition", expression, "false");
  };

  const swaps = (statements: ts.NodeArray<ts.Statement>) => {
    for (let i = 0; i + 1 < statements.length; i++) {
      const [a, b] = [statements[i], statements[i + 1]];
      if (!inside(a) || !inside(b)) continue;
      // Why not declarations: moving a use before its `const` only makes a
      // mutant that does not compile, which says nothing about the grader.
      if (ts.isVariableStatement(a) || ts.isVariableStatement(b)) continue;
      if (ts.isFunctionDeclaration(a) || ts.isFunctionDeclaration(b)) continue;
      const aText = a.getText(source);
      const bText = b.getText(source);
      edits.push({
        operator: "swap",
        start: a.getStart(source),
        end: b.end,
        text: bText + text.slice(a.end, b.getStart(source)) + aText,
      });
    }
  };

  const isStringConcatenation = (node: ts.BinaryExpression) =>
    node.operatorToken.kind === ts.SyntaxKind.PlusToken &&
    (ts.isStringLiteral(node.left) || ts.isStringLiteral(node.right) ||
      ts.isTemplateExpression(node.left) || ts.isTemplateExpression(node.right));

  visit(source);
  return edits.map((edit) => toMutant(text, edit));
}

/** Whether a string literal is a type, an import path or a property name (not a value). */
function isTypeOrKeyPosition(node: ts.StringLiteral): boolean {
  const parent = node.parent;
  return ts.isLiteralTypeNode(parent) || ts.isImportDeclaration(parent) ||
    ts.isExportDeclaration(parent) || ts.isPropertyAssignment(parent) && parent.name === node ||
    ts.isExternalModuleReference(parent);
}

function toMutant(text: string, edit: Edit): Mutant {
  const mutated = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  const lineStart = text.lastIndexOf("\n", edit.start - 1) + 1;
  const lineEndOriginal = endOfLine(text, edit.end);
  const before = text.slice(lineStart, lineEndOriginal).trim().replace(/\s*\n\s*/g, " ⏎ ");
  const lineEndMutated = endOfLine(mutated, edit.start + edit.text.length);
  const after = mutated.slice(lineStart, lineEndMutated).trim().replace(/\s*\n\s*/g, " ⏎ ");
  const line = text.slice(0, edit.start).split("\n").length;
  return {
    operator: edit.operator,
    line,
    before,
    after,
    text: mutated,
    key: `${edit.operator}: ${before} → ${after}`,
  };
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end === -1 ? text.length : end;
}
