import assert from "node:assert/strict";
import { manifest } from "../runner/manifest.ts";
import { amaro } from "./npm.ts";
import {
  browserSafe,
  curatedPresets,
  displayImports,
  lessonPresets,
  notFromSource,
  PRESET_ORDER,
} from "./presets.ts";

Deno.test("curatedPresets() reads every preset in menu order, imports shown as the page maps them", async () => {
  const presets = await curatedPresets("web/presets");
  assert.deepEqual(presets.map((p) => p.id), PRESET_ORDER.map((name) => name.replace(/_/g, "-")));
  for (const preset of presets) {
    assert.doesNotMatch(preset.code, /\.\.\/kernel|jobs\.ts/, preset.id);
    assert.ok(preset.title.length > 10, preset.id);
  }
  assert.deepEqual(presets.filter((p) => p.needsWorkers).map((p) => p.id), ["fib-pool", "asleep"]);
});

Deno.test("every preset runs in Deno too, as written", async () => {
  for (const name of PRESET_ORDER) {
    const { code, stdout, stderr } = await new Deno.Command("deno", {
      args: ["run", "--allow-read=.", `web/presets/${name}.js`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(stdout);
    assert.equal(code, 0, `${name}: ${new TextDecoder().decode(stderr)}`);
    assert.ok(text.trim().length > 0, `${name} prints something`);
  }
});

Deno.test("browserSafe() keeps kernel-only examples whose names the browser has", () => {
  const available = new Set(["run", "sleep"]);
  const kernel = 'import { run, sleep, type KernelOp } from "../../kernel/mod.ts";';
  assert.equal(browserSafe(kernel, [], available), true);
  assert.equal(browserSafe(kernel, ["net"], available), false);
  assert.equal(
    browserSafe('import { PollNetwork } from "../../kernel/mod.ts";', [], available),
    false,
  );
  assert.equal(browserSafe(kernel + '\nimport x from "node:fs";', [], available), false);
  assert.equal(displayImports('from "../browser/jobs.ts"'), 'from "groundup/jobs"');
});

Deno.test("every lesson example in the menu is the lesson's code minus its types, using included", async () => {
  // The build compiles (esbuild) only what stripping refuses; here that code is kept as is.
  const names = new Set<string>();
  for (const entry of ["kernel_entry", "network_entry", "workers_entry"]) {
    for (const name of Object.keys(await import(`./browser/${entry}.ts`))) names.add(name);
  }
  const found = await lessonPresets(".", manifest.lessons, (code) => Promise.resolve(code), names);
  assert.ok(found.length >= 20, `${found.length} lesson examples`);
  const withUsing = found.filter((f) => /\busing\b/.test(f.source));
  assert.ok(withUsing.length >= 2, "some examples use `using` (else this test shows nothing)");
  for (const { preset, source, how } of found) {
    assert.equal(notFromSource(preset.code, source, how), null, `${preset.id}:\n${preset.code}`);
    assert.doesNotMatch(preset.code, /\b__\w+/, `${preset.id} holds no helper code`);
    assert.doesNotMatch(preset.code, /\.\.\/kernel|\bkernel\/mod\.ts/, `${preset.id} imports`);
    if (/\busing\b/.test(source)) assert.match(preset.code, /\busing\b/, preset.id);
    if (how === "stripped") {
      // Tidying took out only blanks, commas before a closer and cast parentheses:
      // the code still parses, and says what the strip-only pass said.
      const blanked = amaro.transformSync(source, { mode: "strip-only" }).code;
      const shown = preset.code;
      assert.doesNotThrow(() => amaro.transformSync(shown, { mode: "strip-only" }), preset.id);
      const norm = (code: string) =>
        displayImports(code).replace(/\s+/g, "").replace(/,(?=[}\])])/g, "").replace(/[()]/g, "");
      assert.equal(norm(shown), norm(blanked), preset.id);
    }
    // Comments stay: as many `//` lines as the lesson's block has.
    const comments = (text: string) => text.match(/\/\/ /g)?.length ?? 0;
    if (how === "stripped") assert.equal(comments(preset.code), comments(source), preset.id);
  }
  const titles = [...await curatedPresets("web/presets"), ...found.map((f) => f.preset)].map((p) =>
    p.title
  );
  const twice = titles.filter((title, i) => titles.indexOf(title) !== i);
  assert.deepEqual(twice, [], "every menu title is different");
});
