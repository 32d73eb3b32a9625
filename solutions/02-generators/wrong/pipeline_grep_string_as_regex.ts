/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: grep uses line.search(pattern) for strings too; search turns a string into a regex, so grep("a.b", lines) also keeps "axb" and grep(".", lines) keeps every non-empty line.
 * Check: lines, grep and head, chained, agree with iterator helpers on generated chunks, patterns and counts
 * Grader says: [{ grep: "." }]
 *
 * Exercise 02-generators/pipeline: a lazy pipeline over a log, Beazley style.
 *
 * A log does not arrive in lines: a file is read, or a socket received, in
 * chunks of bytes that cut lines anywhere. Three generators turn that into
 * something a program can search:
 *
 * - `lines(chunks)` puts the chunks back together into lines (without the
 *   `"\n"`), giving each line as soon as its `"\n"` has arrived;
 * - `grep(pattern, lines)` keeps the lines that contain `pattern` (a string,
 *   taken literally: `"a.b"` matches only `a.b`) or match it (a RegExp,
 *   whatever its flags, tested on each line from its start: a `/g` or `/y`
 *   regex's `lastIndex` must not carry over from one line to the next);
 * - `head(n, items)` gives the first `n` items and stops. Like
 *   `Iterator.prototype.take`, it counts by the whole part of `n`
 *   (`head(2.5, items)` gives 2 items, `head(Infinity, items)` all of them);
 *   when that is below 1 (`0`, a negative number, `0.5`, `NaN`) it gives
 *   nothing and never even opens `items`.
 *
 * Chained, `head(3, grep("ERROR", lines(chunks)))` is David Beazley's
 * follow → grep → print. It must be lazy all the way down: no chunk is read
 * before someone asks for a line, and no more chunks are read than the lines
 * asked for need. When the pipeline stops early (`head` has its `n`, or the
 * consumer breaks), every stage closes the one it reads from, back to the
 * source, so a file or a socket behind it would be released. Write all three
 * as generator functions (`function*`). The grader also runs generated
 * chains over generated chunks (with patterns of every kind, counts of every
 * kind, and sources that fail) on yours and on the same three written with
 * iterator helpers, and compares one log of everything the source saw and
 * the consumer got, in order.
 *
 * Run the checks: `deno task grade 02-generators/pipeline`
 *
 * @module
 */

/** Lines of text, put together from `chunks`; a last line without `"\n"` counts too. */
export function* lines(chunks: Iterable<string>): Generator<string, void, undefined> {
  // TODO: keep what has arrived but is not a whole line yet; give each whole
  //   line before reading the next chunk.
  let pending = "";
  for (const chunk of chunks) {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf("\n")) !== -1) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      yield line; // a return() here ends the for...of, which closes chunks
    }
  }
  if (pending !== "") yield pending;
}

/** The lines that contain `pattern` (a string) or match it (a RegExp). */
export function* grep(
  pattern: string | RegExp,
  lines: Iterable<string>,
): Generator<string, void, undefined> {
  // TODO: one pass over lines, giving the ones that match.
  const matches = (line: string) => line.search(pattern) !== -1; // search() ignores lastIndex
  for (const line of lines) {
    if (matches(line)) yield line;
  }
}

/** The first `n` items (the whole part of `n`): never pulls an item more than it gives. */
export function* head<T>(n: number, items: Iterable<T>): Generator<T, void, undefined> {
  // TODO: give items until n have been given, then stop, closing items.
  const count = Math.trunc(n); // 2.5 counts as 2, as Iterator.prototype.take does
  if (!(count >= 1)) return; // nothing wanted (NaN too): do not even open items
  let given = 0;
  for (const item of items) {
    yield item;
    given++;
    if (given >= count) return; // stop before pulling again; for...of closes items
  }
}
