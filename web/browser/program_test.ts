import assert from "node:assert/strict";
import { formatArgs, formatValue } from "./format.ts";
import { describeError, mapImports } from "./program.ts";

Deno.test("mapImports() maps kernel and jobs imports, and leaves others alone", () => {
  const code = [
    'import { run } from "groundup/kernel";',
    'import { asleep } from "../../kernel/asleep.ts";',
    "import { fib, JOBS } from '../browser/jobs.ts';",
    'const lazy = await import("groundup/kernel");',
    'import "./side_effect.js";',
    'const text = "from groundup/kernel";',
  ].join("\n");
  assert.equal(
    mapImports(code, "http://x/groundup.js", "http://x/jobs.js"),
    [
      'import { run } from "http://x/groundup.js";',
      'import { asleep } from "http://x/groundup.js";',
      "import { fib, JOBS } from 'http://x/jobs.js';",
      'const lazy = await import("http://x/groundup.js");',
      'import "./side_effect.js";',
      'const text = "from groundup/kernel";',
    ].join("\n"),
  );
});

Deno.test("describeError() explains TypeScript syntax and missing SharedArrayBuffer", () => {
  const parse = new SyntaxError("Unexpected token ':'");
  parse.stack = "SyntaxError: Unexpected token ':'"; // as a module that fails to parse has it
  assert.match(describeError(parse), /runs JavaScript/);
  const running = new SyntaxError("Unexpected end of JSON input"); // thrown by running code
  assert.doesNotMatch(describeError(running), /runs JavaScript/);
  assert.match(
    describeError(new ReferenceError("SharedArrayBuffer is not defined")),
    /Workers need SharedArrayBuffer/,
  );
  assert.equal(describeError("plain"), "plain");
});

Deno.test("formatArgs() prints values the way Deno's console does", () => {
  assert.equal(formatArgs(["a", 1, "b"]), "a 1 b");
  assert.equal(formatArgs([{ value: undefined, done: true }]), "{ value: undefined, done: true }");
  assert.equal(formatArgs([[], {}, [1, [2]]]), "[] {} [ 1, [ 2 ] ]");
  assert.equal(formatArgs([["a done", "b done"]]), '[ "a done", "b done" ]');
  assert.equal(formatValue(new Map([["k", 1]])), 'Map(1) { "k" => 1 }');
  assert.equal(formatValue(new Uint8Array([1, 2])), "Uint8Array(2) [ 1, 2 ]");
  assert.equal(formatValue({ "a-b": 1n }), '{ "a-b": 1n }');
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  assert.equal(formatValue(cyclic), "{ self: [Circular] }");
  class Point {
    x = 1;
  }
  assert.equal(formatValue(new Point()), "Point { x: 1 }");
  // Functions as Deno prints them (lesson 06 logs a spawn trap's generator function).
  assert.equal(
    formatArgs([function* worker() {}, async function a() {}, async function* g() {}, Point]),
    "[GeneratorFunction: worker] [AsyncFunction: a] [AsyncGeneratorFunction: g] [class Point]",
  );
  assert.equal(formatValue(() => 1), "[Function (anonymous)]");
});
