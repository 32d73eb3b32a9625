/**
 * Jobs that lesson 10's examples and graders run in Workers. A Worker
 * cannot receive a function, so a job is named by this module's URL and an
 * export's name; each Worker imports the module itself.
 *
 * @module
 */

/** Add two numbers. */
export function add(a: number, b: number): number {
  return a + b;
}

/** The talk's slow Fibonacci. */
export function fib(n: number): number {
  return n <= 2 ? 1 : fib(n - 1) + fib(n - 2);
}

/** Throw `Error(message)`: the job fails, its Worker lives on. */
export function fail(message: string): never {
  throw new Error(message);
}

/** Kill the Worker: an error thrown outside the job, which never finishes. */
export function crash(message: string): Promise<never> {
  setTimeout(() => {
    throw new Error(message);
  }, 0);
  return new Promise(() => {});
}

/** Block this thread for `seconds` (Atomics.wait on a cell nobody changes). */
export function blockingSleep(seconds: number): number {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
  return seconds;
}

/** Block until `flag[0]` is set: a job that only ends when its Worker is terminated. */
export function blockForever(flag: Int32Array): number {
  Atomics.wait(flag, 0, 0);
  return Atomics.load(flag, 0);
}

/**
 * Count how many jobs run at once: `counters[0]` is how many run now,
 * `counters[1]` the most seen, `counters[2]` a start ticket. Returns this
 * job's ticket (0 for the first job to start).
 */
export function tracked(counters: Int32Array, seconds: number): number {
  const ticket = Atomics.add(counters, 2, 1);
  const now = Atomics.add(counters, 0, 1) + 1;
  for (let max = Atomics.load(counters, 1); now > max; max = Atomics.load(counters, 1)) {
    if (Atomics.compareExchange(counters, 1, max, now) === max) break;
  }
  blockingSleep(seconds);
  Atomics.sub(counters, 0, 1);
  return ticket;
}

/**
 * A fib client for lesson 08's measurements, run off the server's thread:
 * wait `delayMs`, connect to 127.0.0.1:`port`, ask for `fib(n)`, and return
 * the milliseconds from sending to the reply.
 */
export async function ask(port: number, n: number, delayMs: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  using conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const start = performance.now();
  await conn.write(new TextEncoder().encode(`${n}\n`));
  await conn.read(new Uint8Array(100));
  return performance.now() - start;
}
