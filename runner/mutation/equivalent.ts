/**
 * Mutants that change no behaviour a learner or a grader could see, each
 * with the reason. `deno task mutate` counts them apart from survivors, so
 * a survivor always means a check to add.
 *
 * Keys are `Mutant.key` (`mutants.ts`): the operator, then the changed line
 * before and after, as `deno task mutate` prints them. One file per track,
 * so the tracks' authors can work side by side.
 *
 * @module
 */

import { generatorsTrack } from "./equivalent_generators.ts";
import { kernelTrack } from "./equivalent_kernel.ts";
import { asyncTrack } from "./equivalent_async.ts";

/** Known-equivalent mutants by exercise id, then by mutant key, with why. */
export const equivalentMutants: Record<string, Record<string, string>> = {
  ...generatorsTrack,
  ...kernelTrack,
  ...asyncTrack,
};
