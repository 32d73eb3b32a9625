// A fixture grader for runner/grading/hostile_test.ts: compares what values look like, as probe logs do.
import { defineGrader, Mistake } from "../grading/grader.ts";

type Double = { double(n: number): unknown };

export default defineGrader<Double>({
  "double(2) looks like 4": ({ double }) => {
    const shown = Deno.inspect(double(2));
    if (shown !== "4") throw new Mistake(`double(2) shows as ${shown}, not 4`);
  },
});
