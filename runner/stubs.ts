/**
 * Stubs are made from solutions, so the two can never drift apart.
 *
 * A reference solution marks the lines a learner has to write:
 *
 * ```ts ignore
 * export function* range(start: number, end: number): Generator<number> {
 *   // TODO: yield start, start + 1, ... up to but not including end.
 *   // @solution-begin
 *   for (let i = start; i < end; i++) yield i;
 *   // @solution-end
 * }
 * ```
 *
 * The stub keeps everything outside the markers and replaces each marked
 * block with a line that throws `not implemented yet`, at the same indent.
 * Its first line switches lint off for the file: a stub is unfinished on
 * purpose (unused parameters, a generator with no `yield` yet), and the line
 * says to delete it once the learner wants lint on their own work.
 * A block may say what its stub line is instead, with `// @stub <code>`
 * lines inside it (for a class field, say, where a throw cannot stand).
 * Like rustlings, exercise and solution then differ only where the
 * learner works. `deno task stubs` records every stub made this way in
 * `runner/pristine_stubs.json` (see `pristine.ts`), which is what the
 * runner reads, so a copy of the course without `solutions/` still knows
 * its stubs.
 *
 * @module
 */

const BEGIN = /^(\s*)\/\/ @solution-begin\s*$/;
const END = /^\s*\/\/ @solution-end\s*$/;
const STUB = /^\s*\/\/ @stub (.*)$/;

/** The first line of every stub. */
export const STUB_HEADER =
  "// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work";

/** The stub line used when a block gives none of its own. */
export const NOT_IMPLEMENTED = 'throw new Error("not implemented yet");';

/**
 * Make the stub text from a solution's text. Throws, naming the file and
 * line, when markers are unbalanced or a solution has none at all.
 */
export function stubFromSolution(solution: string, file = "solution"): string {
  const lines = solution.split("\n");
  const out: string[] = [];
  let open: { line: number; indent: string; stub: string[] } | null = null;
  let blocks = 0;
  for (const [i, line] of lines.entries()) {
    const begin = BEGIN.exec(line);
    if (begin) {
      if (open) {
        throw new Error(`Cannot make a stub from ${file}:${i + 1}: @solution-begin inside a block`);
      }
      open = { line: i + 1, indent: begin[1], stub: [] };
      continue;
    }
    if (END.test(line)) {
      if (!open) {
        throw new Error(`Cannot make a stub from ${file}:${i + 1}: @solution-end without a begin`);
      }
      const stub = open.stub.length > 0 ? open.stub : [NOT_IMPLEMENTED];
      for (const code of stub) out.push(open.indent + code);
      open = null;
      blocks++;
      continue;
    }
    if (open) {
      const stub = STUB.exec(line);
      if (stub) open.stub.push(stub[1]);
      continue;
    }
    out.push(line);
  }
  if (open) {
    throw new Error(`Cannot make a stub from ${file}:${open.line}: @solution-begin is never ended`);
  }
  if (blocks === 0) {
    throw new Error(`Cannot make a stub from ${file}: it has no // @solution-begin block`);
  }
  return [STUB_HEADER, ...out].join("\n");
}
