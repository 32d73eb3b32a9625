/**
 * The 09-futures/future grader is a protocol suite; this proves the suite
 * right by running every one of its checks against the reference kernel's
 * `Future` (`kernel/future.ts`). A check the kernel fails is a check that
 * asks for something the course's own Future does not do.
 *
 * @module
 */

import grader from "../../exercises/09-futures/future_grader.ts";
import type * as Exercise from "../../exercises/09-futures/future.ts";
import { Future } from "../../kernel/future.ts";

for (const [name, check] of Object.entries(grader.checks)) {
  Deno.test(`kernel/future.ts keeps the Future protocol: ${name}`, async () => {
    await check({ Future } as unknown as typeof Exercise);
  });
}
