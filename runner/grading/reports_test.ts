/**
 * Reading reports: found anywhere in a line, across chunk boundaries,
 * never thrown on, and the learner's output capped.
 *
 * @module
 */

import assert from "node:assert/strict";
import { interpret } from "./grade.ts";
import type { Exercise } from "../course.ts";
import { type ChildReport, ReportStream, validReport } from "./reports.ts";

const NONCE = "@@grade-0123456789abcdef0123456789abcdef0123";

function read(chunks: string[], limits = { output: 1000, report: 1000 }) {
  const stream = new ReportStream(NONCE, { limits });
  for (const chunk of chunks) stream.push(chunk);
  stream.end();
  return stream;
}

const line = (report: ChildReport) => `${NONCE} ${JSON.stringify(report)}\n`;

Deno.test("ReportStream separates reports from output", () => {
  const stream = read([
    "hello\n",
    line({ event: "start", check: "a" }),
    "printed\n",
    line({ event: "pass", check: "a" }),
  ]);
  assert.deepEqual(stream.reports, [
    { event: "start", check: "a" },
    { event: "pass", check: "a" },
  ]);
  assert.equal(stream.output, "hello\nprinted\n");
});

Deno.test("ReportStream finds a report after an unfinished line of output", () => {
  const stream = read(["no newline", line({ event: "start", check: "b" })]);
  assert.deepEqual(stream.reports, [{ event: "start", check: "b" }]);
  assert.equal(stream.output, "no newline\n");
});

Deno.test("ReportStream finds a nonce split across chunks, at every split point", () => {
  const text = `x${line({ event: "done" })}y`;
  for (let at = 0; at <= text.length; at++) {
    const stream = read([text.slice(0, at), text.slice(at)]);
    assert.deepEqual(stream.reports, [{ event: "done" }], `split at ${at}`);
    assert.equal(stream.output, "x\ny", `split at ${at}`);
  }
});

Deno.test("ReportStream reads one character at a time", () => {
  const text = line({ event: "plan", checks: ["a", "b"] }) + "out\n" + line({ event: "end" });
  const stream = read([...text]);
  assert.deepEqual(stream.reports, [{ event: "plan", checks: ["a", "b"] }, { event: "end" }]);
  assert.equal(stream.output, "out\n");
});

Deno.test("ReportStream counts malformed reports and never throws", () => {
  const stream = read([
    `${NONCE} {\n`,
    `${NONCE} not json\n`,
    `${NONCE} {"event":"pass"}\n`,
    `${NONCE} {"event":"nonsense"}\n`,
    `${NONCE} {"event":"plan","checks":[1]}\n`,
    `${NONCE}{"event":"done"}\n`,
    `${NONCE} {"event":"fail","check":"a"`,
  ]);
  assert.deepEqual(stream.reports, []);
  assert.equal(stream.malformed, 7);
});

Deno.test("ReportStream keeps output up to its cap and counts the rest", () => {
  const stream = read(["x".repeat(600), "y".repeat(600), line({ event: "done" }), "z".repeat(10)]);
  assert.deepEqual(stream.reports, [{ event: "done" }]);
  assert.match(stream.output, /^x{600}y{400}\n… 211 more characters of output were dropped/);
});

Deno.test("ReportStream refuses a report line longer than its cap, and reads on", () => {
  const stream = read([
    `${NONCE} {"event":"fail","check":"a","message":"${"m".repeat(2000)}"}\n`,
    line({ event: "done" }),
  ]);
  assert.equal(stream.malformed, 1);
  assert.deepEqual(stream.reports, [{ event: "done" }]);
});

Deno.test("ReportStream reads 20 MB in chunks of 64 KB without keeping it", () => {
  const stream = new ReportStream(NONCE);
  const chunk = "x".repeat(1 << 16);
  for (let i = 0; i < 320; i++) stream.push(chunk);
  stream.push(line({ event: "done" }));
  stream.end();
  assert.deepEqual(stream.reports, [{ event: "done" }]);
  assert.equal(stream.dropped, 320 * (1 << 16) - 1_000_000 + 1);
});

Deno.test("validReport() takes the known shapes only", () => {
  assert.deepEqual(validReport({ event: "oom", rss: 5 }), { event: "oom", rss: 5 });
  assert.equal(validReport({ event: "oom" }), undefined);
  assert.equal(validReport({ event: "exit", via: "Deno.exit", code: 0, during: "" }), undefined);
  assert.equal(validReport(["event"]), undefined);
  assert.equal(validReport(null), undefined);
});

const exercise = { id: "00-fixture/x", grader: "g.ts" } as Exercise;
const run = (reports: ChildReport[], extra: Partial<Parameters<typeof interpret>[0]> = {}) =>
  interpret({
    exercise,
    file: "x.ts",
    reports,
    malformed: 0,
    killedFor: undefined,
    timeout: 10,
    exitCode: 0,
    signal: undefined,
    output: "",
    stderr: "",
    seed: undefined,
    ...extra,
  });
const clean: ChildReport[] = [
  { event: "plan", checks: ["a", "b"] },
  { event: "start", check: "a" },
  { event: "pass", check: "a" },
  { event: "start", check: "b" },
  { event: "pass", check: "b" },
  { event: "done" },
  { event: "end" },
];

Deno.test("interpret() passes only every planned check passing, then a clean end", () => {
  assert.equal(run(clean).status, "pass");
  const without = (event: string) => clean.filter((r) => r.event !== event);
  assert.equal(run(without("end")).status, "error", "no end");
  assert.equal(run(without("done")).status, "error", "no done");
  assert.equal(run(clean.filter((_, i) => i !== 4)).status, "fail", "a check never reported");
  assert.equal(run(clean, { exitCode: 1 }).status, "error", "exit code 1");
  assert.equal(run(clean, { malformed: 1 }).status, "error", "a malformed report");
  assert.equal(run(clean, { signal: "SIGKILL" }).status, "error", "killed");
});

Deno.test("interpret() ignores a pass for a check that is not running", () => {
  const forged: ChildReport[] = [
    { event: "plan", checks: ["a"] },
    { event: "pass", check: "a" },
    { event: "done" },
    { event: "end" },
  ];
  assert.notEqual(run(forged).status, "pass");
});
