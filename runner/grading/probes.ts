/**
 * Probes: iterables that write down how they are used.
 *
 * Graders hand a probe to the learner's code and to the reference (often a
 * JavaScript built-in) and compare the two logs. A log line is one of
 * `open` (someone called `[Symbol.iterator]()`), `next → 3`, `next → done`,
 * `return`. Laziness, early close and over-pulling all show up as a
 * different log, which is what the learner is shown.
 *
 * @module
 */

import { Mistake } from "./grader.ts";

/** How far an endless probe goes before it calls the consumer eager. */
const ENDLESS_LIMIT = 10_000;

/** An iterable that records every call made on it. */
export interface Probe<T> extends Iterable<T> {
  /** What happened so far, in order. */
  readonly log: string[];
}

/** Options for {@linkcode probe}. */
export interface ProbeOptions {
  /** Write into this log (shared by several probes, to see their order). */
  log?: string[];
  /** Put this name before each line: `left next → 1`. */
  name?: string;
}

/**
 * Make a probe over `values`, or over 0, 1, 2, ... forever with `"naturals"`.
 * Every `[Symbol.iterator]()` call starts again from the first value.
 */
export function probe<T = number>(
  values: readonly T[] | "naturals",
  options: ProbeOptions = {},
): Probe<T> {
  const log = options.log ?? [];
  const prefix = options.name ? `${options.name} ` : "";
  const at = (i: number): IteratorResult<T, undefined> => {
    if (i >= ENDLESS_LIMIT) {
      throw new Mistake(
        `${prefix}pulled ${ENDLESS_LIMIT} values from an endless source without stopping: is something eager, collecting everything before it is asked?`,
      );
    }
    return values === "naturals"
      ? { value: i as T, done: false }
      : i < values.length
      ? { value: values[i], done: false }
      : { value: undefined, done: true };
  };
  return {
    log,
    [Symbol.iterator](): Iterator<T, undefined> {
      log.push(`${prefix}open`);
      let i = 0;
      let closed = false;
      return {
        next() {
          const result: IteratorResult<T, undefined> = closed
            ? { value: undefined, done: true }
            : at(i++);
          log.push(`${prefix}next → ${result.done ? "done" : Deno.inspect(result.value)}`);
          return result;
        },
        return() {
          closed = true;
          log.push(`${prefix}return`);
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/**
 * Drive an iterator with a script and log what the consumer saw:
 * `got 3`, `done`, `threw Error: boom`. Actions: a number pulls that many
 * values (stopping at done), `"return"` calls `return()`.
 */
export function drive<T>(iterator: Iterator<T>, script: (number | "return")[]): string[] {
  const seen: string[] = [];
  try {
    for (const action of script) {
      if (action === "return") {
        const result = iterator.return?.();
        seen.push(result === undefined ? "no return()" : `return → ${describe(result)}`);
        continue;
      }
      for (let i = 0; i < action; i++) {
        const result = iterator.next();
        seen.push(describe(result));
        if (result.done) break;
      }
    }
  } catch (error) {
    seen.push(`threw ${error instanceof Error ? `${error.name}: ${error.message}` : error}`);
  }
  return seen;
}

function describe(result: IteratorResult<unknown>): string {
  return result.done ? "done" : `got ${Deno.inspect(result.value)}`;
}
