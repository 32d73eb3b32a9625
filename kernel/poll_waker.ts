/**
 * The wakeup pipe of the `poll(2)` selector, Beazley's notify socket: how
 * another thread makes a `poll` in progress return.
 *
 * The selector owns a non-blocking `pipe(2)`: its read end is always in the
 * poll set, and one byte written to its write end makes `poll` return. A
 * Worker (a pool Worker with a result) writes that byte with
 * {@linkcode openWaker}, from its own thread.
 *
 * The danger is the descriptor number. Once the selector closes the pipe,
 * the operating system hands the same number to the next file or socket
 * opened, and a Worker still writing "its" wakeup byte would write into
 * that. So Workers never hold the number alone: they read it from a small
 * cell of shared memory each time, and the selector's `close()` is a
 * handshake. It sets the cell to "closed" (telling every Worker to stop
 * writing), waits until no Worker is in the middle of a write (their
 * acknowledgement), and only then closes the pipe.
 *
 * The cell, an `Int32Array` on a `SharedArrayBuffer`: `[0]` the write end's
 * number, `-1` once closed; `[1]` how many writes are under way.
 *
 * @module
 */

import { type Libc, platform, SYMBOLS } from "./libc.ts";

const CLOSED = -1;
/** The longest `close()` waits for a write under way (a Worker terminated mid-write never finishes it). */
const CLOSE_WAIT_MS = 1000;

/**
 * The selector's side: the pipe and its shared cell.
 *
 * @example Waking a poll (needs `--allow-ffi`)
 * ```ts ignore
 * const pipe = new WakeupPipe(new Libc()); // Libc from libc.ts
 * pipe.wake(); // poll() on pipe.readFd returns
 * pipe.drain();
 * pipe.close();
 * ```
 */
export class WakeupPipe {
  /** The read end, always in the poll set. */
  readonly readFd: number;
  /** The shared cell Workers write through: pass it to {@linkcode openWaker}. */
  readonly cell: Int32Array = new Int32Array(new SharedArrayBuffer(8));
  readonly #libc: Libc;
  readonly #writeFd: number;
  readonly #byte = new Uint8Array([1]);
  readonly #sink = new Uint8Array(64);

  /** Make the pipe, both ends non-blocking. */
  constructor(libc: Libc) {
    this.#libc = libc;
    const fds = new Int32Array(2);
    libc.check("pipe", libc.fn.pipe(new Uint8Array(fds.buffer)), libc.errno[0]);
    [this.readFd, this.#writeFd] = [fds[0], fds[1]];
    libc.nonBlocking(this.readFd);
    libc.nonBlocking(this.#writeFd);
    Atomics.store(this.cell, 0, this.#writeFd);
  }

  /** Whether the pipe is closed. */
  get closed(): boolean {
    return Atomics.load(this.cell, 0) === CLOSED;
  }

  /** Write one byte from this thread (a no-op once closed). */
  wake(): void {
    // Why ignore the result: EAGAIN means the pipe is full, i.e. already woken.
    if (!this.closed) this.#libc.fn.write(this.#writeFd, this.#byte, 1n);
  }

  /** Read every byte written so far. */
  drain(): void {
    while (this.#libc.fn.read(this.readFd, this.#sink, 64n) > 0);
  }

  /** Tell every Worker to stop, wait for writes under way, then close both ends. Idempotent. */
  close(): void {
    if (Atomics.exchange(this.cell, 0, CLOSED) === CLOSED) return;
    const until = performance.now() + CLOSE_WAIT_MS;
    for (
      let writing = Atomics.load(this.cell, 1);
      writing > 0;
      writing = Atomics.load(this.cell, 1)
    ) {
      const left = until - performance.now();
      if (left <= 0) break;
      Atomics.wait(this.cell, 1, writing, left); // a few µs: one write(2) in a Worker
    }
    this.#libc.fn.close(this.readFd);
    this.#libc.fn.close(this.#writeFd);
  }
}

/**
 * The Worker's side: open libc in the calling thread and return a `wake()`
 * that writes one byte to the pipe behind `cell` (a
 * {@linkcode WakeupPipe.cell}, e.g. a `PollSelector`'s `waker`), or nothing
 * once that pipe is closed. Call `close()` on the result when done. Needs
 * `--allow-ffi` (Workers inherit it).
 *
 * @example In a Worker
 * ```ts ignore
 * import { openWaker } from "../kernel/poll_waker.ts";
 * const waker = openWaker(cell); // the Int32Array the main thread sent
 * waker.wake(); // the main thread's poll() returns
 * waker.close();
 * ```
 */
export function openWaker(cell: Int32Array): { wake(): void; close(): void } {
  const lib = Deno.dlopen(platform().library, { write: SYMBOLS.write });
  const byte = new Uint8Array([1]);
  return {
    wake: () => {
      Atomics.add(cell, 1, 1); // a write is under way: close() waits for it
      try {
        const fd = Atomics.load(cell, 0);
        if (fd !== CLOSED) lib.symbols.write(fd, byte, 1n); // EAGAIN: already woken
      } finally {
        Atomics.sub(cell, 1, 1);
        Atomics.notify(cell, 1);
      }
    },
    close: () => lib.close(),
  };
}
