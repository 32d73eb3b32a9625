import assert from "node:assert/strict";
import { formatTrace, type TraceEvent } from "../../kernel/trace.ts";
import { Mistake } from "./grader.ts";
import {
  assertSameTrace,
  describeDivergence,
  firstDivergence,
  formatEvent,
  projectTrace,
} from "./trace_diff.ts";

const run = (task: number) => ({ type: "run", task });
const exit = (task: number) => ({ type: "exit", task });

Deno.test("firstDivergence() finds nothing in equal traces", () => {
  assert.equal(firstDivergence([run(1), exit(1)], [run(1), exit(1)]), undefined);
  assert.equal(firstDivergence([], []), undefined);
});

Deno.test("firstDivergence() reports where a trace ends early or goes on too long", () => {
  assert.deepEqual(firstDivergence([run(1), exit(1)], [run(1)]), {
    index: 1,
    expected: exit(1),
    actual: undefined,
    before: [run(1)],
  });
  assert.deepEqual(firstDivergence([run(1)], [run(1), run(2)]), {
    index: 1,
    expected: undefined,
    actual: run(2),
    before: [run(1)],
  });
});

Deno.test("firstDivergence() keeps at most `context` events before the difference", () => {
  const expected = [run(1), run(2), run(3), run(4), run(5)];
  const actual = [run(1), run(2), run(3), run(4), run(9)];
  assert.deepEqual(firstDivergence(expected, actual, 2)?.before, [run(3), run(4)]);
  assert.deepEqual(firstDivergence(expected, actual, 0)?.before, []);
});

Deno.test("formatEvent() prints a kernel event as formatTrace() does", () => {
  const events: TraceEvent[] = [
    { type: "spawn", time: 0, task: 1, name: "main", parent: null },
    { type: "run", time: 0, task: 1 },
    { type: "trap", time: 0, task: 1, trap: "spawn" },
    { type: "block", time: 0, task: 2, trap: "sleep", detail: "1s" },
    { type: "block", time: 0, task: 2, trap: "readWait" },
    { type: "wake", time: 1, task: 2, trap: "sleep" },
    { type: "cancel", time: 1, task: 2, by: 1 },
    { type: "exit", time: 1, task: 2, value: { a: [1, "x"] } },
    { type: "exit", time: 1, task: 3, error: "Error: boom" },
    { type: "exit", time: 2, task: 1 },
  ];
  assert.equal(events.map(formatEvent).join("\n"), formatTrace(events));
});

Deno.test("formatEvent() prints partial events and unknown fields", () => {
  assert.equal(formatEvent({ type: "spawn", task: 2, name: "a" } as never), "spawn 2 a");
  assert.equal(
    formatEvent({ type: "exit", task: 2, value: undefined } as never),
    "exit 2 value=undefined",
  );
  assert.equal(formatEvent({ type: "run", task: 2, extra: [1] } as never), "run 2 extra=[1]");
});

Deno.test("projectTrace() keeps the types asked for and drops fields", () => {
  const events = [
    { type: "spawn", time: 0, task: 1, name: "main", parent: null },
    { type: "trap", time: 0, task: 1, trap: "spawn" },
    { type: "trap", time: 0, task: 1, trap: "checkpoint" },
    { type: "exit", time: 0, task: 1, value: undefined },
  ];
  assert.deepEqual(
    projectTrace(events, {
      types: ["spawn", "trap", "exit"],
      omit: ["time", "parent"],
      where: (e) => e.type !== "trap" || e.trap === "checkpoint",
    }),
    [
      { type: "spawn", task: 1, name: "main" },
      { type: "trap", task: 1, trap: "checkpoint" },
      { type: "exit", task: 1 },
    ],
  );
});

Deno.test("assertSameTrace() passes equal traces and throws a Mistake at the first difference", () => {
  assertSameTrace([run(1)], [run(1)], "one task");
  const expected = [run(1), run(2), run(3), run(1), run(2), exit(1)];
  const actual = [run(1), run(2), run(3), run(1), exit(2)];
  const options = {
    context: 2,
    reference: "the kernel",
    explain: (d: { actual?: { type: string } }) =>
      d.actual?.type === "exit" ? "task 2 ended too soon" : undefined,
  };
  let error: unknown;
  try {
    assertSameTrace(actual, expected, "three tasks", options);
  } catch (thrown) {
    error = thrown;
  }
  assert.ok(error instanceof Mistake, "assertSameTrace() throws a Mistake");
  assert.equal(
    error.message,
    [
      "three tasks: your trace parts from the kernel's at event 5 of 6",
      "            ... 2 earlier events agree",
      "             3  run 3",
      "             4  run 1",
      "  expected   5  run 2",
      "  received   5  exit 2",
      "task 2 ended too soon",
    ].join("\n"),
  );
});

Deno.test("describeDivergence() says when a trace ends", () => {
  const short = firstDivergence([run(1), exit(1)], [run(1)])!;
  assert.match(
    describeDivergence(short, { expected: 2, actual: 1 }),
    /received {3}2 {2}\(nothing: your trace ends after 1 events\)/,
  );
  const long = firstDivergence([run(1)], [run(1), run(2)])!;
  assert.match(
    describeDivergence(long, { expected: 1, actual: 2 }, { reference: "the kernel" }),
    /expected {3}2 {2}\(nothing: the kernel's trace ends here\)/,
  );
});
