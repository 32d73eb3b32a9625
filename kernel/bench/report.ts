/**
 * The benchmark report: its JSON shape, the goals of issue 4 it is read
 * against, and the one table `deno task bench` prints.
 *
 * @module
 */

/** How many of everything a run used. */
export interface Counts {
  /** Tasks in the switch case. */
  switchTasks: number;
  /** Steps (switches) per task in the switch case. */
  switchSteps: number;
  /** Sleeping-task counts for the kernel and native async functions. */
  sleepers: number[];
  /** Sleeping-task count for Effection. */
  effectionSleepers: number;
  /** Echo clients connected at once. */
  echoClients: number;
  /** Round trips per echo client. */
  echoMessages: number;
  /** Echo rounds per server (interleaved; the best counts). */
  echoRounds: number;
  /** Each `asleep`'s length. */
  asleepSeconds: number;
}

/** One sleeping-tasks measurement (see `sleepers.ts`). */
export interface SleepersFigure {
  /** `kernel`, `native` or `effection`. */
  case: string;
  /** Tasks asleep at once. */
  count: number;
  /** Heap growth per task after a full GC, in bytes. */
  bytesPerTask: number;
  /** Time to start them all, in ms. */
  spawnMs: number;
  /** Time to cancel them all, in ms. */
  cancelMs: number;
}

/** A goal of issue 4 and whether this run met it. */
export interface Goal {
  /** What is compared, e.g. "switch: kernel yield / native await". */
  name: string;
  /** The measured value (a ratio, bytes or seconds). */
  value: number;
  /** The bound, e.g. "<= 1.0". */
  target: string;
  /** Whether the value is within the bound. */
  met: boolean;
}

/** Everything one run measured; `deno task bench --json` prints it. */
export interface Report {
  /** Where it ran. */
  machine: {
    nproc: number;
    cpu: string;
    os: string;
    deno: string;
    v8: string;
    python: string | null;
  };
  /** The counts used. */
  counts: Counts;
  /** Whether counts were divided by ten. */
  quick: boolean;
  /** The warm-up and measured runs of every switch and sleepers case (the best counts). */
  repeats?: { warmup: number; repeat: number };
  /** The other `kernel/` measured beside this one (`--baseline`), or `null`. */
  baseline?: string | null;
  /** Nanoseconds per switch by case (`null`: skipped, e.g. no python3). */
  switch: Record<string, number | null>;
  /** Sleeping-task figures. */
  sleepers: SleepersFigure[];
  /** Echo messages per second by server (`null`: skipped). */
  echo: Record<string, number | null>;
  /**
   * Five concurrent `asleep`: wall seconds on a new pool whose Workers start
   * on demand (`cold`), on a new pool made with `prestart` (`prestarted`),
   * and on an already used pool (`warm`).
   */
  asleep: { seconds: number; cold: number; prestarted?: number; warm: number };
  /** The goals, evaluated. */
  goals?: Goal[];
  /** How long the whole run took, in seconds. */
  seconds: number;
}

/**
 * Evaluate the goals of issue 4 against a report.
 *
 * @example
 * ```ts ignore
 * for (const goal of evaluateGoals(report)) console.log(goal.name, goal.met);
 * ```
 */
export function evaluateGoals(r: Report): Goal[] {
  const goals: Goal[] = [];
  const add = (name: string, value: number | null, target: string, met: (v: number) => boolean) => {
    if (value !== null && Number.isFinite(value)) {
      goals.push({ name, value, target, met: met(value) });
    }
  };
  const s = r.switch;
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a == null || b == null ? null : a / b;
  add(
    "switch: kernel yield / native await",
    ratio(s["kernel-yield"], s["native-await"]),
    "<= 1.0",
    (v) => v <= 1,
  );
  add(
    "switch: Effection action / kernel yield",
    ratio(s["effection-action"], s["kernel-yield"]),
    ">= 20",
    (v) => v >= 20,
  );
  add(
    "switch: Effection call / kernel yield",
    ratio(s["effection-call"], s["kernel-yield"]),
    ">= 20",
    (v) => v >= 20,
  );
  add(
    "switch: Python asyncio / kernel yield",
    ratio(s["python-asyncio"], s["kernel-yield"]),
    ">= 20",
    (v) => v >= 20,
  );
  for (const f of r.sleepers.filter((f) => f.case === "kernel")) {
    add(`sleepers: kernel bytes per task (${f.count})`, f.bytesPerTask, "<= 256", (v) => v <= 256);
  }
  // Issue 14: scopes and crash reports cost the hot path nothing (within 5 %).
  for (const name of ["kernel-yield", "kernel-checkpoint"]) {
    add(
      `hot path: ${name} / baseline kernel`,
      ratio(s[name], s[`${name}@baseline`]),
      "<= 1.05",
      (v) => v <= 1.05,
    );
  }
  for (const f of r.sleepers.filter((f) => f.case === "kernel")) {
    const base = r.sleepers.find((g) => g.case === "kernel@baseline" && g.count === f.count);
    add(
      `hot path: kernel bytes per sleeping task / baseline kernel (${f.count})`,
      ratio(f.bytesPerTask, base?.bytesPerTask),
      "<= 1.05",
      (v) => v <= 1.05,
    );
  }
  const e = r.echo;
  for (const k of ["kernel-deno", "kernel-poll"]) {
    add(`echo: ${k} / native Deno`, ratio(e[k], e["native-deno"]), ">= 0.7", (v) => v >= 0.7);
    add(`echo: ${k} / Python asyncio`, ratio(e[k], e["python-asyncio"]), ">= 2", (v) => v >= 2);
  }
  add("five asleep(1), cold pool: seconds", r.asleep.cold, "<= 1.1", (v) => v <= 1.1);
  if (r.asleep.prestarted !== undefined) {
    add("five asleep(1), prestarted pool: seconds", r.asleep.prestarted, "<= 1.1", (v) => v <= 1.1);
  }
  add("five asleep(1), warm pool: seconds", r.asleep.warm, "<= 1.1", (v) => v <= 1.1);
  return goals;
}

const n = (x: number, digits = 0) =>
  x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const times = (x: number) => `${n(x, x < 10 ? 2 : 0)}×`;

/**
 * The one table of a run, in Markdown: every figure with its baselines.
 *
 * @example
 * ```ts ignore
 * console.log(renderTable(report));
 * ```
 */
export function renderTable(r: Report): string {
  const c = r.counts;
  const rows: string[][] = [];
  const s = r.switch;
  const native = s["native-await"]!;
  const switchNames: Record<string, string> = {
    "kernel-yield": "kernel: bare `yield`",
    "kernel-yield@baseline": "baseline kernel: bare `yield`",
    "kernel-checkpoint": "kernel: `yield* checkpoint()`",
    "kernel-checkpoint@baseline": "baseline kernel: `yield* checkpoint()`",
    "native-await": "native: `await null`",
    "co": "npm:co 4.6.0: `yield Promise.resolve()`",
    "effection-action": "Effection 4.1.1: sync `action`",
    "effection-call": "Effection 4.1.1: `call(() => Promise.resolve())`",
    "python-asyncio": "Python asyncio: `await sleep(0)`",
  };
  const sw = `task switch, ${n(c.switchTasks)} tasks × ${n(c.switchSteps)} steps`;
  for (const [key, label] of Object.entries(switchNames)) {
    const v = s[key];
    if (key.endsWith("@baseline") && v === undefined) continue; // no --baseline
    if (v === null || v === undefined) {
      rows.push([sw, label, "skipped: python3 not found", ""]);
    } else {
      const vsKernel = key.endsWith("@baseline")
        ? ` · ${times(s[key.replace("@baseline", "")]! / v)} for this kernel`
        : key.startsWith("kernel")
        ? ""
        : ` · ${times(v / s["kernel-yield"]!)} kernel yield`;
      rows.push([
        sw,
        label,
        `${n(v, 1)} ns/switch`,
        `${times(v / native)} native await${vsKernel}`,
      ]);
    }
  }
  for (const f of r.sleepers) {
    const base = r.sleepers.find((g) => g.case === "native" && g.count === f.count) ??
      r.sleepers.find((g) => g.case === "native");
    const label = {
      kernel: "kernel: `sleep(3600)`",
      "kernel@baseline": "baseline kernel: `sleep(3600)`",
      native:
        "native: `await` a 1 h `setTimeout`, rejected with a stack-less Error (as the kernel's)",
      "native-stack": "native: the same, rejected with `new Error` (with a stack)",
      effection: "Effection: `sleep(3_600_000)`",
    }[f.case] ?? f.case;
    const stacked = r.sleepers.find((g) => g.case === "native-stack" && g.count === f.count);
    const vsStack = f.case.startsWith("kernel") && stacked !== undefined
      ? ` · ${
        times(f.cancelMs / stacked.cancelMs * stacked.count / f.count)
      } cancel of native with a stack`
      : "";
    rows.push([
      `${n(f.count)} sleeping tasks`,
      label,
      `${n(f.bytesPerTask)} B/task · spawn ${n(f.spawnMs)} ms · cancel ${n(f.cancelMs)} ms`,
      base === undefined || f.case === "native"
        ? ""
        : `${times(f.bytesPerTask / base.bytesPerTask)} native bytes · ${
          times(f.spawnMs / base.spawnMs * base.count / f.count)
        } spawn · ${
          times(f.cancelMs / base.cancelMs * base.count / f.count)
        } cancel (per task)${vsStack}`,
    ]);
  }
  const e = r.echo;
  const echoNames: Record<string, string> = {
    "kernel-deno": "kernel, Deno selector",
    "kernel-poll": "kernel, poll(2) selector (FFI)",
    "native-deno": "native Deno `async` server",
    "python-asyncio": "Python asyncio streams",
  };
  const echo = `echo, ${n(c.echoClients)} clients × ${
    n(c.echoMessages)
  } messages (best of ${c.echoRounds})`;
  for (const [key, label] of Object.entries(echoNames)) {
    const v = e[key];
    if (v === null || v === undefined) {
      rows.push([echo, label, "skipped", ""]);
      continue;
    }
    const vs = [["native-deno", "native"], ["python-asyncio", "Python"]]
      .filter(([b]) => b !== key && e[b])
      .map(([b, name]) => `${times(v / e[b]!)} ${name}`)
      .join(" · ");
    rows.push([echo, label, `${n(v)} msg/s`, vs]);
  }
  const a = r.asleep;
  rows.push([
    `five \`asleep(${a.seconds})\`, pool of 5 Workers`,
    "cold (Workers start on demand)",
    `${n(a.cold, 3)} s`,
    "",
  ]);
  if (a.prestarted !== undefined) {
    rows.push([
      `five \`asleep(${a.seconds})\`, pool of 5 Workers`,
      "prestarted (`prestart: true`, made just before)",
      `${n(a.prestarted, 3)} s`,
      "",
    ]);
  }
  rows.push([
    `five \`asleep(${a.seconds})\`, pool of 5 Workers`,
    "warm (Workers already started)",
    `${n(a.warm, 3)} s`,
    "",
  ]);

  const table = [
    "| case | subject | figure | compared (same run) |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
  const goals = (r.goals ?? evaluateGoals(r)).map((g) =>
    `- ${g.met ? "met" : "MISSED"}: ${g.name} = ${n(g.value, 2)} (goal ${g.target})`
  );
  const m = r.machine;
  return [
    `Machine: ${m.nproc} × ${m.cpu}, ${m.os}, Deno ${m.deno}, V8 ${m.v8}, ${
      m.python ?? "no python3"
    }.` +
    (r.quick ? " QUICK run: counts / 10." : "") +
    (r.repeats === undefined
      ? ""
      : ` Every switch and sleepers case: ${r.repeats.warmup} warm-up run, best of ${r.repeats.repeat}.`) +
    (r.baseline ? ` Baseline kernel: ${r.baseline}.` : ""),
    "",
    ...table,
    "",
    "Goals:",
    ...goals,
    "",
    `Run time: ${n(r.seconds)} s.`,
  ].join("\n");
}
