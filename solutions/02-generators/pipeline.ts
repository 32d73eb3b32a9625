/**
 * Exercise 02-generators/pipeline: a lazy pipeline over a log, Beazley style.
 *
 * A log does not arrive in lines: a file is read, or a socket received, in
 * chunks of bytes that cut lines anywhere. Three generators turn that into
 * something a program can search:
 *
 * - `lines(chunks)` puts the chunks back together into lines (without the
 *   `"\n"`), giving each line as soon as its `"\n"` has arrived;
 * - `grep(pattern, lines)` keeps the lines that contain `pattern` (a string)
 *   or match it (a RegExp);
 * - `head(n, items)` gives the first `n` items and stops.
 *
 * Chained, `head(3, grep("ERROR", lines(chunks)))` is David Beazley's
 * follow → grep → print. It must be lazy all the way down: no chunk is read
 * before someone asks for a line, and no more chunks are read than the lines
 * asked for need. When the pipeline stops early (`head` has its `n`, or the
 * consumer breaks), every stage closes the one it reads from, back to the
 * source, so a file or a socket behind it would be released. Write all three
 * as generator functions (`function*`).
 *
 * Run the checks: `deno task grade 02-generators/pipeline`
 *
 * @module
 */

/** Lines of text, put together from `chunks`; a last line without `"\n"` counts too. */
export function* lines(chunks: Iterable<string>): Generator<string, void, undefined> {
  // TODO: keep what has arrived but is not a whole line yet; give each whole
  //   line before reading the next chunk.
  // @solution-begin
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
  // @solution-end
}

/** The lines that contain `pattern` (a string) or match it (a RegExp). */
export function* grep(
  pattern: string | RegExp,
  lines: Iterable<string>,
): Generator<string, void, undefined> {
  // TODO: one pass over lines, giving the ones that match.
  // @solution-begin
  const matches = typeof pattern === "string"
    ? (line: string) => line.includes(pattern)
    : (line: string) => line.search(pattern) !== -1; // search() ignores lastIndex
  for (const line of lines) {
    if (matches(line)) yield line;
  }
  // @solution-end
}

/**
 * The first `n` items: never pulls an item more than it gives, and closes
 * `items` once it has them. With `n <= 0` it gives nothing and never even
 * opens `items`.
 */
export function* head<T>(n: number, items: Iterable<T>): Generator<T, void, undefined> {
  // TODO: give items until n have been given, then stop, closing items.
  // @solution-begin
  if (n <= 0) return; // nothing wanted: do not even open items
  let given = 0;
  for (const item of items) {
    yield item;
    given++;
    if (given === n) return; // stop before pulling again; for...of closes items
  }
  // @solution-end
}
