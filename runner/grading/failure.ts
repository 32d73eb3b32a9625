/**
 * Turning whatever a check threw into a message a learner can act on:
 * what was expected, what came, and where in their file.
 *
 * @module
 */

/** Message of the line a stub throws; see `runner/stubs.ts`. */
const NOT_IMPLEMENTED = "not implemented yet";

/** Show a value the way a learner would write it: `[ 0, 1, 2 ]`, `"a"`. */
function show(value: unknown): string {
  return Deno.inspect(value, { depth: 4, colors: false, strAbbreviateSize: 200 });
}

/**
 * The first place in `file` that a stack trace passes through, as
 * `exercises/01-iterators/range.ts:12:9`, or `undefined` when the error did
 * not come from that file.
 */
export function whereIn(error: unknown, file: string): string | undefined {
  const stack = error instanceof Error ? error.stack ?? "" : "";
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return match ? `${file}:${match[1]}:${match[2]}` : undefined;
}

/**
 * Describe a check's failure. Assertion errors show their message with the
 * expected and received values; a stub's `not implemented yet` is said in
 * one line; anything else the learner's code threw is named with its place.
 */
export function describeFailure(error: unknown, file: string): string {
  const where = whereIn(error, file);
  const at = where ? ` (at ${where})` : "";
  if (!(error instanceof Error)) {
    return `your code threw a value that is not an Error: ${show(error)}`;
  }
  if (error.name === "AssertionError" && "expected" in error && "actual" in error) {
    const generated = "generatedMessage" in error && error.generatedMessage === true;
    const head = generated ? "values differ" : error.message.split("\n")[0];
    return `${head}\n  expected: ${show(error.expected)}\n  received: ${show(error.actual)}`;
  }
  if (error.name === "Mistake") return error.message;
  if (error.message === NOT_IMPLEMENTED) return `${NOT_IMPLEMENTED}${at}`;
  const thrown = `${error.name}: ${error.message}`;
  return where ? `your code threw ${thrown}${at}` : `the check threw ${thrown}`;
}
