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
 * The selector owns its wakeup pipe (`poll_waker.ts`): Beazley's notify
 * socket, always in the poll set, through which a Worker makes `poll`
 * return. The libc bindings are in `libc.ts`.
 *
 * Needs `--allow-ffi` (no unstable flag); see `libc.ts` for the platforms.
 *
 * @module
 */

import { AF_INET, Libc, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, SOCK_STREAM } from "./libc.ts";
import { WakeupPipe } from "./poll_waker.ts";
import { type Interest, type ReadyEvent, SelectingNetwork, type Selector } from "./selector.ts";
import {
  type ConnectOptions,
  type ListenOptions,
  type NetAddress,
  type SocketBackend,
  WOULD_BLOCK,
  type WouldBlock,
} from "./socket_backend.ts";

export { pollUnsupportedReason } from "./libc.ts";
export { openWaker } from "./poll_waker.ts";

/**
 * The `poll(2)` selector: resources are file descriptor numbers. It owns
 * the wakeup pipe; {@linkcode PollSelector.waker} is what a Worker needs to
 * wake it.
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
  /** Readiness comes from the operating system. */
  readonly external = true;
  /** `poll` blocks the thread. */
  readonly blocksThread = true;
  readonly #libc: Libc;
  readonly #pipe: WakeupPipe;
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
  #closing: ((fd: number) => void) | null = null;

  /** Use {@linkcode PollNetwork.selector}. @ignore */
  constructor(libc: Libc) {
    this.#libc = libc;
    this.#pipe = new WakeupPipe(libc);
  }

  /** How many (fd, interest) pairs are registered. */
  get size(): number {
    return this.#size;
  }

  /** How many times `poll` found the wakeup pipe readable. */
  get wakeups(): number {
    return this.#wakeups;
  }

  /**
   * The wakeup pipe's shared cell: send it to a Worker, which wakes this
   * selector with `openWaker(cell).wake()`. Safe after `close()`: the
   * Worker's writes then stop (see `poll_waker.ts`).
   */
  get waker(): Int32Array {
    return this.#pipe.cell;
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
    const libc = this.#libc;
    const n = libc.fn.poll(this.#bytes, BigInt(count), ms);
    const errno = libc.errno[0]; // at once: see Libc.errno
    if (n < 0) {
      if (errno === libc.platform.EINTR) return []; // a signal: the kernel just loops
      throw libc.error("poll", errno);
    }
    const events: ReadyEvent<number>[] = [];
    if (n === 0) return events;
    if (this.#events[3] !== 0) {
      this.#wakeups++;
      this.#pipe.drain();
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
    this.#pipe.wake();
  }

  /** See {@linkcode Selector.watchClosing}: the kernel's listener for descriptors about to be freed. */
  watchClosing(listener: ((fd: number) => void) | null): void {
    this.#closing = listener;
  }

  /**
   * The network is about to close `fd`: tell the kernel (its waiters are
   * woken with `ClosedResourceError`), then forget the registrations, all
   * while the number is still ours. @ignore
   */
  _closing(fd: number): void {
    this.#closing?.(fd);
    this.unregister(fd, "read");
    this.unregister(fd, "write");
  }

  /**
   * Forget every registration and close the wakeup pipe, once no Worker is
   * writing to it (see `poll_waker.ts`).
   */
  close(): void {
    this.#interests.clear();
    this.#size = 0;
    this.#dirty = true;
    this.#pipe.close();
  }

  #rebuild(): void {
    const count = this.#interests.size + 1;
    if (this.#fds.length < count * 2) {
      this.#buffer = new ArrayBuffer(count * 2 * 8);
      this.#bytes = new Uint8Array(this.#buffer);
      this.#fds = new Int32Array(this.#buffer);
      this.#events = new Int16Array(this.#buffer);
    }
    this.#fds[0] = this.#pipe.readFd;
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
  readonly #libc: Libc;
  readonly #open = new Set<number>();
  readonly #connecting = new Set<number>();
  readonly #int = new Int32Array(1);
  // Why one buffer: `recv(fd, 65536)` used to allocate and zero 64 KiB per call.
  #recvBuffer = new Uint8Array(0);
  #closed = false;

  /** Open libc and the selector; throws when FFI is unavailable (see {@linkcode pollUnsupportedReason}). */
  constructor() {
    super();
    this.#libc = new Libc();
    this.selector = new PollSelector(this.#libc);
  }

  /** The selector's wakeup cell (see {@linkcode PollSelector.waker}). */
  get waker(): Int32Array {
    return this.selector.waker;
  }

  /** Descriptors opened by this network and not yet closed (the selector's pipe not counted). */
  get openCount(): number {
    return this.#open.size;
  }

  /** `socket`, `SO_REUSEADDR`, `bind`, `listen`, non-blocking. */
  listen(options: ListenOptions = {}): number {
    const { hostname = "127.0.0.1", port = 0, backlog = 128 } = options;
    const libc = this.#libc;
    const fd = this.#socket();
    try {
      this.#setInt(fd, libc.platform.SO_REUSEADDR, 1);
      const address = this.#sockaddr(hostname, port);
      const bound = libc.fn.bind(fd, address, address.length);
      libc.check(`bind to ${hostname}:${port}`, bound, libc.errno[0]);
      libc.check("listen", libc.fn.listen(fd, backlog), libc.errno[0]);
    } catch (error) {
      this.close(fd);
      throw error;
    }
    return fd;
  }

  /** The address an fd is bound to (`getsockname`). */
  localAddress(fd: number): NetAddress {
    const libc = this.#libc;
    const address = new Uint8Array(16);
    const length = new Uint32Array([16]);
    const named = libc.fn.getsockname(fd, address, new Uint8Array(length.buffer));
    libc.check("getsockname", named, libc.errno[0]);
    return { hostname: address.subarray(4, 8).join("."), port: (address[2] << 8) | address[3] };
  }

  /**
   * `accept`, made non-blocking; `WOULD_BLOCK` on `EAGAIN`. A connection the
   * peer already reset or aborted while it waited to be accepted
   * (`ECONNABORTED`, `ECONNRESET`, `EPROTO`) is skipped: the next one is
   * tried, so one impatient client cannot stop a server.
   */
  accept(listener: number): number | WouldBlock {
    const libc = this.#libc;
    const p = libc.platform;
    for (;;) {
      const fd = libc.fn.accept(listener, null, null);
      const errno = libc.errno[0]; // at once, before any other call
      if (fd >= 0) {
        this.#open.add(fd);
        libc.nonBlocking(fd);
        return fd;
      }
      if (errno === p.ECONNABORTED || errno === p.ECONNRESET || errno === p.EPROTO) continue;
      return this.#wouldBlock("accept", errno);
    }
  }

  /** A non-blocking `connect`: usually in progress on return (`EINPROGRESS`). */
  connect(options: ConnectOptions): number {
    const { hostname = "127.0.0.1", port } = options;
    const libc = this.#libc;
    const fd = this.#socket();
    const address = this.#sockaddr(hostname, port);
    const result = libc.fn.connect(fd, address, address.length);
    const errno = libc.errno[0]; // at once, before any other call
    if (result < 0) {
      if (errno !== libc.platform.EINPROGRESS) {
        this.close(fd);
        throw libc.error(`connect to ${hostname}:${port}`, errno);
      }
      this.#connecting.add(fd);
    }
    return fd;
  }

  /** `true` once connected; `WOULD_BLOCK` while in progress; throws the `SO_ERROR`. */
  finishConnect(fd: number): true | WouldBlock {
    if (!this.#connecting.has(fd)) return true;
    const probe = new Int32Array([fd, POLLOUT]); // one pollfd: fd, events = POLLOUT
    if (this.#libc.fn.poll(new Uint8Array(probe.buffer), 1n, 0) === 0) return WOULD_BLOCK;
    this.#connecting.delete(fd);
    const error = this.#getInt(fd, this.#libc.platform.SO_ERROR);
    if (error !== 0) throw this.#libc.error("connect", error);
    return true;
  }

  /** `recv`; an empty array at end of stream, `WOULD_BLOCK` on `EAGAIN`. */
  recv(fd: number, max: number): Uint8Array | WouldBlock {
    if (this.#recvBuffer.length < max) this.#recvBuffer = new Uint8Array(max);
    const n = Number(this.#libc.fn.recv(fd, this.#recvBuffer, BigInt(max), 0));
    const errno = this.#libc.errno[0]; // at once, before any other call
    if (n < 0) return this.#wouldBlock("recv", errno);
    return this.#recvBuffer.slice(0, n); // a copy of what arrived: the caller keeps it
  }

  /** `send` (never raising `SIGPIPE`); `WOULD_BLOCK` on `EAGAIN`. */
  send(fd: number, data: Uint8Array): number | WouldBlock {
    if (data.length === 0) return 0;
    const libc = this.#libc;
    const n = Number(libc.fn.send(fd, data, BigInt(data.length), libc.platform.MSG_NOSIGNAL));
    const errno = libc.errno[0]; // at once, before any other call
    if (n < 0) return this.#wouldBlock("send", errno);
    return n;
  }

  /** File descriptors are their own resources. */
  resource(fd: number): number {
    return fd;
  }

  /**
   * `close(fd)`; with no argument, close every descriptor this network
   * opened, the selector (and its wakeup pipe) and libc. A task waiting on
   * `fd` is woken with `ClosedResourceError` first, and the registrations
   * go, while the number is still ours (see {@linkcode PollSelector}).
   */
  close(fd?: number): void {
    if (fd !== undefined) {
      if (!this.#open.delete(fd)) return;
      this.#connecting.delete(fd);
      this.selector._closing(fd);
      this.#libc.fn.close(fd);
      return;
    }
    if (this.#closed) return;
    for (const open of [...this.#open]) this.close(open);
    this.selector.close();
    this.#closed = true;
    this.#libc.close();
  }

  /**
   * `shutdown(fd, SHUT_WR)`: a half-close. The peer reads end of stream
   * and may still send; this end may still `recv`, and a later `send`
   * fails with `EPIPE` ({@linkcode ConnectionResetError}).
   */
  shutdown(fd: number): void {
    const SHUT_WR = 1; // the same on Linux and macOS
    const libc = this.#libc;
    libc.check("shutdown", libc.fn.shutdown(fd, SHUT_WR), libc.errno[0]);
  }

  /** Close with `SO_LINGER` 0: the peer gets a reset (RST) instead of end of stream. */
  abort(fd: number): void {
    const libc = this.#libc;
    const linger = new Int32Array([1, 0]); // struct linger { int l_onoff; int l_linger; }
    libc.fn.setsockopt(
      fd,
      libc.platform.SOL_SOCKET,
      libc.platform.SO_LINGER,
      new Uint8Array(linger.buffer),
      8,
    );
    this.close(fd);
  }

  #socket(): number {
    const libc = this.#libc;
    const fd = libc.fn.socket(AF_INET, SOCK_STREAM, 0);
    libc.check("socket", fd, libc.errno[0]);
    this.#open.add(fd);
    libc.nonBlocking(fd);
    if (libc.platform.SO_NOSIGPIPE !== null) this.#setInt(fd, libc.platform.SO_NOSIGPIPE, 1);
    return fd;
  }

  #setInt(fd: number, option: number, value: number): void {
    const libc = this.#libc;
    this.#int[0] = value;
    const bytes = new Uint8Array(this.#int.buffer);
    const result = libc.fn.setsockopt(fd, libc.platform.SOL_SOCKET, option, bytes, 4);
    libc.check("setsockopt", result, libc.errno[0]);
  }

  #getInt(fd: number, option: number): number {
    const libc = this.#libc;
    const length = new Uint32Array([4]);
    const result = libc.fn.getsockopt(
      fd,
      libc.platform.SOL_SOCKET,
      option,
      new Uint8Array(this.#int.buffer),
      new Uint8Array(length.buffer),
    );
    libc.check("getsockopt", result, libc.errno[0]);
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
    this.#libc.platform.sockaddrFamily(view);
    view.setUint16(2, port, false); // network byte order
    address.set(octets, 4);
    return address;
  }

  #wouldBlock(call: string, errno: number): WouldBlock {
    if (errno === this.#libc.platform.EAGAIN) return WOULD_BLOCK;
    throw this.#libc.error(call, errno);
  }
}
