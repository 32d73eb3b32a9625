/**
 * The exported site in a real browser: Debian's Chromium, driven by
 * `playwright-core` (no browser download). It builds the site with
 * `deno task export` and serves it twice: with the `serve` task's COOP/COEP
 * headers, and from a plain static server without them (as GitHub Pages
 * would), where the playground must turn Workers on through its service
 * worker. Then, on both servers, at 1360×1000 and 390×844, in light and in
 * dark: the playground runs a virtual-clock and a Worker example, and the
 * facts are asserted, not just screenshotted: no page scrolls sideways, the
 * timeline has a lane per task, no ruler labels overlap, no text is cut off,
 * the legend's colour is the bars'; axe-core finds no WCAG A/AA problem; a
 * console error or a failed request anywhere fails the test. Besides: every
 * page at 360 px and at 920 px, the lessons menu, the skip link and the
 * editor's keys, errors in the program's own lines, Stop, every example's
 * code as the lesson has it, a browser without service workers, and each
 * cheat sheet on one A4 page. Screenshots go to `.out/` for people to look at.
 *
 * To check the test itself (break something, watch it fail), two variables
 * help: `GROUNDUP_E2E_STEPS=<text>` runs only the steps whose names contain
 * that text, and `GROUNDUP_E2E_KEEP_DIST=1` tests the `dist/` already there
 * instead of exporting again.
 *
 * Without `/usr/bin/chromium` (or without the permissions to run it) the
 * test is skipped, and says why. Install: `apt-get install -y chromium`;
 * `.ci/run` does it on Linux.
 *
 * @module
 */

import assert from "node:assert/strict";
// deno-lint-ignore no-import-prefix
import type { Browser, BrowserContext, Page } from "npm:playwright-core@1.65.1";
import { manifest } from "../runner/manifest.ts";
import { lessonsOf, sheetPage, TRACKS } from "./cheatsheet.ts";
import {
  assertNoOverflow,
  assertTimelines,
  checkCombo,
  type Combo,
  DESKTOP,
  open,
  PAGES,
  PHONE,
  runCode,
  runPreset,
  SCREENSHOTS,
} from "./e2e_checks.ts";
import {
  browserKernelNames,
  guard,
  type Server,
  startIsolatedServer,
  startPlainServer,
} from "./e2e_support.ts";
import { lessonPresets, notFromSource } from "./presets.ts";
import type { Preset } from "./browser/playground.ts";

const CHROMIUM = "/usr/bin/chromium";
/** Launch flags that work for Debian's Chromium in containers and CI. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function whySkip(): string | null {
  if (Deno.build.os !== "linux") {
    return `the browser test drives Debian's ${CHROMIUM}, on Linux only`;
  }
  const needs = [
    { name: "read", path: CHROMIUM },
    { name: "run", command: CHROMIUM },
    { name: "env" },
    { name: "sys", kind: "homedir" },
    { name: "sys", kind: "osRelease" },
    { name: "write", path: "/tmp" },
  ] as const;
  for (const descriptor of needs) {
    if (Deno.permissions.querySync(descriptor).state !== "granted") {
      return `it lacks the permission ${JSON.stringify(descriptor)} (see deno.json's test task)`;
    }
  }
  try {
    Deno.statSync(CHROMIUM);
  } catch {
    return `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it on Linux)`;
  }
  return null;
}

const skip = whySkip();
const ONLY = skip === null ? Deno.env.get("GROUNDUP_E2E_STEPS") : undefined;
const KEEP_DIST = skip === null && Deno.env.get("GROUNDUP_E2E_KEEP_DIST") === "1";
if (skip !== null) console.log(`%cSkipping the Chromium test: ${skip}`, "color: #b58900");

async function exportSite(): Promise<void> {
  const { success, stdout, stderr } = await new Deno.Command("deno", {
    args: ["task", "export"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout);
  assert.ok(success, `deno task export failed:\n${text}\n${new TextDecoder().decode(stderr)}`);
  const size = /kernel chunk \(assets\/kernel\.js\): .*/.exec(text);
  assert.ok(size, `the export names the kernel chunk's size:\n${text}`);
  console.log(size[0]);
}

Deno.test({
  name: "the exported site works in Chromium: both servers, both sizes, both themes",
  ignore: skip !== null,
  sanitizeOps: true,
  sanitizeResources: true,
}, async (test) => {
  if (!KEEP_DIST) await exportSite();
  const t = {
    step: (name: string, fn: () => Promise<void>) =>
      test.step({ name, fn, ignore: ONLY !== undefined && !name.includes(ONLY) }),
  };
  const servers: Record<Combo["server"], Server> = {
    isolated: await startIsolatedServer(),
    plain: await startPlainServer("dist"),
  };
  // Loaded here, not at the top: a machine that skips this test never fetches it.
  // deno-lint-ignore no-import-prefix
  const { chromium } = await import("npm:playwright-core@1.65.1");
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const problems: string[] = [];
  const context = async (
    name: string,
    options: Parameters<Browser["newContext"]>[0],
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    guard(page, name, problems);
    return { context, page };
  };
  const checkProblems = (what: string) => {
    assert.deepEqual(problems.splice(0), [], `${what}: no console errors, no failed requests`);
  };
  try {
    for (const server of ["isolated", "plain"] as const) {
      for (const size of [DESKTOP, PHONE]) {
        // Light and dark side by side: two contexts at once keep the test quick.
        await t.step(`${server} server, ${size.width}×${size.height}, light and dark`, async () => {
          const results = await Promise.allSettled(
            (["light", "dark"] as const).map(async (scheme) => {
              const name = `${server}, ${size.width}, ${scheme}`;
              const { context: ctx, page } = await context(name, {
                viewport: size,
                colorScheme: scheme,
              });
              try {
                await checkCombo(page, { server, size, scheme }, servers[server].url);
              } finally {
                await ctx.close();
              }
            }),
          );
          for (const result of results) if (result.status === "rejected") throw result.reason;
          checkProblems(`${server} server, ${size.width} px`);
        });
      }
    }

    await t.step(
      "every page at 360 px and at 920 px: no sideways scroll; the menu",
      async () => {
        const narrow = async () => {
          const { context: ctx, page } = await context("360 px", {
            viewport: { width: 360, height: 740 },
          });
          try {
            for (const path of PAGES) {
              await open(page, servers.isolated.url + path);
              await assertNoOverflow(page, path);
              assert.equal(await page.locator("#lesson-nav").isVisible(), false, path);
            }
            // The playground after a run, and the menu.
            await open(page, `${servers.isolated.url}playground.html`);
            const rounds = await runPreset(page, "round-robin");
            assert.match(rounds, /a T-minus 3\nb T-minus 2\na T-minus 2/);
            // main's exit label ("→ [...]") ends past the last step: it must not be cut off.
            await assertTimelines(page, "round-robin at 360 px", 1);
            await assertNoOverflow(page, "playground after a run, 360 px");
            const menu = page.locator("header.top button.menu");
            await menu.click();
            assert.equal(await menu.getAttribute("aria-expanded"), "true");
            assert.ok(await page.locator("#lesson-nav").isVisible(), "the menu opens the list");
            const focused = await page.evaluate(() => document.activeElement?.closest("nav")?.id);
            assert.equal(focused, "lesson-nav", "focus moves into the list");
            await assertNoOverflow(page, "the open menu");
            await page.keyboard.press("Escape");
            assert.equal(await page.locator("#lesson-nav").isVisible(), false, "Escape folds it");
            assert.equal(await page.evaluate(() => document.activeElement?.className), "menu");
          } finally {
            await ctx.close();
          }
        };
        const wide = async () => {
          // Just wider than the breakpoint: the narrowest screen with the lesson list beside.
          const { context: ctx, page } = await context("920 px", {
            viewport: { width: 920, height: 900 },
            colorScheme: "dark",
          });
          try {
            for (const path of PAGES) {
              await open(page, servers.plain.url + path);
              await assertNoOverflow(page, path);
            }
            for (const server of Object.values(servers)) {
              for (
                const [icon, type] of [["favicon.svg", "image/svg+xml"], ["favicon.ico", "icon"]]
              ) {
                const response = await page.request.get(server.url + icon);
                assert.equal(response.status(), 200, icon);
                assert.ok(response.headers()["content-type"].includes(type), icon);
              }
            }
            const response = await page.request.get(servers.isolated.url + "playground.html", {
              headers: { "accept-encoding": "br, gzip" },
            });
            assert.equal(response.headers()["content-encoding"], "br", "serve compresses");
          } finally {
            await ctx.close();
          }
        };
        const results = await Promise.allSettled([narrow(), wide()]);
        for (const result of results) if (result.status === "rejected") throw result.reason;
        checkProblems("the sweeps");
      },
    );

    await t.step("a lesson page: text, navigation, highlighting, exercise links", async () => {
      const { context: ctx, page } = await context("lesson", { viewport: DESKTOP });
      try {
        await open(page, `${servers.isolated.url}01-iterators.html`);
        assert.match(await page.locator("main h1").first().innerText(), /Iterables and iterators/);
        const nav = await page.locator("nav.lessons li a").allInnerTexts();
        assert.deepEqual(
          nav.map((text) => text.replace(/\s+/g, " ").trim()),
          manifest.lessons.map((l) => `${l.dir.split("-")[0]} ${l.title}`),
          "the navigation lists every lesson in manifest order",
        );
        assert.ok(await page.locator("pre code .hljs-keyword").count() > 10, "highlighted");
        const outputs = (await Deno.readTextFile("lessons/01-iterators/README.md"))
          .match(/^```text output$/gm)?.length ?? 0;
        assert.equal(await page.locator("figure.output").count(), outputs, "every output shown");
        const href = await page.locator('li.exercise a[href$="exercises/01-iterators/range.ts"]')
          .getAttribute("href");
        assert.ok(href, "the range exercise links to its file");
        const stub = await page.request.get(new URL(href, page.url()).href);
        assert.equal(stub.status(), 200, `${href} is there`);
        // The skip link is the first Tab stop and lands in the content.
        await page.keyboard.press("Tab");
        assert.equal(await page.evaluate(() => document.activeElement?.className), "skip");
        assert.ok(await page.locator("a.skip").isVisible(), "the skip link shows when focused");
        await page.keyboard.press("Enter");
        assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
        await page.screenshot({ path: `${SCREENSHOTS}/lesson.png` });
        checkProblems("lesson");
      } finally {
        await ctx.close();
      }
    });

    await t.step("the playground's keys, errors, Stop, and every example as written", async () => {
      const { context: ctx, page } = await context("playground", { viewport: DESKTOP });
      try {
        await open(page, `${servers.isolated.url}playground.html`);
        // Skip link, then the picker, then Run.
        await page.keyboard.press("Tab");
        await page.keyboard.press("Enter");
        const stops: string[] = [];
        for (let i = 0; i < 3 && !stops.includes("run"); i++) {
          await page.keyboard.press("Tab");
          stops.push(await page.evaluate(() => document.activeElement?.id ?? ""));
        }
        assert.deepEqual(stops, ["preset", "run"], "two Tabs from the skip link to Run");
        // Tab indents in the editor; Escape leaves it.
        await page.focus("#editor");
        await page.evaluate(() => {
          const editor = document.getElementById("editor") as HTMLTextAreaElement;
          editor.setSelectionRange(0, 0);
        });
        const before = await page.inputValue("#editor");
        await page.keyboard.press("Tab");
        assert.equal(await page.inputValue("#editor"), `  ${before}`, "Tab indents");
        assert.equal(await page.evaluate(() => document.activeElement?.id), "editor");
        await page.keyboard.press("Escape");
        assert.equal(await page.evaluate(() => document.activeElement?.id), "run", "Esc leaves");

        // Errors name the program's own lines, never blob: URLs or minified frames.
        const thrown = await runCode(
          page,
          'import { run } from "groundup/kernel";\n\nawait run(function* main() {\n' +
            '  yield;\n  throw new Error("boom");\n});\n',
        );
        assert.match(thrown, /Error: boom\n {2}5 \| {3}throw new Error\("boom"\);\n/);
        assert.match(thrown, /at main \(program:5:9\)/);
        assert.match(thrown, /kernel\/kernel\.ts:\d+:\d+/, "kernel frames from the source map");
        assert.doesNotMatch(thrown, /blob:|kernel\.js:|runner_worker/);
        const syntax = await runCode(page, "const x = 1;\nconst y: number = 2;\n");
        assert.match(syntax, /SyntaxError: .*\(program:2:7\)\n {2}2 \| const y: number = 2;\n/);
        assert.match(syntax, /runs JavaScript/);
        // Stop ends a program that never yields, and says so once.
        await page.fill("#editor", "while (true) {}\n");
        await page.click("#run");
        await page.waitForSelector('#status[data-state="running"]');
        await page.click("#stop");
        assert.equal(await page.locator("#status").innerText(), "Stopped, as you pressed Stop.");
        assert.equal(
          (await page.locator("#output").innerText()).trim(),
          "(the runner Worker was terminated)",
        );

        // Every example shows its code as written: no compiler helpers, the lesson's own text.
        const presets: Preset[] = JSON.parse(await page.locator("#presets").textContent() ?? "[]");
        const titles = await page.locator("#preset option").allTextContents();
        assert.equal(new Set(titles).size, titles.length, `menu titles twice: ${titles}`);
        const sources = new Map(
          (await lessonPresets(
            ".",
            manifest.lessons,
            (code) => Promise.resolve(code),
            await browserKernelNames(),
          )).map((found) => [found.preset.id, found]),
        );
        // What the editor shows for each menu entry, read in the page in one go.
        const shownCode: Record<string, string> = await page.evaluate(() => {
          const picker = document.getElementById("preset") as HTMLSelectElement;
          const editor = document.getElementById("editor") as HTMLTextAreaElement;
          const shown: Record<string, string> = {};
          for (const option of picker.options) {
            picker.value = option.value;
            picker.dispatchEvent(new Event("change"));
            shown[option.value] = editor.value;
          }
          return shown;
        });
        assert.deepEqual(
          Object.keys(shownCode),
          presets.map((p) => p.id),
          "every preset is listed",
        );
        let fromLessons = 0;
        for (const preset of presets) {
          const shown = shownCode[preset.id];
          assert.equal(shown, preset.code, preset.id);
          assert.doesNotMatch(shown, /\b__[A-Za-z]+\b/, `${preset.id} shows helper code`);
          const source = sources.get(preset.id);
          if (source === undefined) continue;
          fromLessons++;
          assert.equal(notFromSource(shown, source.source, source.how), null, preset.id);
          if (/\busing\b/.test(source.source)) assert.match(shown, /\busing\b/, preset.id);
        }
        assert.equal(fromLessons, sources.size, "every lesson example is in the menu");
        assert.ok(fromLessons >= 20, `${fromLessons} lesson examples checked`);

        // Each lesson example that states its output prints just that here too (those
        // whose output follows the real clock are left to the lesson's own test).
        const timed = /clock:\s*"real"|setTimeout|setInterval|performance\.now|Date\.now|Worker/;
        let compared = 0;
        for (const preset of presets) {
          if (preset.expected === undefined || timed.test(preset.code)) continue;
          await runPreset(page, preset.id);
          // Why only the log lines: the lesson's block is the program's stdout, and
          // the output pane also shows stderr (a kernel's crash report, say) in red.
          const printed = (await page.locator("#output > .log").allTextContents()).join("");
          assert.equal(printed.trimEnd(), preset.expected.trimEnd(), `${preset.id} prints`);
          compared++;
        }
        assert.ok(compared >= 15, `${compared} lesson outputs compared`);
        checkProblems("playground");
      } finally {
        await ctx.close();
      }
    });

    await t.step(
      "a browser without service workers: Workers explained, the rest runs",
      async () => {
        const { context: ctx, page } = await context("no service worker", {
          viewport: PHONE,
          serviceWorkers: "block",
        });
        try {
          await open(page, `${servers.plain.url}playground.html#preset=asleep`);
          assert.equal(await page.evaluate("crossOriginIsolated"), false);
          assert.match(await page.locator("#isolation").innerText(), /Workers are off here/);
          await page.click("#run");
          assert.match(await page.locator("#status").innerText(), /Not run: this example needs/);
          assert.equal(await page.locator("#output").innerText(), "", "no output left above it");
          const output = await runPreset(page, "sleeping");
          assert.match(output, /slow woke at t=3/);
          await assertNoOverflow(page, "playground without Workers");
          checkProblems("no service worker");
        } finally {
          await ctx.close();
        }
      },
    );

    await t.step("the cheat sheets: one page per track, printed on one A4 sheet", async () => {
      const { context: ctx, page } = await context("print", { viewport: DESKTOP });
      try {
        for (const track of TRACKS) {
          await open(page, servers.isolated.url + sheetPage(track));
          assert.match(await page.locator("main h1").innerText(), new RegExp(track.title));
          assert.equal(
            await page.locator(".sheet-lesson table.pyjs").count(),
            lessonsOf(track, manifest.lessons).length,
            `${track.id}: a table for each lesson of the track`,
          );
          await page.emulateMedia({ media: "print" });
          assert.equal(await page.locator("header.top").isVisible(), false, "print hides the site");
          const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
          const pages = new TextDecoder("latin1").decode(pdf).match(/\/Type\s*\/Page[^s]/g)?.length;
          assert.equal(pages, 1, `${sheetPage(track)} prints on one page`);
          await page.emulateMedia({ media: null });
        }
        checkProblems("print");
      } finally {
        await ctx.close();
      }
    });
    console.log(
      `Screenshots: ${SCREENSHOTS}/playground_*.png, ${SCREENSHOTS}/lesson.png and others`,
    );
  } finally {
    await browser.close();
    await servers.isolated.stop();
    await servers.plain.stop();
  }
});
