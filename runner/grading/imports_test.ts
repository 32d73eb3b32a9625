/**
 * "Write it yourself": every way of importing what an exercise asks you to
 * write is refused, with a message saying what to write; what the stub
 * gives is accepted. Fixtures are in `runner/testdata/imports/`, each
 * graded as `09-futures/future` (whose stub imports nothing).
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { exercisesOf, findExercise } from "../course.ts";
import { manifest } from "../manifest.ts";
import { IMPORT_CHECK, importProblems, placeOf } from "./imports.ts";
import { pristineStub } from "../pristine.ts";
import { gradeMany } from "./batch.ts";
import { ROOT } from "./paths.ts";
import { knownWrongOf, makeVariantFiles, variantFile } from "../variants/bank.ts";

const exercises = exercisesOf(manifest);
const future = findExercise(exercises, "09-futures/future");
const dir = "runner/testdata/imports";
/** A student edition has no references or variants: the tests that read them are skipped there. */
const hasSolutions = await Deno.stat(join(ROOT, "solutions")).then(() => true, () => false);
const needsSolutions = hasSolutions ? "" : " (skipped: this copy has no solutions/)";

const REFUSED: Record<string, RegExp> = {
  literal_kernel:
    /:2 imports Future from "\.\.\/\.\.\/\.\.\/kernel\/future\.ts", the reference kernel \(kernel\/future\.ts\): that is what exercise 09-futures\/future asks you to write yourself, so write Future in/,
  reexports_kernel: /:2 imports Future from .*asks you to write yourself/,
  exports_all_kernel: /imports \* from .*asks you to write yourself/,
  computed_import: /:2 imports a module whose name is computed at run time/,
  template_import:
    /imports \* from "\.\.\/\.\.\/\.\.\/kernel\/future\.ts".*asks you to write yourself/,
  percent_solution: /a reference solution \(solutions\/09-futures\/future\.ts\)/,
  npm_package: /from "npm:fast-check@4\.10\.2", a package: write it yourself/,
  remote_module: /from "https:\/\/esm\.sh\/left-pad", a package/,
  node_builtin: /from "node:v8", a package/,
  type_of_solution: /a reference solution \(solutions\/09-futures\/future\.ts\)/,
  reference_path: /:2 imports .* a reference solution/,
  grader: /a grader \(exercises\/09-futures\/future_grader\.ts\)/,
  runner: /the course runner \(runner\/grading\/explore\.ts\)/,
  ignore_directives: /:4 imports Future from .*asks you to write yourself/,
  import_equals: /from "node:fs", a package/,
};
const ACCEPTED = ["type_only_kernel", "own_code"];

const problems = await importProblems(
  [...Object.keys(REFUSED), ...ACCEPTED].map((name) => ({
    exercise: future,
    file: `${dir}/${name}.ts`,
  })),
  exercises,
);

for (const [name, message] of Object.entries(REFUSED)) {
  Deno.test(`importProblems() refuses ${name}`, () => {
    const problem = problems.get(`${dir}/${name}.ts`)?.message;
    assert.ok(problem, `${name} is accepted`);
    assert.match(problem, message);
    assert.match(
      problem,
      /Your file may import only what its stub imports: nothing, apart from types/,
    );
  });
}

Deno.test("importProblems() scans a file again once its text changes (scans are kept by text)", async () => {
  const file = `.out/09-futures/cache_${crypto.randomUUID().slice(0, 8)}.ts`;
  const check = async (text: string) => {
    await Deno.writeTextFile(join(ROOT, file), text);
    return (await importProblems([{ exercise: future, file }], exercises)).get(file)?.message;
  };
  await Deno.mkdir(join(ROOT, ".out/09-futures"), { recursive: true });
  try {
    assert.equal(await check("export class Future {}\n"), undefined);
    assert.match(
      await check('export { Future } from "../../kernel/future.ts";\n') ?? "",
      /asks you to write yourself/,
    );
    assert.equal(await check("export class Future {}\n"), undefined, "the first scan, kept");
  } finally {
    await Deno.remove(join(ROOT, file)).catch(() => {});
    await Deno.remove(join(ROOT, ".out/09-futures")).catch(() => {}); // only if nothing else is in it
  }
});

Deno.test("importProblems() accepts a type-only kernel import and code of one's own", () => {
  for (const name of ACCEPTED) assert.equal(problems.get(`${dir}/${name}.ts`), undefined, name);
});

Deno.test({
  name: "importProblems() accepts every stub, reference and known-wrong variant but the three " +
    `that delegate${needsSolutions}`,
  ignore: !hasSolutions,
  fn: async () => {
    const jobs = [];
    for (const exercise of exercises) {
      jobs.push({ exercise, file: exercise.file }, { exercise, file: exercise.solution });
      const variants = await knownWrongOf(exercise);
      assert.deepEqual(await makeVariantFiles(variants), new Map(), exercise.id);
      for (const variant of variants) jobs.push({ exercise, file: variant.file });
    }
    const found = await importProblems(jobs, exercises);
    const delegating = [
      "spawn_calls_reference_run",
      "future_reexports_kernel",
      "pool_extends_kernel_pool",
    ];
    const files = await Promise.all(delegating.map((name) => variantFile(name, exercises)));
    assert.deepEqual([...found.keys()].sort(), files.sort());
    assert.match(
      found.get(await variantFile("pool_extends_kernel_pool", exercises))!.message,
      /imports WorkerPool from "\.\.\/\.\.\/\.\.\/kernel\/worker_pool\.ts".*write WorkerPool in/,
    );
  },
});

Deno.test({
  name:
    `importProblems() allows the stub's computed import once, as the stub has it${needsSolutions}`,
  ignore: !hasSolutions,
  fn: async () => {
    const pool = findExercise(exercises, "10-workers/pool");
    const found = await importProblems([
      { exercise: pool, file: pool.solution },
      { exercise: pool, file: `${dir}/../imports_pool/doubled_worker_side.ts` },
    ], exercises);
    assert.equal(found.get(pool.solution), undefined);
    assert.match(
      found.get(`${dir}/../imports_pool/doubled_worker_side.ts`)?.message ?? "",
      /computed at run time/,
    );
  },
});

Deno.test("placeOf() sees through percent-encoding and dot segments", () => {
  assert.deepEqual(
    placeOf("../../solutions/./09-futures/%66uture.ts", "exercises/09-futures/x.ts"),
    {
      kind: "forbidden",
      path: "solutions/09-futures/future.ts",
      what: "a reference solution",
    },
  );
  assert.deepEqual(placeOf("../../kernel//future.ts", "exercises/09-futures/x.ts"), {
    kind: "kernel",
    path: "kernel/future.ts",
  });
});

Deno.test("gradeMany() reports a refused import as a failed check that says what to write", async () => {
  const [result] = await gradeMany([{ exercise: future, file: `${dir}/literal_kernel.ts` }]);
  assert.equal(result.status, "fail");
  assert.deepEqual(result.checks.map(({ name, status }) => ({ name, status })), [
    { name: IMPORT_CHECK, status: "fail" },
  ]);
  assert.match(result.checks[0].message ?? "", /write Future in/);
  assert.match(result.message, /^check "imports only what its stub imports": .*write Future in/);
});

Deno.test("importProblems() reads the stubs as shipped, and allows a file what either stub imports", async () => {
  const pool = findExercise(exercises, "10-workers/pool");
  const guided = await pristineStub(pool, "guided");
  const bare = await pristineStub(pool, "bare");
  const workerSide = guided.slice(guided.indexOf("if (typeof (globalThis"));
  assert.ok(workerSide.includes("await import(module)"), "the guided stub gives the Worker side");
  assert.ok(!bare.includes("await import(module)"), "the bare stub leaves it out");
  // As deep as exercises/, so the stubs' relative imports resolve alike.
  const at = (name: string) => `.out/10-workers/pool_${name}_${crypto.randomUUID().slice(0, 8)}.ts`;
  const files = {
    bare: [at("bare"), bare],
    bareWithWorkerSide: [at("bare_worker_side"), `${bare}\n${workerSide}`],
    bareWithTwoWorkerSides: [at("bare_two_worker_sides"), `${bare}\n${workerSide}\n${workerSide}`],
    bareWithKernelPool: [
      at("bare_kernel_pool"),
      `${bare}\nexport { WorkerPool } from "../../kernel/worker_pool.ts";\n`,
    ],
  };
  await Deno.mkdir(join(ROOT, ".out/10-workers"), { recursive: true });
  try {
    for (const [file, text] of Object.values(files)) {
      await Deno.writeTextFile(join(ROOT, file), text);
    }
    const found = await importProblems(
      Object.values(files).map(([file]) => ({ exercise: pool, file })),
      exercises,
    );
    assert.equal(found.get(files.bare[0]), undefined);
    assert.equal(
      found.get(files.bareWithWorkerSide[0]),
      undefined,
      "the guided stub's Worker side",
    );
    assert.match(found.get(files.bareWithTwoWorkerSides[0])?.message ?? "", /computed at run time/);
    assert.match(
      found.get(files.bareWithKernelPool[0])?.message ?? "",
      /imports WorkerPool from .*asks you to write yourself/,
    );
  } finally {
    for (const [file] of Object.values(files)) await Deno.remove(join(ROOT, file)).catch(() => {});
    await Deno.remove(join(ROOT, ".out/10-workers")).catch(() => {}); // only if nothing else is in it
  }
});
