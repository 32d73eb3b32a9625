/**
 * Naming the built-in a learner's code tried to change.
 *
 * While grading, every intrinsic is frozen and every global pinned (see
 * `sandbox.ts`), so `Array.prototype[Symbol.iterator] = ...` throws a
 * TypeError instead of changing anything. {@linkcode builtinChangeIn} reads
 * such an error and names what was changed, `Array.prototype[Symbol.iterator]`,
 * so the learner is told exactly that instead of a bare TypeError, and the
 * run is graded `error`: a grade from code that rewires the language it is
 * graded in cannot be trusted.
 *
 * @module
 */

/** `Object.defineProperty` on something pinned. */
const REDEFINE = /^Cannot redefine property: (.+)$/s;

/** The V8 and ses messages of a write to something frozen, with the key in group 1. */
const WRITES = [
  /^Cannot assign to read only property '(.+)' of (?:object |function )?'(.*)'$/s,
  /^Cannot set property (.+) of (.+) which has only a getter$/s,
  /^Cannot delete property '(.+)' of (.+)$/s,
  REDEFINE,
];

/** Adding a key to something frozen: which object it was, the message does not say. */
const ADDS = [
  /^Cannot add property (.+), object is not extensible$/s,
  /^Cannot define property (.+), object is not extensible$/s,
];

/** A named object a learner might change. */
interface Named {
  name: string;
  value: object;
}

/** The objects worth naming: globals, their prototypes, and the hidden intrinsics. */
function catalog(): Named[] {
  const found: Named[] = [];
  const seen = new Set<object>();
  const add = (name: string, value: unknown) => {
    if ((typeof value !== "object" && typeof value !== "function") || value === null) return;
    if (seen.has(value)) return;
    seen.add(value);
    found.push({ name, value });
  };
  add("globalThis", globalThis);
  for (const key of Object.getOwnPropertyNames(globalThis)) {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, key);
    if (!descriptor || !("value" in descriptor)) continue;
    add(key, descriptor.value);
    if (typeof descriptor.value === "function") add(`${key}.prototype`, descriptor.value.prototype);
  }
  const hidden: [string, () => unknown][] = [
    ["%ArrayIteratorPrototype%", () => Object.getPrototypeOf([][Symbol.iterator]())],
    ["%MapIteratorPrototype%", () => Object.getPrototypeOf(new Map().entries())],
    ["%SetIteratorPrototype%", () => Object.getPrototypeOf(new Set().values())],
    ["%StringIteratorPrototype%", () => Object.getPrototypeOf(""[Symbol.iterator]())],
    ["%RegExpStringIteratorPrototype%", () => Object.getPrototypeOf("".matchAll(/a/g))],
    ["%IteratorHelperPrototype%", () => Object.getPrototypeOf([].values().map((x) => x))],
    ["%GeneratorFunction.prototype%", () => Object.getPrototypeOf(function* () {})],
    ["%GeneratorPrototype%", () => Object.getPrototypeOf(function* () {}).prototype],
    ["%AsyncGeneratorFunction.prototype%", () => Object.getPrototypeOf(async function* () {})],
    ["%AsyncGeneratorPrototype%", () => Object.getPrototypeOf(async function* () {}).prototype],
    [
      "%AsyncIteratorPrototype%",
      () => Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype),
    ],
    ["%AsyncFunction.prototype%", () => Object.getPrototypeOf(async function () {})],
    ["%TypedArray%", () => Object.getPrototypeOf(Int8Array)],
    ["%TypedArray%.prototype", () => Object.getPrototypeOf(Int8Array.prototype)],
    ["Deno.stdout", () => Deno.stdout],
    ["Deno.stderr", () => Deno.stderr],
    ["Deno.stdin", () => Deno.stdin],
  ];
  for (const [name, get] of hidden) {
    try {
      add(name, get());
    } catch { /* not in this runtime */ }
  }
  return found;
}

/** `Symbol(Symbol.iterator)` back to the symbol, other keys as they are. */
function keyOf(text: string): PropertyKey {
  const wellKnown = /^Symbol\(Symbol\.(\w+)\)$/.exec(text);
  if (wellKnown) {
    const symbol = (Symbol as unknown as Record<string, unknown>)[wellKnown[1]];
    if (typeof symbol === "symbol") return symbol;
  }
  return text;
}

function show(owner: string, key: PropertyKey): string {
  if (typeof key === "symbol") return `${owner}[${key.description}]`;
  return /^[A-Za-z_$][\w$]*$/.test(String(key))
    ? `${owner}.${key}`
    : `${owner}[${JSON.stringify(key)}]`;
}

/** Repeat the failed write on `value`; whether it fails with the same message. */
function failsTheSame(value: object, key: PropertyKey, message: string): boolean {
  let holder: object | null = value;
  let descriptor: PropertyDescriptor | undefined;
  while (holder !== null && descriptor === undefined) {
    descriptor = Object.getOwnPropertyDescriptor(holder, key);
    if (descriptor === undefined) holder = Object.getPrototypeOf(holder);
  }
  if (descriptor === undefined) return false;
  // Why only these: the repeated write must not change anything, so it is
  // tried only where it cannot succeed.
  const own = holder === value && "value" in descriptor && !descriptor.writable;
  if (!own && !Object.isFrozen(value)) return false;
  try {
    (value as Record<PropertyKey, unknown>)[key] = (value as Record<PropertyKey, unknown>)[key];
  } catch (error) {
    return error instanceof TypeError && error.message === message;
  }
  return false;
}

/** The source text at `file:line`, trimmed, when the stack points there. */
function sourceAt(error: Error, file: string): string | undefined {
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const at = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(String(error.stack ?? ""));
  if (!at) return undefined;
  try {
    const line = Deno.readTextFileSync(file).split("\n")[Number(at[1]) - 1]?.trim();
    return line ? `${line.slice(0, 100)} at ${file}:${at[1]}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The built-in that `error` says the code tried to change, as
 * `Array.prototype[Symbol.iterator]`, or `undefined` when `error` is not
 * such a write. `file` is the graded file, for the line that did it.
 */
export function builtinChangeIn(error: unknown, file: string): string | undefined {
  try {
    if (!(error instanceof TypeError)) return undefined;
    const message = Object.getOwnPropertyDescriptor(error, "message")?.value;
    if (typeof message !== "string") return undefined;
    for (const pattern of WRITES) {
      const match = pattern.exec(message);
      if (!match) continue;
      const key = keyOf(match[1]);
      const objects = catalog();
      if (pattern === REDEFINE) {
        const owner = objects.find(({ value }) =>
          Object.getOwnPropertyDescriptor(value, key)?.configurable === false
        );
        return owner ? show(owner.name, key) : undefined;
      }
      const exact = objects.find(({ value }) => key in value && failsTheSame(value, key, message));
      if (exact) return show(exact.name, key);
      const path = /^root\.(.+)$/.exec(match[2] ?? "");
      if (path) return path[1]; // ses names the path itself
      if (/#<Window>|globalThis/.test(match[2] ?? "")) return show("globalThis", key);
      return undefined; // a write to the learner's own frozen object
    }
    for (const pattern of ADDS) {
      const match = pattern.exec(message);
      if (!match) continue;
      const where = sourceAt(error, file);
      // Why look at the line: the message does not say which object was frozen,
      // and a learner's own frozen object is not a built-in.
      const names = catalog().map(({ name }) => name.split(".")[0]).filter((n) =>
        /^[A-Z%]/.test(n)
      );
      const mentions = where !== undefined &&
        (/\b(prototype|globalThis|__proto__)\b/.test(where) ||
          names.some((name) => where.includes(`${name}.`) || where.includes(`${name}[`)));
      if (mentions) return `a new property ${match[1]}: ${where}`;
      return undefined;
    }
    return undefined;
  } catch {
    return undefined;
  }
}
