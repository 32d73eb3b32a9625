import assert from "node:assert/strict";
import { referencesIn } from "./main.ts";
import { mutantsOf, solutionBlocks } from "./mutants.ts";

const reference = `import type { X } from "./x.ts";
export function f(xs: number[], n: number): number {
  if (n < 0) throw new Error("outside");
  // @solution-begin
  let total = 0;
  for (let i = 0; i < n && i < xs.length; i++) total += xs[i];
  if (!xs.length) return -1;
  xs.shift();
  log("done");
  return total;
  // @solution-end
}
function log(_: string) {}
`;

Deno.test("solutionBlocks() finds the lines between the markers", () => {
  const [[start, end]] = solutionBlocks(reference);
  assert.match(reference.slice(start, end), /^ {2}let total = 0;[\s\S]*return total;\n {2}$/);
});

Deno.test("mutantsOf() changes only what is inside a solution block", () => {
  const mutants = mutantsOf(reference);
  assert.ok(mutants.length > 10, `only ${mutants.length} mutants`);
  for (const mutant of mutants) {
    const [head] = mutant.text.split("// @solution-begin");
    const [, tail] = mutant.text.split("// @solution-end");
    assert.equal(head, reference.split("// @solution-begin")[0], mutant.key);
    assert.equal(tail, reference.split("// @solution-end")[1], mutant.key);
  }
  assert.ok(!mutants.some((m) => m.before.includes("outside")), "the guard outside was mutated");
});

Deno.test("mutantsOf() applies each operator", () => {
  const keys = mutantsOf(reference).map((m) => m.key);
  const has = (key: string) => assert.ok(keys.includes(key), `missing: ${key}\n${keys.join("\n")}`);
  const loop = "for (let i = 0; i < n && i < xs.length; i++) total += xs[i];";
  has(`comparison: ${loop} → ${loop.replace("i < n", "i <= n")}`);
  has(`logical: ${loop} → ${loop.replace("&&", "||")}`);
  has(`arithmetic: ${loop} → ${loop.replace("i++", "i--")}`);
  has(`arithmetic: ${loop} → ${loop.replace("+=", "-=")}`);
  has(`constant: let total = 0; → let total = 1;`);
  has(`negation: if (!xs.length) return -1; → if (xs.length) return -1;`);
  has(`condition: if (!xs.length) return -1; → if (false) return -1;`);
  has(`method: xs.shift(); → xs.pop();`);
  has(`drop: log("done"); → `);
  has(`drop: ${loop} → ${loop.replace("total += xs[i];", "{}")}`);
  has(`constant: log("done"); → log("");`);
  has(`swap: xs.shift(); ⏎ log("done"); → log("done"); ⏎ xs.shift();`);
});

Deno.test("mutantsOf() forgets an await, weakens a yield* and an optional call", () => {
  const text = `async function* g(it: Iterator<number>, p: Promise<void>) {
  // @solution-begin
  await p;
  yield* [1];
  it.return?.();
  // @solution-end
}
`;
  const keys = mutantsOf(text).map((m) => m.key);
  assert.ok(keys.includes("await: await p; → p;"), keys.join("\n"));
  assert.ok(keys.includes("yield: yield* [1]; → yield [1];"), keys.join("\n"));
  assert.ok(keys.includes("optional: it.return?.(); → it.return();"), keys.join("\n"));
});

Deno.test("referencesIn() finds the other references a reference imports, and nothing else", () => {
  const text =
    `import { x } from "../../kernel/mod.ts";\nimport { y } from "../09-futures/wait_future.ts";\n` +
    `import type { Pool } from "./pool.ts";\nexport const JOBS = new URL("../../lessons/10-workers/jobs.ts", import.meta.url);\n`;
  assert.deepEqual(referencesIn(text, "solutions/10-workers/asleep.ts"), [
    "solutions/09-futures/wait_future.ts",
    "solutions/10-workers/pool.ts",
  ]);
});
