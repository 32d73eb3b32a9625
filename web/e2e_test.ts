/**
 * The exported site in a real browser: Debian's Chromium, driven by
 * `playwright-core` (no browser download). It builds the site with
 * `deno task export`, starts the `serve` task's command on a free port,
 * opens a lesson and the playground, runs kernel examples (round robin,
 * cancel and timeout, the memory-network echo server) and the `asleep`
 * example in Workers, checks the output and the timeline that appear, checks
 * that a host without COOP/COEP gets an explanation instead of a failure,
 * checks that each track's cheat sheet prints on one A4 page,
 * and saves screenshots under `.out/`, printing their paths.
 *
 * Without `/usr/bin/chromium` (or without the permissions to run it) the
 * test is skipped, and says why. Install: `apt-get install -y chromium`;
 * `.ci/run` does it on Linux.
 *
 * @module
 */

import assert from "node:assert/strict";
import { manifest } from "../runner/manifest.ts";
import { sheetPage, TRACKS } from "./cheatsheet.ts";

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
const SCREENSHOTS = ".out";

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

/** Start the `serve` task's own command (its permissions, not ours) on a free port. */
async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const tasks = JSON.parse(await Deno.readTextFile("deno.json")).tasks;
  const [command, ...args] = (tasks.serve.command as string).split(/\s+/);
  const child = new Deno.Command(command, {
    args: [...args, "--port=0"],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  for (;;) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`The server exited before listening:\n${seen}`);
    seen += value;
    const url = /Serving dist\/ on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(seen)?.[1];
    // The server says so on its second line: wait for it.
    if (url !== undefined && /Cross-Origin-Opener-Policy: same-origin/.test(seen)) {
      const drain = (async () => {
        while (!(await lines.read()).done) { /* keep the pipe flowing */ }
      })();
      return {
        url,
        async stop() {
          child.kill("SIGTERM");
          await child.status;
          await drain;
        },
      };
    }
  }
}

Deno.test({
  name: "the exported site works in Chromium: a lesson, the playground, workers",
  ignore: skip !== null,
  sanitizeOps: true,
  sanitizeResources: true,
}, async (t) => {
  await exportSite();
  const server = await startServer();
  // Loaded here, not at the top: a machine that skips this test never fetches it.
  // deno-lint-ignore no-import-prefix
  const { chromium } = await import("npm:playwright-core@1.65.1");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(String(error)));

    await t.step("a lesson page: text, navigation, highlighting, exercise links", async () => {
      await page.goto(`${server.url}01-iterators.html`);
      assert.match(await page.locator("main h1").first().innerText(), /Iterables and iterators/);
      const nav = await page.locator("nav.lessons li a").allInnerTexts();
      assert.deepEqual(
        nav.map((text) => text.replace(/\s+/g, " ").trim()),
        manifest.lessons.map((l) => `${l.dir.split("-")[0]} ${l.title}`),
        "the navigation lists every lesson in manifest order",
      );
      assert.ok(await page.locator("pre code .hljs-keyword").count() > 10, "code is highlighted");
      assert.ok(await page.locator("figure.output").count() > 3, "outputs are shown");
      const href = await page.locator('li.exercise a[href$="exercises/01-iterators/range.ts"]')
        .getAttribute("href");
      assert.ok(href, "the range exercise links to its file");
      const stub = await page.request.get(new URL(href, page.url()).href);
      assert.equal(stub.status(), 200, `${href} is there`);
      await page.screenshot({ path: `${SCREENSHOTS}/lesson.png` });
    });

    await t.step("the cheat sheets: one page per track, printed on one A4 sheet", async () => {
      for (const track of TRACKS) {
        await page.goto(`${server.url}${sheetPage(track)}`);
        assert.match(await page.locator("main h1").innerText(), new RegExp(track.title));
        assert.ok(await page.locator(".sheet-lesson table.pyjs").count() >= 4, track.id);
        await page.emulateMedia({ media: "print" });
        assert.equal(await page.locator("header.top").isVisible(), false, "print hides the site");
        const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
        const pages = new TextDecoder("latin1").decode(pdf).match(/\/Type\s*\/Page[^s]/g)?.length;
        assert.equal(pages, 1, `${sheetPage(track)} prints on one page`);
        if (track.id === "kernel") {
          await page.screenshot({ path: `${SCREENSHOTS}/cheatsheet.png`, fullPage: true });
        }
        await page.emulateMedia({ media: null });
      }
    });

    await page.goto(`${server.url}playground.html`);
    assert.equal(await page.evaluate("crossOriginIsolated"), true);
    assert.match(await page.locator("#isolation").innerText(), /Workers are on/);

    const runPreset = async (id: string, timeout = 10_000) => {
      await page.selectOption("#preset", id);
      await page.click("#run");
      await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', {
        timeout,
      });
      const status = await page.locator("#status").innerText();
      const output = await page.locator("#output").innerText();
      assert.equal(
        await page.locator("#status").getAttribute("data-state"),
        "done",
        `${status}\n${output}`,
      );
      return output;
    };
    const lanes = (run = 1) => page.locator(`.run-view[data-run="${run}"] g.lane`);
    const marks = (kind: string) => page.locator(`.run-view [data-kind="${kind}"]`);

    await t.step("a kernel example: round robin, one lane per task", async () => {
      const output = await runPreset("round-robin");
      assert.match(output, /a T-minus 3\nb T-minus 2\na T-minus 2/);
      assert.match(output, /\[ "a done", "b done" \]/);
      assert.equal(await lanes().count(), 3, "main, a and b");
      assert.ok(await marks("run").count() >= 8, "every step is drawn");
      assert.ok(await marks("blocked").count() >= 1, "main waits in join");
      assert.equal(await marks("exit").count(), 3);
      assert.match(await page.locator("#trace").textContent() ?? "", /^0 spawn 1 main parent=null/);
    });

    await t.step("cancellation, timeouts and the virtual clock", async () => {
      const output = await runPreset("cancel-timeout");
      assert.match(
        output,
        /worker: cleaning up\nmain: cancel delivered\? true\nmain: timed out\? true/,
      );
      assert.equal(await marks("cancel").count(), 2, "cancel(task), then the deadline's");
      const waits = await page.locator(".run-view .blocked title").allTextContents();
      assert.ok(waits.some((w) => w.includes("sleep 60s")), waits.join("; "));
      const ticks = await page.locator(".run-view .tick-label").allTextContents();
      assert.ok(ticks.includes("t=1") && ticks.includes("t=3"), `the ruler: ${ticks}`);
    });

    await t.step("errors are drawn where a task threw", async () => {
      const output = await runPreset("errors");
      assert.match(output, /caught: task with n=2 broke/);
      assert.equal(await marks("error").count(), 1);
    });

    await t.step("the memory network stands in for TCP", async () => {
      const output = await runPreset("echo-memory");
      assert.match(output, /alice got back: hello, kernel/);
      assert.match(output, /bob got back: bytes in order/);
      const waits = await page.locator(".run-view .blocked title").allTextContents();
      assert.ok(waits.some((w) => w.includes("readWait")), "tasks wait for bytes");
    });

    await t.step("asleep: blocking sleeps in pool Workers overlap", async () => {
      const output = await runPreset("asleep", 20_000);
      for (let n = 1; n <= 5; n++) assert.match(output, new RegExp(`sleeper ${n} woke`));
      const took = Number(/took ([\d.]+) s/.exec(output)?.[1]);
      assert.ok(took < 2.5, `five 0.5 s sleeps overlapped: ${took} s`);
      assert.equal(await lanes().count(), 6, "main and five sleepers");
      const waits = await page.locator(".run-view .blocked title").allTextContents();
      assert.ok(waits.filter((w) => w.includes("waits: future")).length >= 5, waits.join("; "));
      await page.screenshot({ path: `${SCREENSHOTS}/playground_asleep.png`, fullPage: true });
    });

    await t.step("the final screenshot: a kernel run's timeline", async () => {
      await runPreset("cancel-timeout");
      await page.locator(".timeline-pane").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOTS}/playground.png`, fullPage: true });
      console.log(
        `Screenshots: ${SCREENSHOTS}/playground.png, ${SCREENSHOTS}/playground_asleep.png, ` +
          `${SCREENSHOTS}/lesson.png, ${SCREENSHOTS}/cheatsheet.png`,
      );
    });

    await t.step("a host without COOP/COEP: workers explained, not broken", async () => {
      const plain = await browser.newPage();
      await plain.route("**/*", async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers["cross-origin-opener-policy"];
        delete headers["cross-origin-embedder-policy"];
        await route.fulfill({ response, headers });
      });
      await plain.goto(`${server.url}playground.html#preset=asleep`);
      assert.equal(await plain.evaluate("crossOriginIsolated"), false);
      assert.match(await plain.locator("#isolation").innerText(), /Workers are off here/);
      await plain.click("#run");
      assert.match(
        await plain.locator("#status").innerText(),
        /Not run: this example needs Workers/,
      );
      await plain.selectOption("#preset", "sleeping");
      await plain.click("#run");
      await plain.waitForSelector('#status[data-state="done"]');
      assert.match(await plain.locator("#output").innerText(), /slow woke at t=3/);
      await plain.close();
    });

    assert.deepEqual(problems, [], "no uncaught errors in the pages");
  } finally {
    await browser.close();
    await server.stop();
  }
});
