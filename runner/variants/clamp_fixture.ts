/**
 * The fixture exercise of this folder's tests: `clamp(x, lo, hi)`, with its
 * reference, grader and known-wrong variants in `runner/testdata/variant_bank/`.
 *
 * @module
 */

import type { Exercise } from "../course.ts";

/** Where the fixture's files are. */
export const FIXTURE_DIR = "runner/testdata/variant_bank";

/** The fixture exercise, laid out as the manifest lays out a real one. */
export const clampFixture: Exercise = {
  id: "00-fixture/clamp",
  name: "clamp",
  title: "clamp(x, lo, hi)",
  hints: ["min and max"],
  lesson: {
    dir: "00-fixture",
    title: "Fixture",
    summary: "",
    exercises: [{ name: "clamp", title: "clamp(x, lo, hi)", hints: ["min and max"] }],
  },
  number: 1,
  file: `${FIXTURE_DIR}/clamp.ts`,
  grader: `${FIXTURE_DIR}/clamp_grader.ts`,
  solution: `${FIXTURE_DIR}/clamp.ts`,
  wrongDir: `${FIXTURE_DIR}/wrong`,
};
