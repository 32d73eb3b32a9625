/**
 * Sealing the grading subprocess's realm before learner code loads.
 *
 * {@linkcode sealRealm} is called once by `child.ts`, after the grader is
 * loaded and before the learner's file is imported. Afterwards, learner code
 * runs in a realm where:
 *
 * - every JavaScript intrinsic is frozen (`npm:ses`'s `lockdown()`), hidden
 *   ones included (`%ArrayIteratorPrototype%.next`, `%GeneratorPrototype%`),
 *   and `eval` and `Function` throw, so no code is compiled at run time;
 * - every global binding is pinned (`globalThis.Promise = ...` throws), host
 *   objects and their prototypes (`console`, `Deno.*`, `URL`, `Worker`, ...)
 *   are frozen, and `Deno[Deno.internal]` (which reaches the runtime's raw
 *   ops) is gone; `Deno.inspect` ignores a value's own custom inspector;
 * - the ways to end the process early (`Deno.exit`, `process.exit`,
 *   `close()`, killing itself) report themselves before they act;
 * - `localStorage`, `sessionStorage` and the Cache API are switched off (they
 *   persist in the user's Deno cache);
 * - Workers may run only the files the grading allows, a bounded number of
 *   times, and a monitor Worker reports when the process's memory passes
 *   a cap, even while the main thread is stuck in a loop.
 *
 * What sealing cannot stop is recorded instead, and {@linkcode Seal.changed}
 * names it: the parent turns that into status `error`.
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- the sandbox's one npm dependency, pinned here and in deno.lock
import "npm:ses@2.3.0/lockdown-shim.js";
import type { Report } from "./reporter.ts";

/** What the realm looks like after sealing, to check it later. */
export interface Seal {
  /** A built-in found changed since sealing, by name, or `undefined`. */
  changed(): string | undefined;
  /** Whether the event loop still has work (timers, sockets, workers). */
  hasMoreWork(): boolean;
  /**
   * Settles once the memory monitor watches (or could not start). Await it
   * before learner code runs: a Worker boots only while this thread yields,
   * and a loop that never yields must already be watched.
   */
  watching: Promise<void>;
}

/** Options for {@linkcode sealRealm}. */
export interface SealOptions {
  /** The reporter, for exits and refused Workers. */
  report: Report;
  /** Where grading is now, for messages: `while being imported`, `during check "x"`. */
  during: () => string;
  /** Whether a Worker may run this module. */
  workerAllowed: (url: URL) => boolean;
  /** The most Workers learner code may start in one run. @default 32 */
  maxWorkers?: number;
  /** The nonce (a copy) for the memory monitor's report. */
  nonce: Uint8Array;
  /** Resident memory above which the monitor reports `oom`, in bytes. */
  memoryLimit: number;
  /**
   * Whether graded code may use Node's `process`. Loading it costs more than
   * `lockdown()` itself, and it cannot load after it, so it is loaded only
   * for code that names it; otherwise reading it throws, saying why.
   * @default true
   */
  process?: boolean;
}

/** Globals that persist data across runs: reading them throws while grading. */
const STORAGE = ["localStorage", "sessionStorage", "caches", "CacheStorage", "Cache", "Storage"];

/** The memory monitor, as a module a Worker can run without read permission. */
const MONITOR = `
let timer;
self.onmessage = ({ data: { nonce, limit } }) => {
  const write = Deno.stdout.writeSync.bind(Deno.stdout);
  const encoder = new TextEncoder();
  timer = setInterval(() => {
    const rss = Deno.memoryUsage().rss;
    if (rss <= limit) return;
    const body = encoder.encode(' {"event":"oom","rss":' + rss + '}\\n');
    const line = new Uint8Array(nonce.length + body.length);
    line.set(nonce, 0);
    line.set(body, nonce.length);
    let at = 0;
    try { while (at < line.length) at += write(line.subarray(at)); } catch {}
    clearInterval(timer);
  }, 50);
  self.postMessage("watching");
};
`;

type Lockdown = (options: Record<string, unknown>) => void;
type Harden = <T>(value: T) => T;

/** Seal the realm; see the module doc. Call once. */
export function sealRealm(options: SealOptions): Seal {
  const { report, during } = options;
  const internal = (Deno as unknown as Record<symbol, { core?: Record<string, unknown> }>)[
    (Deno as unknown as { internal: symbol }).internal
  ];
  const eventLoopHasMoreWork = internal?.core?.eventLoopHasMoreWork as (() => boolean) | undefined;
  // Why delete it: it holds the runtime's raw ops (exit, eval in a context,
  // promise hooks), which would walk around everything below.
  delete (Deno as unknown as Record<symbol, unknown>)[
    (Deno as unknown as { internal: symbol }).internal
  ];

  // Why: some runtime functions finish setting themselves up on first use,
  // by writing to objects that are frozen below.
  queueMicrotask(() => {});
  const watching = startMemoryMonitor(options);
  const withProcess = options.process ?? true;
  // Why hide it now: lockdown() reads globalThis.process, which would load it.
  if (!withProcess) Object.defineProperty(globalThis, "process", { value: undefined });
  trapExits(report, during, withProcess);
  guardWorkers(options);
  switchOffStorage();
  // Why: Worker-side code given in a stub (10-workers/pool) checks for it,
  // and must not run on the main thread.
  if (!("WorkerGlobalScope" in globalThis)) {
    Object.defineProperty(globalThis, "WorkerGlobalScope", { value: undefined, enumerable: false });
  }

  const global = globalThis as unknown as Record<string, unknown> & {
    lockdown: Lockdown;
    harden: Harden;
  };
  global.lockdown({
    errorTaming: "unsafe", // keep stack traces: messages point at the learner's line
    errorTrapping: "none", // keep Deno's own handling of uncaught errors
    reporting: "none",
    unhandledRejectionTrapping: "none",
    regExpTaming: "unsafe", // keep RegExp.$1 and friends, which learner code may use
    localeTaming: "unsafe",
    consoleTaming: "unsafe",
    overrideTaming: "moderate", // `this.name = ...` in an Error subclass still works
    stackFiltering: "verbose",
    domainTaming: "unsafe",
    evalTaming: "no-eval",
    overrideDebug: [],
    legacyRegeneratorRuntimeTaming: "safe",
    __hardenTaming__: "safe",
  });
  if (!withProcess) {
    Object.defineProperty(globalThis, "process", {
      get() {
        throw new Error(
          "process (Node's) is not loaded while grading code that does not name it: write process.<what> in your file, or use Deno's own APIs",
        );
      },
    });
  }
  const harden = global.harden;
  pinGlobals(harden);
  pinDeno(harden);
  return {
    changed: snapshot(withProcess),
    hasMoreWork: () => eventLoopHasMoreWork?.() ?? false,
    watching,
  };
}

/** Make every global binding permanent, and freeze the host objects they hold. */
function pinGlobals(harden: Harden): void {
  for (const key of Reflect.ownKeys(globalThis)) {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, key)!;
    if (!descriptor.configurable) continue;
    const name = String(key);
    if ("value" in descriptor) {
      const value = descriptor.value;
      // Why not symbol-keyed ones: the runtime keeps its own state there
      // (the global event listeners), and a symbol is no name learner code types.
      const isHost = typeof key === "string" && value !== globalThis && value !== Deno &&
        name !== "process";
      if (
        isHost && (typeof value === "function" || (typeof value === "object" && value !== null))
      ) {
        try {
          harden(value);
        } catch { /* an exotic host object: the binding is still pinned */ }
      }
      Object.defineProperty(globalThis, key, { writable: false, configurable: false });
    } else if (!name.startsWith("on")) {
      // Lazily loaded globals (setTimeout, TextEncoder, ...) keep their getter
      // and lose their setter: assigning one throws in strict code.
      Object.defineProperty(globalThis, key, {
        get: descriptor.get,
        set: undefined,
        configurable: false,
      });
    }
  }
}

/** Pin `Deno.*` the same way, leaving `Deno.exitCode` settable. */
function pinDeno(harden: Harden): void {
  // Why: graders compare what values look like (probe logs, messages); a
  // value's own [Symbol.for("Deno.customInspect")] could make a wrong value
  // print like the right one.
  const inspect = Deno.inspect;
  Object.defineProperty(Deno, "inspect", {
    value: (value: unknown, options?: Deno.InspectOptions) =>
      inspect(value, { ...options, customInspect: false } as Deno.InspectOptions),
  });
  for (const key of Reflect.ownKeys(Deno)) {
    const descriptor = Object.getOwnPropertyDescriptor(Deno, key)!;
    if (!descriptor.configurable) continue;
    if ("value" in descriptor) {
      const value = descriptor.value;
      if (typeof value === "function" || (typeof value === "object" && value !== null)) {
        try {
          harden(value);
        } catch { /* pinned all the same */ }
      }
      Object.defineProperty(Deno, key, { writable: false, configurable: false });
    } else if (key !== "exitCode") {
      Object.defineProperty(Deno, key, {
        get: descriptor.get,
        set: undefined,
        configurable: false,
      });
    }
  }
}

/** Every exit, reported before it acts. */
function trapExits(report: Report, during: () => string, withProcess: boolean): void {
  const codeOf = (code: unknown) =>
    typeof code === "number" ? String(code) : code === undefined ? "" : `a ${typeof code}`;
  const trap = <F extends (...args: never[]) => unknown>(
    owner: object,
    key: string,
    via: (args: unknown[]) => { via: string; code: string } | undefined,
  ) => {
    const original = (owner as Record<string, unknown>)[key];
    if (typeof original !== "function") return;
    const trapped = function (this: unknown, ...args: unknown[]) {
      const exit = via(args);
      if (exit) report({ event: "exit", via: exit.via, code: exit.code, during: during() });
      return Reflect.apply(original, this, args);
    } as unknown as F;
    Object.defineProperty(owner, key, { value: trapped, writable: false, configurable: false });
  };
  const process = withProcess
    ? (globalThis as unknown as { process?: Record<string, unknown> }).process
    : undefined;
  trap(Deno, "exit", ([code]) => ({ via: "Deno.exit", code: codeOf(code) }));
  trap(globalThis, "close", () => ({ via: "close", code: "" }));
  const self = (pid: unknown) => pid === Deno.pid || pid === 0;
  trap(
    Deno,
    "kill",
    ([pid, signal]) =>
      self(pid) ? { via: "Deno.kill", code: String(signal ?? "SIGTERM") } : undefined,
  );
  if (process) {
    trap(process, "exit", ([code]) => ({ via: "process.exit", code: codeOf(code) }));
    trap(process, "reallyExit", ([code]) => ({ via: "process.reallyExit", code: codeOf(code) }));
    trap(process, "abort", () => ({ via: "process.abort", code: "" }));
    trap(
      process,
      "kill",
      ([pid, signal]) =>
        self(pid) ? { via: "process.kill", code: String(signal ?? "SIGTERM") } : undefined,
    );
  }
}

/** Replace `Worker` with one that refuses modules grading does not allow. */
function guardWorkers(options: SealOptions): void {
  const { report, during, workerAllowed } = options;
  const limit = options.maxWorkers ?? 32;
  const Original = globalThis.Worker;
  let started = 0;
  const refuse = (message: string): never => {
    report({ event: "violation", message, during: during() });
    throw new Error(message);
  };
  class Worker extends Original {
    constructor(specifier: string | URL, options?: WorkerOptions) {
      let url: URL | undefined;
      try {
        url = new URL(String(specifier));
      } catch { /* refused below */ }
      if (url === undefined || url.protocol !== "file:" || !workerAllowed(url)) {
        refuse(
          `your code started a Worker on ${
            url?.protocol === "file:" ? url.pathname : String(specifier).slice(0, 80)
          }: while grading, a Worker may only run your own exercise files (new Worker(import.meta.url, ...))`,
        );
      }
      if (++started > limit) {
        refuse(
          `your code started more than ${limit} Workers in one run: is a Worker starting Workers?`,
        );
      }
      super(specifier, options);
    }
  }
  Object.defineProperty(globalThis, "Worker", { value: Worker });
}

/** Start the memory monitor (an unreferenced Worker), if this Deno can unreference one. */
function startMemoryMonitor(options: SealOptions): Promise<void> {
  const url = `data:application/javascript,${encodeURIComponent(MONITOR)}`;
  const unref = Object.getOwnPropertySymbols(Worker.prototype)
    .map((symbol) => (Worker.prototype as unknown as Record<symbol, unknown>)[symbol])
    .find((method) => typeof method === "function" && /refCount/.test(String(method))) as
      | ((this: Worker, ref: boolean) => void)
      | undefined;
  // Why give up without it: a referenced monitor would keep the process
  // alive forever, and the V8 heap cap still stands.
  if (unref === undefined) return Promise.resolve();
  const monitor = new Worker(url, { type: "module" });
  const { promise, resolve } = Promise.withResolvers<void>();
  // Referenced until it answers, so that waiting for it keeps this process alive.
  monitor.onmessage = () => {
    unref.call(monitor, false);
    resolve();
  };
  monitor.onerror = (event) => {
    event.preventDefault();
    monitor.terminate();
    resolve();
  };
  monitor.postMessage({ nonce: options.nonce, limit: options.memoryLimit });
  return promise;
}

function switchOffStorage(): void {
  for (const name of STORAGE) {
    if (!(name in globalThis)) continue;
    Object.defineProperty(globalThis, name, {
      get() {
        throw new Error(
          `${name} is switched off while grading: it keeps data between runs, so a grade could depend on an earlier one`,
        );
      },
      configurable: false,
    });
  }
}

/** Write down what graders and the reporter rely on; the returned function names a change. */
function snapshot(withProcess: boolean): () => string | undefined {
  const watched: {
    name: string;
    owner: object;
    key: PropertyKey;
    descriptor: PropertyDescriptor;
  }[] = [];
  const watch = (prefix: string, owner: object | undefined) => {
    if (owner === undefined) return;
    for (const key of Reflect.ownKeys(owner)) {
      if (typeof key === "string" && key.startsWith("on")) continue;
      if (key === "exitCode") continue;
      const name = typeof key === "symbol" ? `${prefix}[${key.description}]` : `${prefix}.${key}`;
      watched.push({ name, owner, key, descriptor: Object.getOwnPropertyDescriptor(owner, key)! });
    }
  };
  watch("globalThis", globalThis);
  watch("Deno", Deno);
  watch("console", console);
  const process = withProcess ? (globalThis as unknown as { process?: object }).process : undefined;
  for (const key of ["exit", "reallyExit", "abort", "kill"]) {
    if (process && Object.hasOwn(process, key)) {
      watched.push({
        name: `process.${key}`,
        owner: process,
        key,
        descriptor: Object.getOwnPropertyDescriptor(process, key)!,
      });
    }
  }
  return () => {
    for (const { name, owner, key, descriptor } of watched) {
      const now = Object.getOwnPropertyDescriptor(owner, key);
      if (
        now === undefined || !Object.is(now.value, descriptor.value) ||
        now.get !== descriptor.get ||
        now.set !== descriptor.set
      ) return name;
    }
    return undefined;
  };
}
