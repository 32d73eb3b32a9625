/**
 * What the kernel benchmarks use of the kernel, and how to load it from
 * another copy of `kernel/` (an older commit checked out elsewhere), so the
 * two can be measured side by side in the same run with the same code.
 *
 * Imported as a module, this is the kernel of this checkout.
 *
 * @module
 */

import { pathToFileURL } from "node:url";
export { run } from "../kernel.ts";
export { cancel, checkpoint, join, sleep, spawn } from "../operations.ts";
import type * as Api from "./kernel_api.ts";

/** The operations the benchmarks call. */
export type KernelApi = Pick<
  typeof Api,
  "run" | "spawn" | "join" | "checkpoint" | "sleep" | "cancel"
>;

/**
 * Load the kernel in directory `dir` (a `kernel/` folder: its `kernel.ts`
 * and `operations.ts`). Needs read permission for `dir`.
 *
 * @example
 * ```ts ignore
 * const old = await loadKernel("/tmp/old/kernel");
 * await old.run(function* main() { yield* old.checkpoint(); });
 * ```
 */
export async function loadKernel(dir: string): Promise<KernelApi> {
  // Why pathToFileURL: a path with a space (or any character a URL escapes) stays right.
  const base = pathToFileURL(dir.replace(/\/?$/, "/"));
  const [kernel, operations] = await Promise.all([
    import(new URL("kernel.ts", base).href),
    import(new URL("operations.ts", base).href),
  ]);
  return { ...kernel, ...operations } as KernelApi;
}
