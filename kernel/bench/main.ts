/**
 * `deno task bench`: every kernel figure beside its baselines, measured in
 * the same run, printed as one table (or, with `--json`, one JSON object).
 *
 * Each case runs in its own process (`switch.ts`, `sleepers.ts`,
 * `echo_client.ts` against a server, `five_asleep.ts`, and Python scripts),
 * so one case's garbage, JIT state or heap never colours the next. Every
 * switch and sleepers case gets the same warm-up and repeats ({@linkcode
 * REPEATS}, the best counts), Effection and Python included. Counts follow
 * issue 4; `--quick` divides them by ten (a smoke run, not a result), and
 * the table always says which counts ran.
 *
 * `--baseline=<dir>` also runs the kernel's switch and sleepers cases on the
 * kernel in `<dir>` (another checkout's `kernel/`, e.g. the previous
 * commit's), interleaved with this one's, and prints both side by side: how
 * the hot-path goal of issue 14 (within 5 % of before) is measured. The
 * children then need read permission for `<dir>`: pass it to `deno run`.
 *
 * ```sh
 * deno task bench            # the table
 * deno task bench --json     # one JSON object
 * deno task bench --quick    # counts / 10
 * git worktree add /tmp/old HEAD~1   # or: git archive HEAD~1 kernel | tar -x -C /tmp/old
 * deno run --allow-read=.,/tmp/old --allow-run=deno,python3 --allow-sys=cpus \
 *   kernel/bench/main.ts --baseline=/tmp/old/kernel
 * ```
 *
 * @module
 */

import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { type Counts, evaluateGoals, renderTable, type Report } from "./report.ts";

// Why fileURLToPath, not `.pathname`: a checkout in a path with a space
// would become `%20` and every child process would fail to start.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Every switch and sleepers case: one run unmeasured, then the best of three. */
export const REPEATS = { warmup: 1, repeat: 3 } as const;
const repeatArgs = [`--warmup=${REPEATS.warmup}`, `--repeat=${REPEATS.repeat}`];
const BENCH = "kernel/bench/";

/** The counts of issue 4, or a tenth of them with `--quick`. */
function counts(quick: boolean): Counts {
  const d = quick ? 10 : 1;
  return {
    switchTasks: 1000,
    switchSteps: 1000 / d,
    sleepers: [100_000 / d, 1_000_000 / d],
    // Why fewer Effection sleepers: ~12 KB and ~0.3 ms each, so 1,000,000
    // would need ~12 GB and minutes; per-task figures do not depend on count.
    effectionSleepers: 10_000 / d,
    echoClients: 100,
    echoMessages: 1000 / d,
    echoRounds: quick ? 1 : REPEATS.repeat, // every server the same number of interleaved rounds
    asleepSeconds: 1,
  };
}

async function command(
  name: string,
  args: string[],
  options: Deno.CommandOptions = {},
): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(name, {
    args,
    cwd: ROOT,
    stdin: "null",
    ...options,
  }).output();
  const text = new TextDecoder().decode(stdout);
  if (code !== 0) {
    throw new Error(
      `Cannot finish '${name} ${args.join(" ")}': exit ${code}: ${
        new TextDecoder().decode(stderr)
      }`,
    );
  }
  return text;
}

/** Run a script that prints one JSON line; return it parsed. */
async function json<T>(name: string, args: string[]): Promise<T> {
  const lines = (await command(name, args)).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as T;
}

async function hasPython(): Promise<string | null> {
  try {
    return (await command("python3", ["--version"])).trim();
  } catch {
    return null;
  }
}

/** Whether the poll(2) selector runs here (the FFI permission is the children's). */
const POLL_OK = Deno.build.os === "linux" ||
  (Deno.build.os === "darwin" && Deno.build.arch === "x86_64");

function machine(python: string | null): Report["machine"] {
  // Why node:os: it reads /proc/cpuinfo's model name with --allow-sys=cpus,
  // where Deno.readTextFile("/proc/cpuinfo") would need --allow-all.
  const cpu = cpus()[0]?.model ?? "unknown";
  return {
    nproc: navigator.hardwareConcurrency,
    cpu,
    os: `${Deno.build.os} ${Deno.build.arch}`,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    python,
  };
}

async function switchCases(
  c: Counts,
  python: string | null,
  baseline: string | null,
): Promise<Report["switch"]> {
  const out: Report["switch"] = {};
  const counts = [`--tasks=${c.switchTasks}`, `--steps=${c.switchSteps}`];
  const one = async (name: string, kernel: string | null) => {
    const args = kernel === null
      ? ["run", `${BENCH}switch.ts`]
      : ["run", `--allow-read=${kernel}`, `${BENCH}switch.ts`, `--kernel=${kernel}`];
    return (await json<{ nsPerSwitch: number }>("deno", [
      ...args,
      `--case=${name}`,
      ...counts,
      ...repeatArgs,
    ])).nsPerSwitch;
  };
  // Why interleaved rounds for the kernel against its baseline: this
  // machine drifts over seconds; alternating gives both the same drift.
  for (const name of ["kernel-yield", "kernel-checkpoint"]) {
    const rounds = baseline === null ? 1 : 2;
    for (let round = 0; round < rounds; round++) {
      out[name] = Math.min(out[name] ?? Infinity, await one(name, null));
      if (baseline !== null) {
        const key = `${name}@baseline`;
        out[key] = Math.min(out[key] ?? Infinity, await one(name, baseline));
      }
    }
  }
  for (const name of ["native-await", "co", "effection-action", "effection-call"]) {
    out[name] = await one(name, null);
  }
  out["python-asyncio"] = python === null ? null : (await json<{ nsPerSwitch: number }>(
    "python3",
    [
      `${BENCH}switch.py`,
      String(c.switchTasks),
      String(c.switchSteps),
      String(REPEATS.repeat),
      String(REPEATS.warmup),
    ],
  )).nsPerSwitch;
  return out;
}

async function sleeperCases(c: Counts, baseline: string | null): Promise<Report["sleepers"]> {
  const runs: [string, number][] = [
    ...c.sleepers.flatMap((count) => [
      ["kernel", count] as [string, number],
      ...(baseline === null ? [] : [["kernel@baseline", count] as [string, number]]),
      ["native", count] as [string, number],
      ["native-stack", count] as [string, number],
    ]),
    ["effection", c.effectionSleepers],
  ];
  const out: Report["sleepers"] = [];
  for (const [name, count] of runs) {
    const base = name === "kernel@baseline" && baseline !== null;
    out.push(
      await json("deno", [
        "run",
        "--v8-flags=--expose-gc,--max-old-space-size=8192",
        ...(base ? [`--allow-read=${baseline}`] : []),
        `${BENCH}sleepers.ts`,
        `--case=${base ? "kernel" : name}`,
        ...(base ? [`--kernel=${baseline}`] : []),
        `--count=${count}`,
        ...repeatArgs,
      ]),
    );
  }
  return out;
}

/** Start a server that prints "... on 127.0.0.1:PORT"; load it; stop it. */
async function loadServer(server: string[], c: Counts): Promise<number> {
  const child = new Deno.Command(server[0], {
    args: server.slice(1),
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let banner = "";
    while (!/:(\d+)\s*$/m.test(banner)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`Cannot start '${server.join(" ")}': it exited before listening`);
      banner += value;
    }
    reader.releaseLock();
    const port = /:(\d+)\s*$/m.exec(banner)![1];
    const result = await json<{ messagesPerSecond: number }>("deno", [
      "run",
      "--allow-ffi",
      `${BENCH}echo_client.ts`,
      `--port=${port}`,
      `--clients=${c.echoClients}`,
      `--messages=${c.echoMessages}`,
    ]);
    return result.messagesPerSecond;
  } finally {
    child.kill("SIGTERM");
    await child.stdout.cancel().catch(() => {});
    await child.status;
  }
}

async function echoCases(c: Counts, python: string | null): Promise<Report["echo"]> {
  const servers: Record<string, string[] | null> = {
    "kernel-deno": [
      "deno",
      "run",
      "--allow-net=127.0.0.1",
      "kernel/demos/echo_server.ts",
      "--selector=deno",
      "--port=0",
    ],
    "kernel-poll": POLL_OK
      ? ["deno", "run", "--allow-ffi", "kernel/demos/echo_server.ts", "--selector=poll", "--port=0"]
      : null,
    "native-deno": [
      "deno",
      "run",
      "--allow-net=127.0.0.1",
      `${BENCH}native_echo_server.ts`,
      "--port=0",
    ],
    "python-asyncio": python === null ? null : ["python3", "-u", `${BENCH}echo_server.py`, "0"],
  };
  const out: Report["echo"] = {};
  for (const name of Object.keys(servers)) out[name] = servers[name] === null ? null : 0;
  // Why rounds, interleaved, keeping the best: this machine's throughput
  // drifts by 2× over seconds; interleaving gives every server the same drift.
  for (let round = 0; round < c.echoRounds; round++) {
    for (const [name, server] of Object.entries(servers)) {
      if (server === null) continue;
      out[name] = Math.max(out[name]!, await loadServer(server, c));
    }
  }
  return out;
}

if (import.meta.main) {
  const asJson = Deno.args.includes("--json");
  const quick = Deno.args.includes("--quick");
  const baseline = Deno.args.find((arg) => arg.startsWith("--baseline="))?.slice(11) ?? null;
  const c = counts(quick);
  const python = await hasPython();
  const log = (text: string) => {
    if (!asJson) console.error(text);
  };
  const started = performance.now();
  log("machine...");
  const report: Report = {
    machine: machine(python),
    counts: c,
    quick,
    repeats: REPEATS,
    baseline,
    switch: {},
    sleepers: [],
    echo: {},
    asleep: { seconds: 0, cold: 0, warm: 0 },
    seconds: 0,
  };
  log("task switch...");
  report.switch = await switchCases(c, python, baseline);
  log("sleeping tasks...");
  report.sleepers = await sleeperCases(c, baseline);
  log("echo...");
  report.echo = await echoCases(c, python);
  log("five asleep(1)...");
  report.asleep = await json("deno", [
    "run",
    "--allow-read=.",
    `${BENCH}five_asleep.ts`,
    `--seconds=${c.asleepSeconds}`,
  ]);
  report.seconds = (performance.now() - started) / 1000;
  report.goals = evaluateGoals(report);
  console.log(asJson ? JSON.stringify(report) : renderTable(report));
}
