/**
 * The echo load generator: `clients` connections, each sending a
 * `size`-byte message and waiting for it to come back, `messages` times.
 *
 * It drives raw non-blocking sockets in one loop (no kernel, no Promises),
 * waiting with `epoll(7)` on Linux (`poll(2)` elsewhere), so the client costs
 * the same for every server measured and stays cheap next to them. Why
 * epoll: `poll` scans all 100 descriptors on every call, which made the
 * client, not the server, the bottleneck. Prints one JSON line.
 *
 * ```sh
 * deno run --allow-ffi kernel/bench/echo_client.ts --port=25000 --clients=100 --messages=1000
 * ```
 *
 * @module
 */

import { PollNetwork } from "../poll_selector.ts";
import type { ReadyEvent } from "../selector.ts";
import { WOULD_BLOCK } from "../socket_backend.ts";

/** Readiness for a fixed set of fds: epoll on Linux x86_64, else the network's poll selector. */
interface Waiter {
  add(fd: number, interest: "read" | "write"): void;
  change(fd: number, interest: "read" | "write"): void;
  remove(fd: number): void;
  wait(): ReadyEvent<number>[];
  close(): void;
}

function pollWaiter(net: PollNetwork): Waiter {
  const other = { read: "write", write: "read" } as const;
  return {
    add: (fd, interest) => net.selector.register(fd, interest),
    change: (fd, interest) => {
      net.selector.unregister(fd, other[interest]);
      net.selector.register(fd, interest);
    },
    remove: () => {}, // net.close(fd) unregisters
    wait: () => net.selector.select(null),
    close: () => {},
  };
}

function epollWaiter(): Waiter {
  const lib = Deno.dlopen("libc.so.6", {
    epoll_create1: { parameters: ["i32"], result: "i32" },
    epoll_ctl: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
    epoll_wait: { parameters: ["i32", "buffer", "i32", "i32"], result: "i32" },
    close: { parameters: ["i32"], result: "i32" },
  });
  const [ADD, DEL, MOD, IN, OUT] = [1, 2, 3, 0x1, 0x4];
  const epfd = lib.symbols.epoll_create1(0);
  // struct epoll_event is packed on x86_64: u32 events, u64 data (12 bytes).
  const one = new DataView(new ArrayBuffer(12));
  const max = 256;
  const events = new DataView(new ArrayBuffer(12 * max));
  const ctl = (op: number, fd: number, interest: "read" | "write") => {
    one.setUint32(0, interest === "read" ? IN : OUT, true);
    one.setUint32(4, fd, true);
    lib.symbols.epoll_ctl(epfd, op, fd, new Uint8Array(one.buffer));
  };
  return {
    add: (fd, interest) => ctl(ADD, fd, interest),
    change: (fd, interest) => ctl(MOD, fd, interest),
    remove: (fd) => ctl(DEL, fd, "read"),
    wait: () => {
      const n = lib.symbols.epoll_wait(epfd, new Uint8Array(events.buffer), max, -1);
      const ready: ReadyEvent<number>[] = [];
      for (let i = 0; i < n; i++) {
        const bits = events.getUint32(i * 12, true);
        const fd = events.getUint32(i * 12 + 4, true);
        ready.push({ resource: fd, interest: bits & IN ? "read" : "write" });
      }
      return ready;
    },
    close: () => {
      lib.symbols.close(epfd);
      lib.close();
    },
  };
}

/** What one load run measured. */
export interface EchoLoadResult {
  /** Round trips completed (clients × messages). */
  messages: number;
  /** Wall time from the first connect to the last reply, in seconds. */
  seconds: number;
  /** `messages / seconds`. */
  messagesPerSecond: number;
}

/**
 * Run the load against 127.0.0.1:`port`.
 *
 * @example Against any echo server (needs --allow-ffi)
 * ```ts ignore
 * const { messagesPerSecond } = echoLoad(25000, 100, 1000, 32);
 * ```
 */
export function echoLoad(
  port: number,
  clients: number,
  messages: number,
  size: number,
): EchoLoadResult {
  const net = new PollNetwork();
  const linux = Deno.build.os === "linux" && Deno.build.arch === "x86_64";
  const waiter = linux ? epollWaiter() : pollWaiter(net);
  try {
    const message = new Uint8Array(size).fill(0x61);
    const start = performance.now();
    const fds: number[] = [];
    const sent = new Map<number, number>(); // messages sent per fd
    const pending = new Map<number, number>(); // bytes still to come back per fd
    for (let i = 0; i < clients; i++) {
      const fd = net.connect({ port });
      fds.push(fd);
      sent.set(fd, 0);
      waiter.add(fd, "write"); // writable = connected
    }
    let done = 0;
    let open = clients;
    while (open > 0) {
      for (const { resource: fd, interest } of waiter.wait()) {
        if (interest === "write") {
          if (net.finishConnect(fd) === WOULD_BLOCK) continue;
          waiter.change(fd, "read");
          sendOne(net, fd, message);
          sent.set(fd, 1);
          pending.set(fd, size);
          continue;
        }
        const data = net.recv(fd, size); // Why size: recv returns a copy of at most this
        if (data === WOULD_BLOCK) continue;
        if (data.length === 0) {
          throw new Error(`Cannot finish the echo load as the server closed fd ${fd}`);
        }
        const left = pending.get(fd)! - data.length;
        pending.set(fd, left);
        if (left > 0) continue;
        done++;
        const count = sent.get(fd)!;
        if (count === messages) {
          waiter.remove(fd);
          net.close(fd);
          open--;
          continue;
        }
        sendOne(net, fd, message);
        sent.set(fd, count + 1);
        pending.set(fd, size);
      }
    }
    const seconds = (performance.now() - start) / 1000;
    return { messages: done, seconds, messagesPerSecond: done / seconds };
  } finally {
    waiter.close();
    net.close();
  }
}

function sendOne(net: PollNetwork, fd: number, message: Uint8Array): void {
  // Why no loop: a small message always fits an empty socket buffer.
  const n = net.send(fd, message);
  if (n !== message.length) {
    throw new Error(`Cannot send ${message.length} bytes at once on fd ${fd}: sent ${String(n)}`);
  }
}

if (import.meta.main) {
  const args = Object.fromEntries(Deno.args.map((arg) => arg.replace(/^--/, "").split("=")));
  console.log(JSON.stringify(echoLoad(
    Number(args.port),
    Number(args.clients ?? 100),
    Number(args.messages ?? 1000),
    Number(args.size ?? 32),
  )));
}
