/**
 * KNOWN-WRONG VARIANT, kept to prove the grader rejects it.
 *
 * Mistake: the finally block calls reader.cancel() without awaiting it: the consumer's loop ends while the source is still letting go.
 * Check: lines agrees with the native TextDecoder on generated streams: any text cut at any byte, streams that fail, consumers that stop early
 * Grader says: a generated case where yours and the expected reader differ
 *
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
 *   cancelled. Either way the reader's lock is released;
 * - an error of the stream reaches the consumer as it is, after the
 *   complete lines before it.
 *
 * The grader compares yours with these rules on generated streams (any
 * text, cut at any byte) and consumers.
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
  // @solution-begin
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let open = true; // the stream has neither ended nor failed
  try {
    while (true) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        open = false; // Why: a failed stream is already closed; its error goes on as is
        throw error;
      }
      const { value, done } = chunk;
      if (done) {
        open = false;
        buffer += decoder.decode(); // flush: an unfinished character becomes U+FFFD
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        yield line.endsWith("\r") ? line.slice(0, -1) : line;
      }
    }
    if (buffer !== "") yield buffer.endsWith("\r") ? buffer.slice(0, -1) : buffer;
  } finally {
    // Why: a consumer that stops early leaves the source mid-stream; cancel
    // tells whoever produces the bytes to stop and close.
    if (open) reader.cancel("the consumer stopped reading lines"); // fire and forget
    reader.releaseLock();
  }
  // @solution-end
}
