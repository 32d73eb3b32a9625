/**
 * libc through Deno's FFI: the symbols the `poll(2)` selector calls, the
 * constants that differ between Linux and macOS, and {@linkcode Libc}, one
 * thread's binding with its `errno`. Nothing here knows about selectors or
 * tasks; `poll_selector.ts` and `poll_waker.ts` are built on it.
 *
 * Needs `--allow-ffi` (no unstable flag). Linux (x86_64, aarch64) and macOS
 * on x86_64; macOS on Apple silicon is refused because `fcntl` is variadic
 * and Apple's arm64 ABI passes variadic arguments on the stack, which Deno's
 * FFI cannot express.
 *
 * @module
 */

import { ConnectionResetError } from "./socket_backend.ts";

/** The libc functions the poll(2) selector and its waker call, with their C signatures. */
export const SYMBOLS = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  listen: { parameters: ["i32", "i32"], result: "i32" },
  accept: { parameters: ["i32", "pointer", "pointer"], result: "i32" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  recv: { parameters: ["i32", "buffer", "usize", "i32"], result: "isize" },
  send: { parameters: ["i32", "buffer", "usize", "i32"], result: "isize" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  fcntl: { parameters: ["i32", "i32", "i32"], result: "i32" },
  pipe: { parameters: ["buffer"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  shutdown: { parameters: ["i32", "i32"], result: "i32" },
  poll: { parameters: ["buffer", "usize", "i32"], result: "i32" },
  strerror: { parameters: ["i32"], result: "pointer" },
} as const;

/** The constants that differ between Linux and macOS (values from their headers). */
export interface Platform {
  library: string;
  errnoSymbol: "__errno_location" | "__error";
  SOL_SOCKET: number;
  SO_REUSEADDR: number;
  SO_ERROR: number;
  SO_LINGER: number;
  SO_NOSIGPIPE: number | null; // macOS has no MSG_NOSIGNAL; it sets this option instead
  MSG_NOSIGNAL: number;
  O_NONBLOCK: number;
  EAGAIN: number;
  EINPROGRESS: number;
  ECONNRESET: number;
  ECONNABORTED: number;
  EPROTO: number;
  EPIPE: number;
  EINTR: number;
  sockaddrFamily: (view: DataView) => void; // Linux: u16 family; BSD: u8 length, u8 family
}

const LINUX: Platform = {
  library: "libc.so.6",
  errnoSymbol: "__errno_location",
  SOL_SOCKET: 1,
  SO_REUSEADDR: 2,
  SO_ERROR: 4,
  SO_LINGER: 13,
  SO_NOSIGPIPE: null,
  MSG_NOSIGNAL: 0x4000,
  O_NONBLOCK: 0o4000,
  EAGAIN: 11,
  EINPROGRESS: 115,
  ECONNRESET: 104,
  ECONNABORTED: 103,
  EPROTO: 71,
  EPIPE: 32,
  EINTR: 4,
  sockaddrFamily: (view) => view.setUint16(0, AF_INET, true),
};

const DARWIN: Platform = {
  library: "libSystem.B.dylib",
  errnoSymbol: "__error",
  SOL_SOCKET: 0xffff,
  SO_REUSEADDR: 0x4,
  SO_ERROR: 0x1007,
  SO_LINGER: 0x80,
  SO_NOSIGPIPE: 0x1022,
  MSG_NOSIGNAL: 0,
  O_NONBLOCK: 0x4,
  EAGAIN: 35,
  EINPROGRESS: 36,
  ECONNRESET: 54,
  ECONNABORTED: 53,
  EPROTO: 100,
  EPIPE: 32,
  EINTR: 4,
  sockaddrFamily: (view) => {
    view.setUint8(0, 16);
    view.setUint8(1, AF_INET);
  },
};

/** `AF_INET`, and the other constants below: the same on Linux and macOS. */
export const AF_INET = 2;
/** A stream socket. */
export const SOCK_STREAM = 1;
/** fcntl: get the flags. */
export const F_GETFL = 3;
/** fcntl: set the flags. */
export const F_SETFL = 4;
/** poll: readable. */
export const POLLIN = 0x1;
/** poll: writable. */
export const POLLOUT = 0x4;
/** poll: an error. */
export const POLLERR = 0x8;
/** poll: hung up. */
export const POLLHUP = 0x10;
/** poll: not an open descriptor. */
export const POLLNVAL = 0x20;

/**
 * Why FFI is unavailable here, or `null` when a `PollNetwork` (see
 * `poll_selector.ts`) can be created. Tests use it as their `ignore:` reason.
 *
 * @example Skipping a test
 * ```ts
 * import { pollUnsupportedReason } from "./libc.ts";
 * const reason = pollUnsupportedReason();
 * console.assert(reason === null || typeof reason === "string");
 * ```
 */
export function pollUnsupportedReason(): string | null {
  const { os, arch } = Deno.build;
  if (os !== "linux" && os !== "darwin") {
    return `poll(2) through FFI is for Linux and macOS: this is ${os}`;
  }
  if (os === "darwin" && arch === "aarch64") {
    return "fcntl is variadic and Apple's arm64 ABI passes variadic arguments on the stack, which Deno FFI cannot express";
  }
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") {
    return "FFI is not allowed: run with --allow-ffi";
  }
  return null;
}

/** The constants of this platform; throws when FFI is unavailable here. */
export function platform(): Platform {
  const reason = pollUnsupportedReason();
  if (reason !== null) throw new Error(`Cannot use the poll(2) selector: ${reason}`);
  return Deno.build.os === "darwin" ? DARWIN : LINUX;
}

/** What {@linkcode symbols} opens: written out, as a published module's types must be. */
type Symbols = typeof SYMBOLS & {
  readonly errno: {
    readonly name: string;
    readonly parameters: readonly [];
    readonly result: "pointer";
  };
};

/** libc's symbols, plus `errno` bound to the platform's errno-location function. */
function symbols(p: Platform): Symbols {
  return {
    ...SYMBOLS,
    errno: { name: p.errnoSymbol, parameters: [], result: "pointer" },
  } as const;
}

/** The bound libc functions. */
export type LibcSymbols = Deno.DynamicLibrary<ReturnType<typeof symbols>>["symbols"];

/**
 * libc opened in the calling thread, with that thread's `errno`.
 *
 * @example A pipe, made non-blocking (needs `--allow-ffi`)
 * ```ts ignore
 * const libc = new Libc();
 * const fds = new Int32Array(2);
 * libc.check("pipe", libc.fn.pipe(new Uint8Array(fds.buffer)), libc.errno[0]);
 * libc.nonBlocking(fds[0]);
 * libc.close();
 * ```
 */
export class Libc {
  /** This platform's constants. */
  readonly platform: Platform;
  /** The bound functions. */
  readonly fn: LibcSymbols;
  /**
   * This thread's `errno` as plain memory: read `errno[0]` in the same
   * expression as the failed call, never after another call. Why: errno is
   * per thread and any native code on it may overwrite it, including Deno's
   * own glue. Reading it through calls (`__errno_location()`, then
   * `UnsafePointerView#getInt32`, from a helper method) let that glue run
   * first; about one process in fifteen, as the caller was being optimized,
   * it left errno at 2 (ENOENT), and a non-blocking `connect` failed with
   * "No such file or directory" instead of EINPROGRESS. Resolved once, in
   * the constructor, on the thread that uses the binding.
   */
  readonly errno: Int32Array;
  readonly #lib: Deno.DynamicLibrary<ReturnType<typeof symbols>>;

  /** Open libc; throws when FFI is unavailable (see {@linkcode pollUnsupportedReason}). */
  constructor() {
    this.platform = platform();
    this.#lib = Deno.dlopen(this.platform.library, symbols(this.platform));
    this.fn = this.#lib.symbols;
    const errno = this.fn.errno(); // this thread's errno location; the binding stays on it
    if (errno === null) throw new Error("Cannot find errno: libc returned a null errno location");
    this.errno = new Int32Array(Deno.UnsafePointerView.getArrayBuffer(errno, 4));
  }

  /** An Error for a failed call, with the C error name's text. */
  error(call: string, errno: number): Error {
    const p = this.platform;
    const message = this.fn.strerror(errno);
    const text = message === null ? "unknown error" : Deno.UnsafePointerView.getCString(message);
    if (errno === p.ECONNRESET || errno === p.EPIPE) {
      const code = errno === p.EPIPE ? "EPIPE" : "ECONNRESET";
      const what = code === "EPIPE" ? "closed" : "reset";
      return new ConnectionResetError(
        `Cannot ${call} as the peer ${what} the connection: ${code} (${text})`,
        code,
      );
    }
    return new Error(`Cannot ${call}: ${text} (errno ${errno})`);
  }

  /** Throw for a failed call; `errno` read in the caller's expression, right after the call. */
  check(call: string, result: number, errno: number): void {
    if (result < 0) throw this.error(call, errno);
  }

  /** Set `O_NONBLOCK` on `fd`. */
  nonBlocking(fd: number): void {
    const flags = this.fn.fcntl(fd, F_GETFL, 0);
    this.check("fcntl(F_GETFL)", flags, this.errno[0]);
    const set = this.fn.fcntl(fd, F_SETFL, flags | this.platform.O_NONBLOCK);
    this.check("fcntl(F_SETFL)", set, this.errno[0]);
  }

  /** Close the library (not any descriptor). */
  close(): void {
    this.#lib.close();
  }
}
