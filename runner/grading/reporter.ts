/**
 * The grading subprocess's side of the report channel.
 *
 * {@linkcode openReporter} runs before any learner code loads. It reads the
 * nonce from stdin (the parent writes it and closes the pipe, so nothing is
 * left there to read later) and keeps it as bytes only: a V8 heap snapshot
 * shows every string but not the contents of byte arrays, so not even
 * `node:v8` can find it. Everything the reporter uses is captured here,
 * bound to its object, so a learner who later replaces `console.log`,
 * `JSON.stringify` or `Deno.stdout.writeSync` changes nothing it does.
 *
 * @module
 */

import type { ChildReport } from "./reports.ts";

/** Writes one report line. */
export type Report = (line: ChildReport) => void;

/** Longest text field written in a report; longer ones are cut, saying so. */
const FIELD_LIMIT = 20_000;

/** Read the nonce (bytes) from stdin, to its end. */
function readNonce(): Uint8Array {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const buffer = new Uint8Array(256);
  while (length < 4096) {
    const n = Deno.stdin.readSync(buffer);
    if (n === null) break;
    chunks.push(buffer.slice(0, n));
    length += n;
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
    chunk.fill(0);
  }
  buffer.fill(0);
  let end = all.length;
  while (end > 0 && (all[end - 1] === 10 || all[end - 1] === 13 || all[end - 1] === 32)) end--;
  if (end < 16) throw new Error("Cannot report: the grading process got no nonce on stdin");
  return all.subarray(0, end);
}

function clip(text: string): string {
  if (text.length <= FIELD_LIMIT) return text;
  return `${text.slice(0, FIELD_LIMIT)}… (${text.length - FIELD_LIMIT} more characters)`;
}

/**
 * Open the report channel. Call once, before learner code loads; the
 * returned function is the only way to write a report.
 */
export function openReporter(): { report: Report; nonce: () => Uint8Array } {
  const nonce = readNonce();
  const encoder = new TextEncoder();
  const encode = encoder.encode.bind(encoder);
  const stringify = JSON.stringify;
  const writeOut = Deno.stdout.writeSync.bind(Deno.stdout);
  const writeErr = Deno.stderr.writeSync.bind(Deno.stderr);
  let write = writeOut;
  let switched = false;

  const writeAll = (bytes: Uint8Array): void => {
    let at = 0;
    while (at < bytes.length) at += write(bytes.subarray(at));
  };
  const line = (report: ChildReport): Uint8Array => {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(report)) {
      fields[key] = typeof value === "string" ? clip(value) : value;
    }
    const body = encode(` ${stringify(fields)}\n`);
    const bytes = new Uint8Array(nonce.length + body.length);
    bytes.set(nonce, 0);
    bytes.set(body, nonce.length);
    return bytes;
  };

  const report: Report = (entry) => {
    const bytes = line(entry);
    try {
      writeAll(bytes);
    } catch {
      // Why fall back: learner code may have closed stdout; the parent reads
      // reports from stderr too, and is told why they moved.
      if (switched) return;
      switched = true;
      write = writeErr;
      try {
        writeAll(line({ event: "stdout-closed" }));
        writeAll(bytes);
      } catch { /* both closed: the parent sees the reports stop */ }
    } finally {
      bytes.fill(0);
    }
  };
  return { report, nonce: () => nonce.slice() };
}
