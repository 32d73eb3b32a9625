/**
 * `deno task bench:budget`: the grading budget of issue 12, each figure
 * beside its budget and beside a baseline measured in the same run.
 *
 * | case                                        | budget  |
 * | ------------------------------------------- | ------- |
 * | `deno task grade <id>`, per exercise, median | ≤ 1.5 s |
 * | `deno task grade` (every exercise), median  | ≤ 10 s  |
 * | `deno task test`, median                    | ≤ 120 s |
 *
 * Two trees are measured: this one (`HEAD`, committed work only) and the
 * baseline (by default the merge-base of `HEAD` and `main`), each unpacked
 * with `git archive` into a temporary folder, with the references copied
 * over the exercises there (so grading passes, and no learner's file is
 * touched). Every case gets the same warm-up runs (not counted: they fill
 * Deno's caches for the new folder) and the same number of measured runs
 * on both trees, taken in turns (this, baseline, then baseline, this, ...)
 * so that a change in the machine's load falls on both. The load average
 * is printed with the figures: on a shared machine the absolute numbers say
 * little, the side-by-side ones more.
 *
 * ```sh
 * deno task bench:budget                     # every case, 3 runs, 1 warm-up
 * deno task bench:budget --runs 5 --warmup 1
 * deno task bench:budget --baseline HEAD~3   # another baseline
 * deno task bench:budget --only one,all      # skip deno task test (minutes)
 * deno task bench:budget --test-runs 1       # runs for deno task test (default: --runs)
 * ```
 *
 * @module
 */

import { join } from "node:path";

const ROOT = join(import.meta.dirname!, "..", "..");
const BUDGET = { one: 1.5, all: 10, test: 120 };

interface Options {
  runs: number;
  testRuns: number;
  warmup: number;
  baseline?: string;
  only: Set<string>;
}

function parseOptions(args: string[]): Options {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const count = (flag: string, fallback: number) => {
    const text = value(flag);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) {
      throw new Error(`${flag} needs a whole number, not "${text}"`);
    }
    return n;
  };
  const runs = count("--runs", 3);
  return {
    runs: Math.max(1, runs),
    testRuns: Math.max(1, count("--test-runs", runs)),
    warmup: count("--warmup", 1),
    baseline: value("--baseline"),
    only: new Set((value("--only") ?? "one,all,test").split(",")),
  };
}

async function run(
  command: string,
  args: string[],
  cwd = ROOT,
): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args,
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, out: new TextDecoder().decode(stdout), err: new TextDecoder().decode(stderr) };
}

async function git(...args: string[]): Promise<string> {
  const { code, out, err } = await run("git", args);
  if (code !== 0) throw new Error(`git ${args.join(" ")} failed: ${err.trim()}`);
  return out.trim();
}

/** A tree to measure: a commit unpacked in a temporary folder. */
interface Tree {
  label: string;
  commit: string;
  dir: string;
  /** The exercise files as shipped (stubs), to put back after grading the references. */
  stubs: Map<string, Uint8Array>;
}

async function unpack(label: string, ref: string): Promise<Tree> {
  const commit = await git("rev-parse", "--verify", `${ref}^{commit}`);
  const dir = await Deno.makeTempDir({ prefix: `groundup-bench-${label}-` });
  const tar = join(dir, ".tree.tar");
  await git("archive", "--format=tar", "-o", tar, commit);
  const untar = await run("tar", ["-xf", tar, "-C", dir]);
  if (untar.code !== 0) throw new Error(`Cannot unpack ${commit}: ${untar.err.trim()}`);
  await Deno.remove(tar);
  return { label, commit, dir, stubs: new Map() };
}

/** Put the references over the exercises, so that every exercise passes. */
async function referencesIn(tree: Tree): Promise<void> {
  const { dir } = tree;
  for await (const lesson of Deno.readDir(join(dir, "solutions"))) {
    if (!lesson.isDirectory) continue;
    for await (const file of Deno.readDir(join(dir, "solutions", lesson.name))) {
      const target = join(dir, "exercises", lesson.name, file.name);
      if (!file.isFile || !file.name.endsWith(".ts")) continue;
      try {
        tree.stubs.set(target, await Deno.readFile(target));
      } catch {
        continue; // a helper of the solutions, not an exercise
      }
      await Deno.copyFile(join(dir, "solutions", lesson.name, file.name), target);
    }
  }
}

/** Put the stubs back: `deno task test` checks that each exercise is its stub. */
async function stubsIn(tree: Tree): Promise<void> {
  for (const [path, bytes] of tree.stubs) await Deno.writeFile(path, bytes);
  tree.stubs.clear();
}

/** The exercise ids a tree grades: exercises/<lesson>/<name>.ts with a grader beside it. */
async function exerciseIds(tree: Tree): Promise<string[]> {
  const ids: string[] = [];
  for await (const lesson of Deno.readDir(join(tree.dir, "exercises"))) {
    if (!lesson.isDirectory || lesson.name.startsWith(".")) continue;
    for await (const file of Deno.readDir(join(tree.dir, "exercises", lesson.name))) {
      const name = file.name.replace(/\.ts$/, "");
      if (name === file.name || name.endsWith("_grader")) continue;
      try {
        await Deno.stat(join(tree.dir, "exercises", lesson.name, `${name}_grader.ts`));
        ids.push(`${lesson.name}/${name}`);
      } catch { /* not an exercise */ }
    }
  }
  return ids.sort();
}

/** Seconds one `deno task ...` takes in `tree`, and whether it succeeded. */
async function timed(tree: Tree, task: string[]): Promise<{ seconds: number; ok: boolean }> {
  const start = performance.now();
  const { code } = await run("deno", ["task", "-q", ...task], tree.dir);
  return { seconds: (performance.now() - start) / 1000, ok: code === 0 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = () => Deno.loadavg().map((x) => x.toFixed(2)).join(" ");

interface Figure {
  seconds: number[];
  failed: number;
}

/** Warm up both trees, then take `runs` turns, alternating which tree goes first. */
async function measure(
  trees: Tree[],
  task: string[],
  runs: number,
  warmup: number,
): Promise<Figure[]> {
  for (let w = 0; w < warmup; w++) for (const tree of trees) await timed(tree, task);
  const figures = trees.map(() => ({ seconds: [] as number[], failed: 0 }));
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order.filter((i) => i < trees.length)) {
      const { seconds, ok } = await timed(trees[i], task);
      figures[i].seconds.push(seconds);
      if (!ok) figures[i].failed++;
    }
  }
  return figures;
}

const cell = (f: Figure | undefined) =>
  f === undefined
    ? "-"
    : `${median(f.seconds).toFixed(2)} s${f.failed ? ` (${f.failed} failed)` : ""}`;
const verdict = (f: Figure, budget: number) => median(f.seconds) <= budget ? "yes" : "NO";

if (import.meta.main) {
  const options = parseOptions(Deno.args);
  const baseRef = options.baseline ?? await git("merge-base", "HEAD", "main");
  console.log(`# Grading budget (issue 12)\n`);
  console.log(`Machine: ${navigator.hardwareConcurrency} cores; load average at start ${load()}`);
  const trees = [await unpack("this", "HEAD"), await unpack("baseline", baseRef)];
  try {
    for (const tree of trees) {
      console.log(`- ${tree.label}: ${tree.commit.slice(0, 10)} (${tree.dir})`);
    }
    if (trees[0].commit === trees[1].commit) {
      console.log("  (the baseline is this very commit: expect the same figures, up to noise)");
    }
    console.log(
      `Warm-up runs ${options.warmup}, measured runs ${options.runs} ` +
        `(deno task test: ${options.testRuns}), taken in turns on both trees.\n`,
    );
    for (const tree of trees) await referencesIn(tree);
    const rows: string[] = [];
    const row = (cells: string[]) => {
      rows.push(`| ${cells.join(" | ")} |`);
      // Printed at once too: the whole runs take minutes, and a stopped bench keeps its rows.
      console.log(`${rows.at(-1)} (load ${Deno.loadavg()[0].toFixed(2)})`);
    };

    if (options.only.has("one")) {
      const ids = await exerciseIds(trees[0]);
      const theirs = new Set(await exerciseIds(trees[1]));
      console.log(
        `## deno task grade <id>, median of ${options.runs} (budget ≤ ${BUDGET.one} s)\n`,
      );
      console.log("| exercise | this | baseline | within budget | load (1 min) |");
      console.log("| --- | ---: | ---: | :---: | ---: |");
      const medians: number[] = [];
      const baseMedians: number[] = [];
      for (const id of ids) {
        const both = theirs.has(id) ? trees : [trees[0]];
        const [mine, base] = await measure(both, ["grade", id], options.runs, options.warmup);
        medians.push(median(mine.seconds));
        if (base) baseMedians.push(median(base.seconds));
        console.log(
          `| ${id} | ${cell(mine)} | ${cell(base)} | ${verdict(mine, BUDGET.one)} | ${
            Deno.loadavg()[0].toFixed(2)
          } |`,
        );
      }
      const worst = Math.max(...medians);
      row([
        "grade one exercise: the slowest median",
        `≤ ${BUDGET.one} s`,
        `${worst.toFixed(2)} s`,
        baseMedians.length ? `${Math.max(...baseMedians).toFixed(2)} s` : "-",
        worst <= BUDGET.one ? "yes" : "NO",
      ]);
      row([
        "grade one exercise: the median of the medians",
        `≤ ${BUDGET.one} s`,
        `${median(medians).toFixed(2)} s`,
        baseMedians.length ? `${median(baseMedians).toFixed(2)} s` : "-",
        median(medians) <= BUDGET.one ? "yes" : "NO",
      ]);
      console.log();
    }
    if (options.only.has("all")) {
      const [mine, base] = await measure(trees, ["grade"], options.runs, options.warmup);
      row([
        "deno task grade (all)",
        `≤ ${BUDGET.all} s`,
        cell(mine),
        cell(base),
        verdict(mine, BUDGET.all),
      ]);
    }
    if (options.only.has("test")) {
      for (const tree of trees) await stubsIn(tree);
      const [mine, base] = await measure(trees, ["test"], options.testRuns, options.warmup);
      row([
        "deno task test",
        `≤ ${BUDGET.test} s`,
        cell(mine),
        cell(base),
        verdict(mine, BUDGET.test),
      ]);
    }
    console.log("## Summary\n");
    console.log("| case | budget | this | baseline | within budget |");
    console.log("| --- | ---: | ---: | ---: | :---: |");
    for (const line of rows) console.log(line);
    console.log(`\nLoad average at the end: ${load()} (on ${navigator.hardwareConcurrency} cores)`);
  } finally {
    for (const tree of trees) await Deno.remove(tree.dir, { recursive: true });
  }
}
