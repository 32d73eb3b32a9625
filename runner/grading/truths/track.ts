/**
 * The truth for 02-generators/track: a generator's states, inferred from
 * what the native generator does under the same script.
 *
 * JavaScript hides a generator's state, but every call shows where it was:
 * a call on a created generator that is not `next()` closes it without
 * running the body; any other call on a live generator runs the body
 * (`running`) and leaves it `suspended` if it yielded, `closed` if it
 * finished or threw; a call on a closed one changes nothing. So the bare
 * generator, driven by the script, tells the path of states its tracked
 * twin must report. Inside the body the state is `running` by definition,
 * and a call the body makes on itself is refused by the engine.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { playTracked } from "./track.ts";
 *
 * const native = playTracked(undefined, { yields: [1] }, [["next"], ["return", 2]]);
 * assert.deepEqual(native.changes, [
 *   "created → running",
 *   "running → suspended",
 *   "suspended → running",
 *   "running → closed",
 * ]);
 * ```
 *
 * @module
 */

import {
  type Call,
  callOn,
  callText,
  label,
  resultText,
  type Resumable,
  rethrowStub,
  type Shape,
  shaped,
} from "../iterator_scripts.ts";

/** A generator's state, as the exercise names them. */
export type State = "created" | "suspended" | "running" | "closed";

/** The wrapper `track` returns, as far as a script needs it. */
export interface TrackedLike extends Resumable {
  /** Where the wrapped generator is now. */
  readonly state: string;
}

/** A `track` function: the learner's. */
export type Track = (
  gen: Generator<unknown, unknown, unknown>,
  onChange?: (from: State, to: State) => void,
) => TrackedLike;

/** Everything one side of a case showed. */
export interface TrackOutcome {
  /** What each call of the script gave. */
  caller: string[];
  /** What the body did, in order (its peeks and its calls on itself included). */
  body: string[];
  /** Every change reported, `from → to`, with the state read inside `onChange`. */
  changes: string[];
  /** The state before the first call and after each call. */
  states: string[];
}

/**
 * Build `shape`'s generator and play `script` on it: tracked with `track`,
 * or, with `track` undefined, bare, with the states inferred from what the
 * native generator does.
 */
export function playTracked(
  track: Track | undefined,
  shape: Shape,
  script: readonly Call[],
): TrackOutcome {
  const body: string[] = [];
  const changes: string[] = [];
  const caller: string[] = [];
  const states: string[] = [];
  if (track === undefined) {
    let state = "created" as State;
    const move = (to: State) => {
      if (to !== state) changes.push(`${state} → ${to}`);
      state = to;
    };
    const gen = shaped(shape, { log: body, self: () => gen, peek: () => state });
    states.push(state);
    for (const call of script) {
      const runs = state === "suspended" || (state === "created" && call[0] === "next");
      if (state === "created" && !runs) move("closed");
      if (runs) move("running");
      try {
        const result = callOn(gen, call);
        if (runs) move(result.done ? "closed" : "suspended");
        caller.push(`${callText(call)} → ${resultText(result)}`);
      } catch (error) {
        if (runs) move("closed");
        caller.push(`${callText(call)} → threw ${label(error)}`);
      }
      states.push(state);
    }
    return { caller, body, changes, states };
  }
  // Why a holder: the body and onChange reach the wrapper track() is about to return.
  const holder: { tracked?: TrackedLike } = {};
  const gen = shaped(shape, {
    log: body,
    self: () => holder.tracked!,
    peek: () => holder.tracked!.state,
  });
  const tracked = track(gen, (from, to) => {
    const now = holder.tracked?.state;
    changes.push(
      `${from} → ${to}` + (now !== undefined && now !== to ? ` (state said ${now})` : ""),
    );
  });
  holder.tracked = tracked;
  states.push(tracked.state);
  for (const call of script) {
    try {
      caller.push(`${callText(call)} → ${resultText(callOn(tracked, call))}`);
    } catch (error) {
      rethrowStub(error);
      caller.push(`${callText(call)} → threw ${label(error)}`);
    }
    states.push(tracked.state);
  }
  return { caller, body, changes, states };
}
