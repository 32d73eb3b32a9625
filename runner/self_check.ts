/**
 * The last step of `deno task test`: run every test and every JSDoc example
 * (`deno test --doc`, after `deno check --doc` has type-checked them all)
 * with the permissions given on the command line, show
 * only what matters (failures, and Deno's closing line), then say in one
 * line what the run proved, with every number counted from its results:
 *
 * ```text
 * 29 references pass · 29 stubs fail · 11 bare stubs fail · 61 variants rejected at their named check · 140 kernel tests · 180 lesson examples · 210 doc examples
 * ```
 *
 * Usage: `deno run --allow-read=. --allow-write=.out --allow-run=deno
 * runner/self_check.ts <deno test permission flags>...`. The exit code is
 * `deno test`'s.
 *
 * @module
 */

import { join } from "node:path";
import { ROOT } from "./grading/paths.ts";

/** One test or step from the JUnit report. */
export interface TestCase {
  /** `test > step > step`. */
  name: string;
  /** The test module, `./kernel/kernel_test.ts`, or `./kernel/mod.ts#12-20.ts` for a doc example. */
  file: string;
  /** Whether it failed. */
  failed: boolean;
  /** Whether it was ignored (a check that needs what this copy lacks, say `solutions/`). */
  skipped?: boolean;
}

const unescape = (text: string) =>
  text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, name: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[name]!,
  );

/** Read Deno's JUnit report into test cases. */
export function parseJunit(xml: string): TestCase[] {
  const cases: TestCase[] = [];
  const re = /<testcase name="([^"]*)" classname="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(re)) {
    const body = match[4] ?? "";
    cases.push({
      name: unescape(match[1]),
      file: unescape(match[2]),
      failed: /<(failure|error)\b/.test(body),
      ...(/<skipped\b/.test(body) ? { skipped: true } : {}),
    });
  }
  return cases;
}

/**
 * The summary line: what the run proved, counted from its test cases.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summaryLine } from "./self_check.ts";
 *
 * const line = summaryLine([
 *   { name: "graders > 01-iterators/range > the reference passes", file: "./runner/c_test.ts", failed: false },
 *   { name: "graders > 01-iterators/range > the stub fails with 'not implemented yet'", file: "./runner/c_test.ts", failed: false },
 *   { name: "graders > 01-iterators/range > fails range_off_by_one: stops early", file: "./runner/c_test.ts", failed: false },
 *   { name: "t", file: "./kernel/deque_test.ts", failed: false },
 *   { name: "file:///r/kernel/mod.ts#5-9.ts", file: "./kernel/mod.ts#5-9.ts", failed: true },
 *   { name: "graders > 01-iterators/zip > the reference passes", file: "./runner/c_test.ts", failed: false, skipped: true },
 * ]);
 * assert.equal(
 *   line,
 *   "1 reference passes · 1 stub fails · 0 bare stubs fail · 1 variant rejected at their named check · 1 kernel test · 0 lesson examples · 0 of 1 doc examples · 1 skipped · 1 failed",
 * );
 * ```
 */
export function summaryLine(cases: TestCase[]): string {
  const passed = (test: (c: TestCase) => boolean) =>
    cases.filter((c) => test(c) && !c.failed && !c.skipped);
  const step = (suffix: RegExp) => (c: TestCase) => suffix.test(c.name);
  const isDoc = (c: TestCase) => c.file.includes("#");
  const topLevel = (c: TestCase) => !c.name.includes(" > ");
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const docs = cases.filter(isDoc);
  const docsPassed = docs.filter((c) => !c.failed && !c.skipped).length;
  const failed = cases.filter((c) => c.failed).length;
  const parts = [
    n(passed(step(/ > the reference passes$/)).length, "reference passes", "references pass"),
    n(
      passed(step(/ > the stub fails with 'not implemented yet'$/)).length,
      "stub fails",
      "stubs fail",
    ),
    n(
      passed(step(/ > the bare stub fails with 'not implemented yet'/)).length,
      "bare stub fails",
      "bare stubs fail",
    ),
    // course_check_test names a variant's step "fails <variant>: <mistake>".
    n(passed(step(/ > fails [^>]*$/)).length, "variant", "variants") +
    " rejected at their named check",
    n(
      passed((c) => c.file.startsWith("./kernel/") && !isDoc(c) && topLevel(c)).length,
      "kernel test",
      "kernel tests",
    ),
    n(
      passed(step(/^lesson .* > lessons\/.*README\.md:\d+$/)).length,
      "lesson example",
      "lesson examples",
    ),
    docsPassed === docs.length
      ? n(docsPassed, "doc example", "doc examples")
      : `${docsPassed} of ${docs.length} doc examples`,
  ];
  const skipped = cases.filter((c) => c.skipped).length;
  if (skipped > 0) parts.push(`${skipped} skipped`);
  if (failed > 0) parts.push(`${failed} failed`);
  return parts.join(" · ");
}

if (import.meta.main) {
  const junit = join(ROOT, ".out", "self-check.junit.xml");
  await Deno.mkdir(join(ROOT, ".out"), { recursive: true });
  // Why: a report left by an earlier run must never pass for this one's.
  await Deno.remove(junit).catch(() => {});
  const child = new Deno.Command("deno", {
    args: [
      "test",
      // Why --no-check: the task's `deno check --doc` has just type-checked
      // every module and every JSDoc example; checking them again here
      // would cost seconds of the self-check's budget for nothing.
      "--no-check",
      "--quiet",
      "--lock=deno.dev.lock",
      "--frozen",
      "--doc",
      "--reporter=dot",
      `--junit-path=${junit}`,
      ...Deno.args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  // Why filter: the dot reporter still prints a line per test when stdout is
  // not a terminal. Count them into one live line; pass everything else on.
  const live = Deno.stdout.isTerminal();
  const encoder = new TextEncoder();
  let dots = 0;
  let pending = "";
  for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      // deno-lint-ignore no-control-regex
      const plain = line.replace(/\x1b\[[0-9;]*m/g, "").trim();
      if (/^[.!,]+$/.test(plain)) {
        const before = dots;
        dots += plain.length;
        if (live) Deno.stdout.writeSync(encoder.encode(`\r${dots} tests and steps run`));
        // In a log (CI), a line now and then shows the run is alive.
        else if (Math.floor(dots / 100) > Math.floor(before / 100)) {
          console.log(`${Math.floor(dots / 100) * 100} tests and steps run`);
        }
        continue;
      }
      if (live && dots > 0) Deno.stdout.writeSync(encoder.encode("\r\x1b[K"));
      console.log(line);
    }
  }
  if (pending) console.log(pending);
  const { code } = await child.status;
  const cases = await Deno.readTextFile(junit).then(parseJunit, () => []);
  console.log(cases.length > 0 ? summaryLine(cases) : "no test report was written");
  Deno.exit(code);
}
