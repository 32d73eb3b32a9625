/**
 * The grading subprocess's reports, and how the parent reads them.
 *
 * A report is one line, `<nonce> <json>`, where the nonce is a secret the
 * parent handed the subprocess on stdin before any learner code loaded (see
 * `reporter.ts`). The same stdout also carries whatever the learner prints,
 * so {@linkcode ReportStream} separates the two in one pass over the bytes:
 * it finds the nonce anywhere in a line (a learner's unfinished line cannot
 * swallow a report), keeps at most a cap of the learner's output and counts
 * the rest, and never throws on a malformed report: it counts it.
 *
 * @module
 */

import { OUTPUT_LIMIT } from "./limits.ts";

/** Every line the grading subprocess reports. */
export type ChildReport =
  | { event: "plan"; checks: string[] }
  | { event: "import-error"; message: string }
  | { event: "start"; check: string }
  | { event: "pass"; check: string }
  | { event: "fail"; check: string; message: string }
  | { event: "tampered"; what: string; during: string }
  | { event: "violation"; message: string; during: string }
  | { event: "exit"; via: string; code: string; during: string }
  | { event: "stalled"; during: string }
  | { event: "oom"; rss: number }
  | { event: "stdout-closed" }
  | { event: "done" }
  | { event: "end" };

const TEXT_FIELDS: Record<ChildReport["event"], string[]> = {
  "plan": [],
  "import-error": ["message"],
  "start": ["check"],
  "pass": ["check"],
  "fail": ["check", "message"],
  "tampered": ["what", "during"],
  "violation": ["message", "during"],
  "exit": ["via", "code", "during"],
  "stalled": ["during"],
  "oom": [],
  "stdout-closed": [],
  "done": [],
  "end": [],
};

/** Check a parsed report's shape; `undefined` for anything else. */
export function validReport(value: unknown): ChildReport | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const event = record.event;
  if (typeof event !== "string" || !Object.hasOwn(TEXT_FIELDS, event)) return undefined;
  for (const field of TEXT_FIELDS[event as ChildReport["event"]]) {
    if (typeof record[field] !== "string") return undefined;
  }
  if (event === "plan") {
    const checks = record.checks;
    if (!Array.isArray(checks) || !checks.every((c) => typeof c === "string")) return undefined;
  }
  if (event === "oom" && typeof record.rss !== "number") return undefined;
  return value as ChildReport;
}

/** Limits for {@linkcode ReportStream}. */
export interface StreamLimits {
  /** Characters of the learner's output kept; the rest is counted and dropped. */
  output: number;
  /** Longest report line accepted; a longer one counts as malformed. */
  report: number;
}

/** Default limits: 1 MB of output, 256 KB per report. */
export const DEFAULT_LIMITS: StreamLimits = { output: OUTPUT_LIMIT, report: 256_000 };

/**
 * Splits one stream into reports and the learner's output, in linear time
 * whatever the chunking: each chunk is scanned once, and only a tail shorter
 * than the nonce is carried over to the next.
 */
export class ReportStream {
  /** Reports in the order they came. */
  readonly reports: ChildReport[] = [];
  /** Report lines that were cut short, too long, not JSON or of an unknown shape. */
  malformed = 0;
  /** Characters of output dropped past the cap. */
  dropped = 0;

  readonly #nonce: string;
  readonly #limits: StreamLimits;
  readonly #output: string[] = [];
  #kept = 0;
  #carry = "";
  #inReport = false;
  #report: string[] = [];
  #reportLength = 0;
  #atLineStart = true;

  readonly #onReport: ((report: ChildReport) => void) | undefined;

  /** A stream whose reports start with `nonce`; `onReport` sees each as it comes. */
  constructor(
    nonce: string,
    options: { limits?: StreamLimits; onReport?: (report: ChildReport) => void } = {},
  ) {
    if (nonce.length === 0) throw new Error("Cannot read reports without a nonce");
    this.#nonce = nonce;
    this.#limits = options.limits ?? DEFAULT_LIMITS;
    this.#onReport = options.onReport;
  }

  /** Feed the next chunk of decoded text. */
  push(chunk: string): void {
    const text = this.#carry + chunk;
    this.#carry = "";
    let at = 0;
    while (at < text.length) {
      if (this.#inReport) {
        const newline = text.indexOf("\n", at);
        this.#appendReport(text.slice(at, newline < 0 ? text.length : newline));
        if (newline < 0) return;
        this.#finishReport();
        at = newline + 1;
        continue;
      }
      const found = text.indexOf(this.#nonce, at);
      if (found < 0) {
        // Why keep a tail: the nonce may be split across two chunks.
        const keep = Math.min(this.#nonce.length - 1, text.length - at);
        this.#appendOutput(text.slice(at, text.length - keep));
        this.#carry = text.slice(text.length - keep);
        return;
      }
      this.#appendOutput(text.slice(at, found));
      // A report that interrupts an unfinished line of output ends that line.
      if (!this.#atLineStart) this.#appendOutput("\n");
      this.#inReport = true;
      at = found + this.#nonce.length;
    }
  }

  /** The stream ended: a report cut short is malformed; a carried tail is output. */
  end(): void {
    if (this.#inReport) {
      this.malformed++;
      this.#inReport = false;
    }
    this.#appendOutput(this.#carry);
    this.#carry = "";
  }

  /** The learner's output kept, with a note of what was dropped. */
  get output(): string {
    const text = this.#output.join("");
    if (this.dropped === 0) return text;
    return `${text}\n… ${this.dropped} more characters of output were dropped (the cap is ${this.#limits.output})`;
  }

  #appendOutput(text: string): void {
    if (text.length === 0) return;
    this.#atLineStart = text.endsWith("\n");
    const room = this.#limits.output - this.#kept;
    if (room >= text.length) {
      this.#output.push(text);
      this.#kept += text.length;
      return;
    }
    if (room > 0) {
      this.#output.push(text.slice(0, room));
      this.#kept += room;
    }
    this.dropped += text.length - Math.max(0, room);
  }

  #appendReport(text: string): void {
    this.#reportLength += text.length;
    if (this.#reportLength <= this.#limits.report) this.#report.push(text);
  }

  #finishReport(): void {
    const line = this.#report.join("");
    const tooLong = this.#reportLength > this.#limits.report;
    this.#report = [];
    this.#reportLength = 0;
    this.#inReport = false;
    this.#atLineStart = true;
    let report: ChildReport | undefined;
    if (!tooLong && line.startsWith(" ")) {
      try {
        report = validReport(JSON.parse(line.slice(1)));
      } catch { /* malformed, counted below */ }
    }
    if (report) {
      this.reports.push(report);
      this.#onReport?.(report);
    } else this.malformed++;
  }
}
