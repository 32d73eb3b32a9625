/**
 * `--explore`: a passing file is graded again under fresh seeds, the first
 * failing seed is reported, and `--seed` with it replays that failure.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { Exercise } from "../course.ts";
import { parseArgs } from "../main.ts";
import { gradeMany } from "./batch.ts";

const fixture: Exercise = {
  id: "00-fixture/seeded",
  name: "seeded",
  title: "seeded",
  hints: ["none"],
  lesson: { dir: "00-fixture", title: "Fixture", summary: "", exercises: [] },
  number: 1,
  file: "runner/testdata/ok.ts",
  grader: "runner/testdata/seed_grader.ts",
  solution: "runner/testdata/ok.ts",
  wrongDir: "runner/testdata",
};

Deno.test("--explore grades again under fresh seeds and stops at the first that fails", async () => {
  const seeds = [4, 7, 10];
  const [result] = await gradeMany([{ exercise: fixture }], {
    seed: 2,
    explore: 3,
    seeds: () => seeds.shift()!,
  });
  assert.equal(result.status, "fail");
  assert.equal(result.seed, 7);
  assert.match(result.message, /seed 7 is odd/);
  assert.match(result.message, /replay it with deno task grade 00-fixture\/seeded --seed 7/);
  assert.deepEqual(seeds, [10], "no seed is tried after the first that fails");

  const [replayed] = await gradeMany([{ exercise: fixture }], { seed: 7 });
  assert.equal(replayed.status, "fail");
  assert.match(replayed.message, /seed 7 is odd/);
});

Deno.test("--explore leaves a file that passes under every seed passing", async () => {
  const [result] = await gradeMany([{ exercise: fixture }], {
    seed: 2,
    explore: 2,
    seeds: (() => {
      let next = 2;
      return () => (next += 2);
    })(),
  });
  assert.equal(result.status, "pass", result.message);
});

Deno.test("parseArgs() reads --explore with and without a count", () => {
  assert.equal(parseArgs(["--explore"]).flags.explore, 10);
  assert.equal(parseArgs(["--explore=3"]).flags.explore, 3);
  assert.throws(() => parseArgs(["--explore=0"]), /Cannot use --explore "0"/);
});
