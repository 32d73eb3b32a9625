/**
 * A generated task program (`task_programs.ts`) as the TypeScript a person
 * would write: what a counterexample prints, and what the learner runs.
 * `counterexample_kernel_test.ts` proves it runs as the interpreter does.
 *
 * @module
 */

import { ERRORS, LITERALS, type Program, type Ref } from "./task_programs.ts";

/** Which kernel operations a rendered program imports. */
function usedOperations(program: Program): string[] {
  const used = new Set<string>(["type KernelOp"]);
  for (const def of program.tasks) {
    if (def.handles > 0) used.add("type Task");
    for (const step of def.steps) {
      if (step.k === "checkpoint") used.add("checkpoint");
      if (step.k === "sleep0" || step.k === "sleep") used.add("sleep");
      if (step.k === "now") used.add("now");
      if (step.k === "current") used.add("current");
      if (step.k === "join") used.add("join");
      if (step.k === "spawn") {
        used.add(step.name === undefined ? "spawn" : "type Task");
        if (step.args.some((a) => "me" in a)) used.add("current");
      }
    }
  }
  const name = (s: string) => s.replace(/^type /, "");
  return [...used].sort((a, b) => name(a).localeCompare(name(b)));
}

/**
 * The program as TypeScript: an import of the kernel's operations, then
 * one generator function per task definition, `main` first. Runs as is.
 */
export function renderProgram(program: Program): string[] {
  const lines = [
    `import { ${usedOperations(program).join(", ")} } from "./kernel/mod.ts";`,
    "",
  ];
  for (const def of program.tasks) {
    const params = [
      ...Array.from({ length: def.handles }, (_, i) => `h${i}: Task`),
      ...Array.from({ length: def.values }, (_, i) => `v${i}: unknown`),
    ].join(", ");
    const initial = Array.from({ length: def.values }, (_, i) => `v${i}`).join(", ");
    const body = [`  const seen: unknown[] = [${initial}];`];
    let children = 0;
    const ref = (r: Ref) => "h" in r ? `h${r.h}` : `c${r.c}`;
    for (const step of def.steps) {
      switch (step.k) {
        case "yield":
          body.push("  yield;");
          break;
        case "checkpoint":
          body.push("  yield* checkpoint();");
          break;
        case "sleep0":
          body.push("  yield* sleep(0);");
          break;
        case "sleep":
          body.push(`  yield* sleep(${step.seconds});`);
          break;
        case "now":
          body.push("  seen.push(yield* now());");
          break;
        case "current":
          body.push(
            "  {",
            "    const me = yield* current();",
            "    seen.push(`${me.id} ${me.name}`);",
            "  }",
          );
          break;
        case "spawn": {
          const args = step.args.map((a) =>
            "me" in a ? "yield* current()" : "v" in a ? LITERALS[a.v].source : ref(a)
          );
          const target = program.tasks[step.task].label;
          if (step.name === undefined) {
            body.push(`  const c${children++} = yield* spawn(${[target, ...args].join(", ")});`);
          } else {
            // A spawn trap with a name of its own, as a task group yields it.
            const trap = `{ kind: "spawn", fn: ${target}, args: [${args.join(", ")}], name: ${
              JSON.stringify(step.name)
            } }`;
            body.push(`  const c${children++} = (yield ${trap}) as Task;`);
          }
          break;
        }
        case "join":
          if (step.catch) {
            body.push(
              "  try {",
              `    seen.push(yield* join(${ref(step.target)}));`,
              "  } catch (error) {",
              "    seen.push(`caught ${error}`);",
              "  }",
            );
          } else {
            body.push(`  seen.push(yield* join(${ref(step.target)}));`);
          }
          break;
      }
    }
    const end = def.end;
    body.push(
      end.k === "seen"
        ? "  return seen;"
        : end.k === "return"
        ? `  return ${LITERALS[end.v].source};`
        : `  throw ${ERRORS[end.e].source(def.label)};`,
    );
    const signature = `function* (${params}): KernelOp<unknown> {`;
    if (def.name === "") {
      lines.push(`// nameless: its fn.name is "", so the kernel calls it "task"`);
      lines.push(`const ${def.label} = [${signature}`, ...body, "}][0];");
    } else {
      lines.push(signature.replace("function* ", `function* ${def.label}`), ...body, "}");
    }
    lines.push("");
  }
  return lines;
}
