import assert from "node:assert/strict";
import { browserSafe, curatedPresets, displayImports, PRESET_ORDER } from "./presets.ts";

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
