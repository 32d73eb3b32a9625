import assert from "node:assert/strict";
import { evaluateGoals, renderTable, type Report } from "./report.ts";
import { measureSwitch, SWITCH_CASES } from "./switch.ts";

const REPORT: Report = {
  machine: { nproc: 2, cpu: "Test CPU", os: "linux x86_64", deno: "2", v8: "15", python: null },
  counts: {
    switchTasks: 10,
    switchSteps: 10,
    sleepers: [100],
    effectionSleepers: 10,
    echoClients: 2,
    echoMessages: 3,
    echoRounds: 1,
    asleepSeconds: 1,
  },
  quick: true,
  switch: {
    "kernel-yield": 50,
    "kernel-checkpoint": 80,
    "native-await": 60,
    "co": 100,
    "effection-action": 2000,
    "effection-call": 900,
    "python-asyncio": null,
  },
  sleepers: [
    { case: "kernel", count: 100, bytesPerTask: 300, spawnMs: 1, cancelMs: 2 },
    { case: "native", count: 100, bytesPerTask: 1200, spawnMs: 2, cancelMs: 2 },
  ],
  echo: { "kernel-deno": 800, "kernel-poll": null, "native-deno": 1000, "python-asyncio": 300 },
  asleep: { seconds: 1, cold: 1.2, prestarted: 1.05, warm: 1.0 },
  seconds: 3,
};

Deno.test("evaluateGoals() checks every figure it has against issue 4's goals", () => {
  const goals = Object.fromEntries(evaluateGoals(REPORT).map((g) => [g.name, g.met]));
  assert.deepEqual(goals, {
    "switch: kernel yield / native await": true,
    "switch: Effection action / kernel yield": true,
    "switch: Effection call / kernel yield": false,
    "sleepers: kernel bytes per task (100)": false,
    "echo: kernel-deno / native Deno": true,
    "echo: kernel-deno / Python asyncio": true,
    "five asleep(1), cold pool: seconds": false,
    "five asleep(1), prestarted pool: seconds": true,
    "five asleep(1), warm pool: seconds": true,
  });
});

Deno.test("renderTable() prints one table with the counts and the skipped cases", () => {
  const text = renderTable(REPORT);
  assert.match(text, /^Machine: 2 × Test CPU/);
  assert.match(
    text,
    /task switch, 10 tasks × 10 steps \| kernel: bare `yield` \| 50\.0 ns\/switch \| 0\.83× native await/,
  );
  assert.match(text, /Python asyncio: `await sleep\(0\)` \| skipped: python3 not found/);
  assert.match(text, /kernel, poll\(2\) selector \(FFI\) \| skipped/);
  assert.match(text, /MISSED: sleepers: kernel bytes per task \(100\) = 300\.00 \(goal <= 256\)/);
  assert.equal(text.split("\n").filter((line) => line.startsWith("| case |")).length, 1);
});

Deno.test("measureSwitch() runs each JavaScript case", async () => {
  for (
    const name of [
      "kernel-yield",
      "kernel-checkpoint",
      "native-await",
      "co",
      "effection-action",
      "effection-call",
    ]
  ) {
    assert.ok((await measureSwitch(SWITCH_CASES[name], 3, 3, { warmup: 1, repeat: 1 })) > 0, name);
  }
});
