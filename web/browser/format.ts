/**
 * `console.log` arguments as text, formatted the way Deno prints them, so
 * the playground shows what `deno task examples` shows: strings bare at the
 * top level and quoted inside, `[ 1, 2 ]`, `{ a: 1 }`, `Map(1) { "k" => 1 }`.
 * One line per call; deep or cyclic values are cut short.
 *
 * @module
 */

/**
 * Format `console.log` arguments as one line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatArgs } from "./format.ts";
 *
 * assert.equal(formatArgs(["got", 1, { value: "a", done: false }]), 'got 1 { value: "a", done: false }');
 * assert.equal(formatArgs([[3, 2, 1]]), "[ 3, 2, 1 ]");
 * ```
 */
export function formatArgs(args: readonly unknown[]): string {
  return args.map((arg) => typeof arg === "string" ? arg : formatValue(arg)).join(" ");
}

/**
 * Format one value as Deno's console would, nested strings quoted.
 *
 * @example
 * ```ts
 * import { formatValue } from "./format.ts";
 * console.assert(formatValue(new Set([1])) === "Set(1) { 1 }");
 * ```
 */
export function formatValue(value: unknown, depth = 0, seen: Set<object> = new Set()): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "boolean":
      return String(value);
    case "symbol":
      return value.toString();
    case "function": {
      if (/^class\b/.test(Function.prototype.toString.call(value))) {
        return `[class ${value.name || "(anonymous)"}]`;
      }
      // Deno names the kind: GeneratorFunction, AsyncFunction, AsyncGeneratorFunction.
      const kind = value.constructor?.name;
      const shown = /^(Async)?(Generator)?Function$/.test(kind ?? "") ? kind : "Function";
      return value.name ? `[${shown}: ${value.name}]` : `[${shown} (anonymous)]`;
    }
  }
  if (value === null) return "null";
  const object = value as object;
  if (object instanceof Error) return object.stack ?? `${object.name}: ${object.message}`;
  if (seen.has(object)) return "[Circular]";
  if (depth > 3) return Array.isArray(object) ? "[Array]" : "[Object]";
  seen.add(object);
  try {
    const inner = (v: unknown) => formatValue(v, depth + 1, seen);
    if (Array.isArray(object)) return list("", object.map(inner), "[", "]");
    if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      const items = Array.from(object as unknown as ArrayLike<number>, (n) => String(n));
      return list(`${object.constructor.name}(${items.length}) `, items, "[", "]");
    }
    if (object instanceof Map) {
      const items = [...object].map(([k, v]) => `${inner(k)} => ${inner(v)}`);
      return list(`Map(${object.size}) `, items, "{", "}");
    }
    if (object instanceof Set) {
      return list(`Set(${object.size}) `, [...object].map(inner), "{", "}");
    }
    if (object instanceof Promise) return "Promise { <unknown> }";
    const items = Object.entries(object).map(([k, v]) =>
      `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${inner(v)}`
    );
    const name = object.constructor?.name;
    const prefix = name && name !== "Object" ? `${name} ` : "";
    return list(prefix, items, "{", "}");
  } finally {
    seen.delete(object);
  }
}

function list(prefix: string, items: string[], open: string, close: string): string {
  return items.length === 0
    ? `${prefix}${open}${close}`
    : `${prefix}${open} ${items.join(", ")} ${close}`;
}
