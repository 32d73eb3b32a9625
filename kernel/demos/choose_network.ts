/**
 * The demos' `--selector=memory|deno|poll` flag: one network per choice.
 *
 * @module
 */

import { DenoNetwork } from "../deno_selector.ts";
import { MemoryNetwork } from "../memory_network.ts";
import { PollNetwork } from "../poll_selector.ts";
import type { Selector } from "../selector.ts";
import type { AnyBackend } from "../sockets.ts";

/**
 * The selectors the demos can run on.
 *
 * @example
 * ```ts
 * import { NETWORKS } from "./choose_network.ts";
 * console.assert(NETWORKS.includes("poll"));
 * ```
 */
export const NETWORKS = ["memory", "deno", "poll"] as const;

/**
 * A network that is both the socket back-end and the kernel's selector.
 *
 * @example
 * ```ts
 * import { chooseNetwork, type DemoNetwork } from "./choose_network.ts";
 * const net: DemoNetwork = chooseNetwork("memory");
 * net.close();
 * ```
 */
export type DemoNetwork = AnyBackend & Selector & { close(): void };

/**
 * Create the network named by `--selector`.
 *
 * @example The in-memory network
 * ```ts
 * import { chooseNetwork } from "./choose_network.ts";
 * const net = chooseNetwork("memory");
 * console.assert(net.name === "memory");
 * net.close();
 * ```
 */
export function chooseNetwork(name: string): DemoNetwork {
  switch (name) {
    case "memory":
      return new MemoryNetwork() as unknown as DemoNetwork;
    case "deno":
      return new DenoNetwork() as unknown as DemoNetwork;
    case "poll":
      return new PollNetwork() as unknown as DemoNetwork;
    default:
      throw new Error(
        `Cannot use selector '${name}' as it is not one of ${
          NETWORKS.join(", ")
        }: pass --selector=deno`,
      );
  }
}

/**
 * Read `--name=value` flags from `args`.
 *
 * @example
 * ```ts
 * import { flags } from "./choose_network.ts";
 * console.assert(flags(["--selector=poll"]).selector === "poll");
 * ```
 */
export function flags(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const match = /^--([\w-]+)=(.*)$/.exec(arg);
    if (match === null) throw new Error(`Cannot read argument '${arg}': use --name=value`);
    out[match[1]] = match[2];
  }
  return out;
}
