// deno-lint-ignore-file -- a stub is unfinished on purpose: delete this line to lint your work
/**
 * Exercise 08-blocking/fair_fib: a fib server where a slow request does not
 * stall everyone else.
 *
 * This is the talk's fib server on the kernel: each client sends numbers,
 * one per line, and gets `fib(n)` back, one per line. As given, one line of
 * `fibHandler` runs `fib(n)` straight through on the kernel's only thread:
 * while one client asks for `fib(30)`, no other task runs at all, so a
 * client asking for `fib(1)` waits just as long. Find that line.
 *
 * Then write `fibSteps(n)`: the same slow recursive Fibonacci (the same
 * number of calls; it is the work that is slow, not the algorithm we want
 * to fix), written as a kernel operation that gives up its turn with
 * `yield* checkpoint()` every `CALLS_PER_TURN` calls. Every call counts,
 * a leaf (`n <= 2`) too, and the base case is fib's own: `n <= 2` gives 1,
 * also for 0 and negative `n`. The first turn is given up after the
 * `CALLS_PER_TURN`-th call (not before the first call), the next after the
 * `2 * CALLS_PER_TURN`-th, and so on: `floor(calls / CALLS_PER_TURN)` times
 * in all, so a `fib(n)` of fewer calls never gives up its turn. Use it in
 * the handler, and the short request is answered while the long one is
 * still being computed. Nothing runs in parallel: the long request takes as long as
 * before (a bit longer), it just stops taking everyone else's time.
 *
 * The grader runs your server on the reference kernel over the in-memory
 * network, so the order of events is exact and no clock is involved.
 *
 * Run the checks: `deno task grade 08-blocking/fair_fib`
 *
 * @module
 */

import {
  accept,
  checkpoint,
  type KernelOp,
  type Listener,
  recv,
  sendAll,
  type Socket,
  spawn,
} from "../../kernel/mod.ts";

/** How many calls `fibSteps` makes before it gives up its turn. */
export const CALLS_PER_TURN = 10_000;

/** The talk's deliberately slow Fibonacci: CPU work that never yields. */
export function fib(n: number): number {
  return n <= 2 ? 1 : fib(n - 1) + fib(n - 2);
}

/**
 * `fib(n)`, by the same recursion (the same calls, the same result), giving
 * up the turn with `yield* checkpoint()` after every `CALLS_PER_TURN` calls.
 */
export function* fibSteps(n: number): KernelOp<number> {
  // TODO: count the calls as you go, and every CALLS_PER_TURN calls give the
  // other tasks a turn. A recursive generator works (yield* fibSteps(n - 1));
  // so does a loop over an explicit stack of the calls still to make.
  throw new Error("not implemented yet");
}

/** Answer `fib(n)` for every line the client sends, until it closes. */
export function* fibHandler(client: Socket): KernelOp<void> {
  using _client = client;
  let pending = "";
  for (;;) {
    const data = yield* recv(client, 100);
    if (data.length === 0) break;
    pending += new TextDecoder().decode(data);
    let newline;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      const n = Number.parseInt(line, 10);
      // TODO: one line here keeps every other task waiting. Which, and why?
      const reply = Number.isNaN(n) ? `not a number: '${line}'` : String(fib(n));
      yield* sendAll(client, new TextEncoder().encode(reply + "\n"));
    }
  }
}

/** Accept `limit` clients (forever by default), one handler task each. */
export function* fibServer(listener: Listener, limit = Infinity): KernelOp<void> {
  using _listener = listener;
  for (let served = 0; served < limit; served++) {
    yield* spawn(fibHandler, yield* accept(listener));
  }
}
