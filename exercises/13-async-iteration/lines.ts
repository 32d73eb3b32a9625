// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
 * Exercise 13-async-iteration/lines: read lines from a byte stream, lazily and tidily.
 *
 * `lines(stream)` turns a `ReadableStream<Uint8Array>` (a file, a socket, a
 * `fetch` body) into an async iterable of text lines, like Python's
 * `async for line in reader`. Bytes arrive in chunks that know nothing about
 * lines or characters: a chunk may end in the middle of a line, or in the
 * middle of a multi-byte UTF-8 character (`é` is two bytes, `🦆` four).
 *
 * The rules:
 * - a line ends at `"\n"`; the `"\n"` is not part of it, and a `"\r"` just
 *   before it is dropped too (`"\r\n"` files), as is a `"\r"` at the very
 *   end of the stream. Nothing else is: a `"\r"` anywhere else, spaces and
 *   tabs stay in the line;
 * - the last line counts even when no `"\n"` ends it; an empty stream, or
 *   one that ends right after a `"\n"`, has no extra empty line;
 * - the text is what one `TextDecoder` makes of the whole stream: bytes that
 *   are not UTF-8, and a character cut short by the end of the stream,
 *   become U+FFFD (`"\uFFFD"`), never nothing;
 * - it is lazy: a chunk is read only when a line is asked for and the lines
 *   already read are used up (that is backpressure: a slow consumer slows
 *   the reading);
 * - a consumer that stops early (`break`, `return()`, a throw in its loop)
 *   while the stream is still open cancels the stream, so the file or
 *   socket behind it is let go, and the loop ends only once the cancel has
 *   finished. A stream read to its end, or one that failed, is not
 *   cancelled (a failed stream is closed already, and `cancel()` would only
 *   reject with the same error). Either way the reader's lock is released,
 *   so `stream.locked` is false again;
 * - when the stream fails (a `read()` rejects), the complete lines before
 *   the error are given, the half line after the last `"\n"` is not (the
 *   stream did not end), and the stream's own error goes on to the
 *   consumer, as it is.
 *
 * Lesson 13 ("Reading a stream by hand") shows `getReader()`, `read()`,
 * `cancel()` and `releaseLock()` in each of these cases. The grader
 * compares yours with these rules on generated streams (any text, cut at
 * any byte) and consumers.
 *
 * Run the checks: `deno task grade 13-async-iteration/lines`
 *
 * @module
 */

/** The text lines of `stream`, decoded as UTF-8, one per `next()`. */
export async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string, void> {
  // TODO: take a reader (stream.getReader()) and one TextDecoder for the whole
  //   stream; decode each chunk with { stream: true } so a character split
  //   across two chunks waits for its second half. Keep the text after the
  //   last "\n" in a buffer; yield every complete line; at the end, flush the
  //   decoder and yield what is left, if anything. In a finally block, cancel
  //   the reader if the stream did not end (an early stop), then release it.
  throw new Error("not implemented yet");
}
