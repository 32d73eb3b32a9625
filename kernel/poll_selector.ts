/**
 * The real `poll(2)` system call, through FFI: the selector Beazley used.
 *
 * Sockets here are raw file descriptors from libc's `socket`, made
 * non-blocking with `fcntl(O_NONBLOCK)`, so `accept`, `recv` and `send`
 * return `EAGAIN` instead of blocking, and `select` asks the operating
 * system which descriptors are ready, exactly as `aserver.py` does. `select`
 * is a plain blocking call: the JS thread stops inside `poll` (timers and
 * worker messages wait too), so it always returns an array, never a Promise.
 *
 * Waking it from another thread works as Beazley's notify socket does: the
 * selector owns a non-blocking `pipe(2)` whose read end is always in the
 * poll set; writing one byte to the write end ({@linkcode PollNetwork.wakeupFd})
 * makes `poll` return. {@linkcode openWaker} does that from a worker.
 *
 * Needs `--allow-ffi` (no unstable flag). Linux (x86_64, aarch64) and macOS
 * on x86_64; macOS on Apple silicon is refused because `fcntl` is variadic
 * and Apple's arm64 ABI passes variadic arguments on the stack, which Deno's
 * FFI cannot express.
 *
 * @module
 */

import { type Interest, type ReadyEvent, SelectingNetwork, type Selector } from "./selector.ts";
import {
  ConnectionResetError,
  type ConnectOptions,
  type ListenOptions,
  type NetAddress,
  type SocketBackend,
  WOULD_BLOCK,
  type WouldBlock,
} from "./socket_backend.ts";

const SYMBOLS = {
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
  poll: { parameters: ["buffer", "usize", "i32"], result: "i32" },
  strerror: { parameters: ["i32"], result: "pointer" },
} as const;

/** The constants that differ between Linux and macOS (values from their headers). */
interface Platform {
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
  EPIPE: 32,
  EINTR: 4,
  sockaddrFamily: (view) => {
    view.setUint8(0, 16);
    view.setUint8(1, AF_INET);
  },
};

// The same on Linux and macOS.
const AF_INET = 2;
const SOCK_STREAM = 1;
const F_GETFL = 3;
const F_SETFL = 4;
const POLLIN = 0x1;
const POLLOUT = 0x4;
const POLLERR = 0x8;
const POLLHUP = 0x10;
const POLLNVAL = 0x20;

/**
 * Why FFI is unavailable here, or `null` when a {@linkcode PollNetwork} can
 * be created. Tests use it as their `ignore:` reason.
 *
 * @example Skipping a test
 * ```ts
 * import { pollUnsupportedReason } from "./poll_selector.ts";
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

function platform(): Platform {
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

type Libc = Deno.DynamicLibrary<ReturnType<typeof symbols>>["symbols"];

/**
 * Open libc in the calling thread and return a function that writes one byte
 * to `fd`: how a worker wakes a {@linkcode PollNetwork} blocked in `poll`
 * (pass it {@linkcode PollNetwork.wakeupFd}). Call `close()` on the result
 * when done. Needs `--allow-ffi` (workers inherit it).
 *
 * @example In a worker
 * ```ts ignore
 * import { openWaker } from "../kernel/poll_selector.ts";
 * const waker = openWaker(wakeupFd); // the number the main thread sent
 * waker.wake(); // the main thread's poll() returns
 * waker.close();
 * ```
 */
export function openWaker(fd: number): { wake(): void; close(): void } {
  const lib = Deno.dlopen(platform().library, { write: SYMBOLS.write });
  const byte = new Uint8Array([1]);
  return {
    // Why ignore the result: EAGAIN means the pipe is full, i.e. already woken.
    wake: () => void lib.symbols.write(fd, byte, 1n),
    close: () => lib.close(),
  };
}

/**
 * The `poll(2)` selector: resources are file descriptor numbers.
 *
 * @example Polling the wakeup pipe (needs `--allow-ffi`)
 * ```ts ignore
 * const net = new PollNetwork();
 * net.selector.wakeup();
 * console.log(net.selector.select(null)); // [] at once: woken
 * net.close();
 * ```
 */
export class PollSelector implements Selector<number> {
  readonly #net: PollNetwork;
  readonly #interests = new Map<number, number>(); // fd -> POLLIN | POLLOUT
  #size = 0;
  // The pollfd array (struct { int fd; short events; short revents; }),
  // rebuilt only when registrations change. Slot 0 is the wakeup pipe.
  #buffer = new ArrayBuffer(8);
  #bytes = new Uint8Array(this.#buffer); // what poll() is passed: no view made per call
  #fds = new Int32Array(this.#buffer);
  #events = new Int16Array(this.#buffer);
  #dirty = true;
  #wakeups = 0;

  /** Use {@linkcode PollNetwork.selector}. @ignore */
  constructor(net: PollNetwork) {
    this.#net = net;
  }

  /** How many (fd, interest) pairs are registered. */
  get size(): number {
    return this.#size;
  }

  /** How many times `poll` found the wakeup pipe readable. */
  get wakeups(): number {
    return this.#wakeups;
  }

  /** Start reporting `interest` on `fd`. */
  register(fd: number, interest: Interest): void {
    const bits = this.#interests.get(fd) ?? 0;
    const bit = interest === "read" ? POLLIN : POLLOUT;
    if (bits & bit) return;
    this.#interests.set(fd, bits | bit);
    this.#size++;
    this.#dirty = true;
  }

  /** Stop reporting `interest` on `fd`. */
  unregister(fd: number, interest: Interest): void {
    const bits = this.#interests.get(fd) ?? 0;
    const bit = interest === "read" ? POLLIN : POLLOUT;
    if (!(bits & bit)) return;
    this.#size--;
    if (bits === bit) this.#interests.delete(fd);
    else this.#interests.set(fd, bits & ~bit);
    this.#dirty = true;
  }

  /** Call `poll(2)`: blocks the thread up to `timeout` seconds (`null`: until ready or woken). */
  select(timeout: number | null): ReadyEvent<number>[] {
    if (this.#dirty) this.#rebuild();
    const count = this.#interests.size + 1;
    // Why round up: rounding down would wake a moment before the deadline
    // and make the kernel spin on a zero timeout until the timer expires.
    const ms = timeout === null
      ? -1
      : Math.min(Math.ceil(Math.max(0, timeout) * 1000), 2 ** 31 - 1);
    const n = this.#net._libc.poll(this.#bytes, BigInt(count), ms);
    const errno = this.#net._errno[0]; // at once: see PollNetwork._errno
    if (n < 0) {
      if (errno === this.#net._platform.EINTR) return []; // a signal: the kernel just loops
      throw this.#net._error("poll", errno);
    }
    const events: ReadyEvent<number>[] = [];
    if (n === 0) return events;
    if (this.#events[3] !== 0) {
      this.#wakeups++;
      this.#net._drainWakeup();
    }
    for (let i = 1; i < count; i++) {
      const revents = this.#events[i * 4 + 3];
      if (revents === 0) continue;
      const fd = this.#fds[i * 2];
      const wanted = this.#events[i * 4 + 2];
      // Why report errors and hang-ups as both: the next recv/send on the
      // fd returns the error (or end of stream), which is what the task must see.
      const broken = (revents & (POLLERR | POLLHUP | POLLNVAL)) !== 0;
      if (wanted & POLLIN && (revents & POLLIN || broken)) {
        events.push({ resource: fd, interest: "read" });
      }
      if (wanted & POLLOUT && (revents & POLLOUT || broken)) {
        events.push({ resource: fd, interest: "write" });
      }
    }
    return events;
  }

  /** Write one byte to the wakeup pipe: `poll` returns now, or the next one at once. */
  wakeup(): void {
    this.#net._wake();
  }

  /** Forget every registration (the network owns the pipe; see {@linkcode PollNetwork.close}). */
  close(): void {
    this.#interests.clear();
    this.#size = 0;
    this.#dirty = true;
  }

  #rebuild(): void {
    const count = this.#interests.size + 1;
    if (this.#fds.length < count * 2) {
      this.#buffer = new ArrayBuffer(count * 2 * 8);
      this.#bytes = new Uint8Array(this.#buffer);
      this.#fds = new Int32Array(this.#buffer);
      this.#events = new Int16Array(this.#buffer);
    }
    this.#fds[0] = this.#net.wakeupReadFd;
    this.#events[2] = POLLIN;
    let i = 1;
    for (const [fd, bits] of this.#interests) {
      this.#fds[i * 2] = fd;
      this.#events[i * 4 + 2] = bits;
      i++;
    }
    this.#dirty = false;
  }
}

/**
 * Raw non-blocking TCP sockets on libc, as a {@linkcode SocketBackend}; every
 * handle is a file descriptor number.
 *
 * @example An echo round trip without a kernel (needs `--allow-ffi`)
 * ```ts ignore
 * const net = new PollNetwork();
 * const listener = net.listen({ port: 0 });
 * const client = net.connect(net.localAddress(listener));
 * net.selector.register(listener, "read");
 * net.selector.select(null); // [{ resource: listener, interest: "read" }]
 * const server = net.accept(listener);
 * net.close();
 * ```
 */
export class PollNetwork extends SelectingNetwork<number>
  implements SocketBackend<number, number, number> {
  /** Always `"poll"`. */
  readonly name = "poll";
  /** The `poll(2)` selector for this network's descriptors. */
  readonly selector: PollSelector;
  /** The wakeup pipe's read end (always in the poll set). */
  readonly wakeupReadFd: number;
  /** The wakeup pipe's write end: write one byte to it, from any thread, to wake `poll`. */
  readonly wakeupFd: number;
  /** @ignore */ readonly _platform: Platform;
  /** @ignore */ readonly _libc: Libc;
  readonly #lib: Deno.DynamicLibrary<ReturnType<typeof symbols>>;
  readonly #open = new Set<number>();
  readonly #connecting = new Set<number>();
  readonly #int = new Int32Array(1);
  /**
   * This thread's `errno` as plain memory: read `_errno[0]` in the same
   * expression as the failed call, never after another call. Why: errno is
   * per thread and any native code on it may overwrite it, including Deno's
   * own glue. Reading it through calls (`__errno_location()`, then
   * `UnsafePointerView#getInt32`, from a helper method) let that glue run
   * first; about one process in fifteen, as the caller was being optimized,
   * it left errno at 2 (ENOENT), and a non-blocking `connect` failed with
   * "No such file or directory" instead of EINPROGRESS. Resolved once, in
   * the constructor, on the thread that uses the network.
   * @ignore
   */
  readonly _errno: Int32Array;
  // Why one buffer: `recv(fd, 65536)` used to allocate and zero 64 KiB per call.
  #recvBuffer = new Uint8Array(0);
  #closed = false;

  /** Open libc and the wakeup pipe; throws when FFI is unavailable (see {@linkcode pollUnsupportedReason}). */
  constructor() {
    super();
    this._platform = platform();
    this.#lib = Deno.dlopen(this._platform.library, symbols(this._platform));
    this._libc = this.#lib.symbols;
    const errno = this._libc.errno(); // this thread's errno location; the network stays on it
    if (errno === null) throw new Error("Cannot find errno: libc returned a null errno location");
    this._errno = new Int32Array(Deno.UnsafePointerView.getArrayBuffer(errno, 4));
    const fds = new Int32Array(2);
    this.#check("pipe", this._libc.pipe(new Uint8Array(fds.buffer)), this._errno[0]);
    [this.wakeupReadFd, this.wakeupFd] = [fds[0], fds[1]];
    this.#nonBlocking(this.wakeupReadFd);
    this.#nonBlocking(this.wakeupFd);
    this.selector = new PollSelector(this);
  }

  /** Descriptors opened by this network and not yet closed (the pipe not counted). */
  get openCount(): number {
    return this.#open.size;
  }

  /** `socket`, `SO_REUSEADDR`, `bind`, `listen`, non-blocking. */
  listen(options: ListenOptions = {}): number {
    const { hostname = "127.0.0.1", port = 0, backlog = 128 } = options;
    const fd = this.#socket();
    try {
      this.#setInt(fd, this._platform.SO_REUSEADDR, 1);
      const address = this.#sockaddr(hostname, port);
      const bound = this._libc.bind(fd, address, address.length);
      this.#check(`bind to ${hostname}:${port}`, bound, this._errno[0]);
      this.#check("listen", this._libc.listen(fd, backlog), this._errno[0]);
    } catch (error) {
      this.close(fd);
      throw error;
    }
    return fd;
  }

  /** The address an fd is bound to (`getsockname`). */
  localAddress(fd: number): NetAddress {
    const address = new Uint8Array(16);
    const length = new Uint32Array([16]);
    const named = this._libc.getsockname(fd, address, new Uint8Array(length.buffer));
    this.#check("getsockname", named, this._errno[0]);
    return { hostname: address.subarray(4, 8).join("."), port: (address[2] << 8) | address[3] };
  }

  /** `accept`, made non-blocking; `WOULD_BLOCK` on `EAGAIN`. */
  accept(listener: number): number | WouldBlock {
    const fd = this._libc.accept(listener, null, null);
    const errno = this._errno[0]; // at once, before any other call
    if (fd < 0) return this.#wouldBlock("accept", errno);
    this.#open.add(fd);
    this.#nonBlocking(fd);
    return fd;
  }

  /** A non-blocking `connect`: usually in progress on return (`EINPROGRESS`). */
  connect(options: ConnectOptions): number {
    const { hostname = "127.0.0.1", port } = options;
    const fd = this.#socket();
    const address = this.#sockaddr(hostname, port);
    const result = this._libc.connect(fd, address, address.length);
    const errno = this._errno[0]; // at once, before any other call
    if (result < 0) {
      if (errno !== this._platform.EINPROGRESS) {
        this.close(fd);
        throw this._error(`connect to ${hostname}:${port}`, errno);
      }
      this.#connecting.add(fd);
    }
    return fd;
  }

  /** `true` once connected; `WOULD_BLOCK` while in progress; throws the `SO_ERROR`. */
  finishConnect(fd: number): true | WouldBlock {
    if (!this.#connecting.has(fd)) return true;
    const probe = new Int32Array([fd, POLLOUT]); // one pollfd: fd, events = POLLOUT
    if (this._libc.poll(new Uint8Array(probe.buffer), 1n, 0) === 0) return WOULD_BLOCK;
    this.#connecting.delete(fd);
    const error = this.#getInt(fd, this._platform.SO_ERROR);
    if (error !== 0) throw this._error("connect", error);
    return true;
  }

  /** `recv`; an empty array at end of stream, `WOULD_BLOCK` on `EAGAIN`. */
  recv(fd: number, max: number): Uint8Array | WouldBlock {
    if (this.#recvBuffer.length < max) this.#recvBuffer = new Uint8Array(max);
    const n = Number(this._libc.recv(fd, this.#recvBuffer, BigInt(max), 0));
    const errno = this._errno[0]; // at once, before any other call
    if (n < 0) return this.#wouldBlock("recv", errno);
    return this.#recvBuffer.slice(0, n); // a copy of what arrived: the caller keeps it
  }

  /** `send` (never raising `SIGPIPE`); `WOULD_BLOCK` on `EAGAIN`. */
  send(fd: number, data: Uint8Array): number | WouldBlock {
    if (data.length === 0) return 0;
    const n = Number(
      this._libc.send(fd, data, BigInt(data.length), this._platform.MSG_NOSIGNAL),
    );
    const errno = this._errno[0]; // at once, before any other call
    if (n < 0) return this.#wouldBlock("send", errno);
    return n;
  }

  /** File descriptors are their own resources. */
  resource(fd: number): number {
    return fd;
  }

  /**
   * `close(fd)`; with no argument, close every descriptor this network
   * opened, the wakeup pipe and libc.
   */
  close(fd?: number): void {
    if (fd !== undefined) {
      if (!this.#open.delete(fd)) return;
      this.#connecting.delete(fd);
      this.selector.unregister(fd, "read");
      this.selector.unregister(fd, "write");
      this._libc.close(fd);
      return;
    }
    if (this.#closed) return;
    for (const open of [...this.#open]) this.close(open);
    this.selector.close();
    this._libc.close(this.wakeupReadFd);
    this._libc.close(this.wakeupFd);
    this.#closed = true;
    this.#lib.close();
  }

  /** Close with `SO_LINGER` 0: the peer gets a reset (RST) instead of end of stream. */
  abort(fd: number): void {
    const linger = new Int32Array([1, 0]); // struct linger { int l_onoff; int l_linger; }
    this._libc.setsockopt(
      fd,
      this._platform.SOL_SOCKET,
      this._platform.SO_LINGER,
      new Uint8Array(linger.buffer),
      8,
    );
    this.close(fd);
  }

  /** An Error for a failed call, with the C error name's text. @ignore */
  _error(call: string, errno: number): Error {
    const p = this._platform;
    const message = this._libc.strerror(errno);
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

  /** @ignore */
  _wake(): void {
    if (this.#closed) return;
    this._libc.write(this.wakeupFd, new Uint8Array([1]), 1n);
  }

  /** @ignore */
  _drainWakeup(): void {
    const sink = new Uint8Array(64);
    while (this._libc.read(this.wakeupReadFd, sink, 64n) > 0);
  }

  #socket(): number {
    const fd = this._libc.socket(AF_INET, SOCK_STREAM, 0);
    this.#check("socket", fd, this._errno[0]);
    this.#open.add(fd);
    this.#nonBlocking(fd);
    if (this._platform.SO_NOSIGPIPE !== null) this.#setInt(fd, this._platform.SO_NOSIGPIPE, 1);
    return fd;
  }

  #nonBlocking(fd: number): void {
    const flags = this._libc.fcntl(fd, F_GETFL, 0);
    this.#check("fcntl(F_GETFL)", flags, this._errno[0]);
    const set = this._libc.fcntl(fd, F_SETFL, flags | this._platform.O_NONBLOCK);
    this.#check("fcntl(F_SETFL)", set, this._errno[0]);
  }

  #setInt(fd: number, option: number, value: number): void {
    this.#int[0] = value;
    const bytes = new Uint8Array(this.#int.buffer);
    const result = this._libc.setsockopt(fd, this._platform.SOL_SOCKET, option, bytes, 4);
    this.#check("setsockopt", result, this._errno[0]);
  }

  #getInt(fd: number, option: number): number {
    const length = new Uint32Array([4]);
    const result = this._libc.getsockopt(
      fd,
      this._platform.SOL_SOCKET,
      option,
      new Uint8Array(this.#int.buffer),
      new Uint8Array(length.buffer),
    );
    this.#check("getsockopt", result, this._errno[0]);
    return this.#int[0];
  }

  #sockaddr(hostname: string, port: number): Uint8Array {
    const octets = (hostname === "localhost" ? "127.0.0.1" : hostname).split(".").map(Number);
    if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
      throw new Error(
        `Cannot use address '${hostname}' with the poll(2) selector: give an IPv4 address such as 127.0.0.1`,
      );
    }
    const address = new Uint8Array(16); // struct sockaddr_in
    const view = new DataView(address.buffer);
    this._platform.sockaddrFamily(view);
    view.setUint16(2, port, false); // network byte order
    address.set(octets, 4);
    return address;
  }

  /** Throw for a failed call; `errno` read in the caller's expression, right after the call. */
  #check(call: string, result: number, errno: number): void {
    if (result < 0) throw this._error(call, errno);
  }

  #wouldBlock(call: string, errno: number): WouldBlock {
    if (errno === this._platform.EAGAIN) return WOULD_BLOCK;
    throw this._error(call, errno);
  }
}
