/**
 * The GitHub Classroom workflow is generated from the manifest; this test
 * fails when an exercise was added without regenerating it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { exercisesOf } from "../course.ts";
import { ROOT } from "../grading/paths.ts";
import { manifest } from "../manifest.ts";
import { CLASSROOM_WORKFLOW, classroomWorkflow } from "./classroom.ts";

Deno.test("classroom.yml has one graded step per exercise, in step with the manifest", async () => {
  const exercises = exercisesOf(manifest);
  const committed = await Deno.readTextFile(join(ROOT, CLASSROOM_WORKFLOW));
  assert.equal(
    committed,
    classroomWorkflow(exercises),
    `${CLASSROOM_WORKFLOW} is out of date with runner/manifest.ts: run deno task classroom`,
  );
  for (const exercise of exercises) {
    assert.ok(committed.includes(`command: deno task grade ${exercise.id}\n`), exercise.id);
  }
});
