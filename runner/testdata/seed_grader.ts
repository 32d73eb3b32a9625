// A fixture grader for runner/grading/explore_flag_test.ts: fails under an odd base seed,
// as a generated check fails under the seeds whose cases find a mistake.
import { currentSeed } from "../grading/explore.ts";
import { defineGrader, Mistake } from "../grading/grader.ts";

export default defineGrader<unknown>({
  "passes under an even seed": () => {
    if (currentSeed() % 2 === 1) throw new Mistake(`seed ${currentSeed()} is odd`);
  },
});
