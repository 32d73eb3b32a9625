/**
 * The checks the browser test (`e2e_test.ts`) runs in its pages: open a
 * page and wait for it to settle, run an example, and assert the layout,
 * timeline and accessibility facts; {@linkcode checkCombo} is everything
 * one server, size and theme must show.
 *
 * @module
 */

import assert from "node:assert/strict";
// deno-lint-ignore no-import-prefix
import type { Page } from "npm:playwright-core@1.65.1";
import { manifest } from "../runner/manifest.ts";
import { sheetPage, TRACKS } from "./cheatsheet.ts";
import { axeViolations, mainLuminance, overflowFacts, timelineFacts } from "./e2e_support.ts";

/** Where screenshots go, for people to look at (nothing compares them). */
export const SCREENSHOTS = ".out";
/** The two viewports. */
export const DESKTOP = { width: 1360, height: 1000 };
/** A phone, as the issue measured it. */
export const PHONE = { width: 390, height: 844 };

export const PAGES = [
  "index.html",
  ...manifest.lessons.map((lesson) => `${lesson.dir}.html`),
  "playground.html",
  ...TRACKS.map(sheetPage),
];

/** Open a page and wait until its scripts have settled. */
export async function open(page: Page, url: string): Promise<void> {
  // The stylesheet and page.js have run by then (a module script waits for styles).
  await page.goto(url, { waitUntil: "domcontentloaded" });
  if (/playground\.html/.test(url)) {
    // On a host without the headers the page reloads once, through its service worker.
    await page.waitForSelector('html[data-isolation="on"], html[data-isolation="off"]');
  }
}

export async function assertNoOverflow(page: Page, what: string): Promise<void> {
  const facts = await page.evaluate(overflowFacts);
  assert.ok(
    facts.scrollWidth <= facts.width && facts.outside.length === 0,
    `${what} at ${facts.width} px scrolls sideways (${facts.scrollWidth} px): ${facts.outside}`,
  );
}

export async function assertAccessible(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(
    violations,
    [],
    `${what}: axe-core found\n${
      violations.map((v) => `${v.id}: ${v.nodes.join("; ")}`).join("\n")
    }`,
  );
}

export async function runPreset(page: Page, id: string): Promise<string> {
  await page.selectOption("#preset", id);
  await page.click("#run");
  await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]');
  const output = await page.locator("#output").innerText();
  const state = await page.locator("#status").getAttribute("data-state");
  assert.equal(state, "done", `${id}: ${await page.locator("#status").innerText()}\n${output}`);
  return output;
}

/** Run `code` as typed into the editor; returns what the output pane shows. */
export async function runCode(page: Page, code: string, state = "error"): Promise<string> {
  await page.fill("#editor", code);
  await page.click("#run");
  await page.waitForSelector(`#status[data-state="${state}"]`);
  return await page.locator("#output").innerText();
}

export async function assertTimelines(page: Page, what: string, runs: number): Promise<void> {
  const facts = await page.evaluate(timelineFacts);
  assert.equal(facts.length, runs, `${what}: ${runs} run(s) drawn`);
  const trace = await page.locator("#trace").textContent() ?? "";
  const spawned = trace.split("\n").filter((line) => /^\S+ spawn /.test(line)).length;
  assert.equal(facts.at(-1)!.lanes, spawned, `${what}: one lane per task the trace spawned`);
  for (const [i, run] of facts.entries()) {
    const name = `${what}, run ${i + 1}`;
    assert.equal(run.lanes, run.tasks, `${name}: lanes = the tasks the header counts`);
    assert.ok(run.ticks.length >= 1, `${name}: the ruler is labelled`);
    assert.deepEqual(run.overlapping, [], `${name}: ruler labels overlap`);
    for (const tick of run.ticks) assert.match(tick, /^t=\d+(\.\d*[1-9])?$/, name);
    assert.deepEqual(run.cutOff, [], `${name}: text cut off at the edge`);
    assert.deepEqual(run.intoColumns, [], `${name}: lane labels run into the steps`);
    assert.deepEqual(run.runFills, [run.legendRun], `${name}: the legend's colour is the bars'`);
  }
}

export interface Combo {
  server: "isolated" | "plain";
  size: typeof DESKTOP;
  scheme: "light" | "dark";
}

/** The content pages each combination also opens (the sweeps open every page). */
export const CONTENT = ["index.html", "08-blocking.html", sheetPage(TRACKS[1])];

/**
 * One server, size and theme: the playground runs a virtual-clock example
 * and a Worker example, and its layout, timeline and accessibility facts
 * hold; then the content pages' layout (and, on the isolated server, their
 * accessibility).
 */
export async function checkCombo(page: Page, combo: Combo, base: string): Promise<void> {
  const name = `${combo.server} server, ${combo.size.width}×${combo.size.height}, ${combo.scheme}`;
  if (combo.server === "plain" && combo.scheme === "light") {
    // A first visit where Run is pressed before Workers are on (the page has yet to
    // register its service worker and reload): the run happens after the reload.
    await page.addInitScript(() => {
      document.addEventListener("DOMContentLoaded", () => {
        if (sessionStorage.getItem("e2e:clicked") !== null) return;
        sessionStorage.setItem("e2e:clicked", document.documentElement.dataset.isolation ?? "");
        document.getElementById("run")!.click();
      });
    });
    await page.goto(`${base}playground.html#preset=asleep`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]');
    assert.match(await page.locator("#output").innerText(), /sleeper 5 woke/, name);
    const clickedWhen = await page.evaluate(() => sessionStorage.getItem("e2e:clicked"));
    assert.equal(clickedWhen, "", `${name}: Run was pressed before isolation was settled`);
  }
  await open(page, `${base}playground.html#preset=cancel-timeout`);
  assert.equal(await page.evaluate("crossOriginIsolated"), true, `${name}: isolated`);
  assert.match(
    await page.locator("#isolation").innerText(),
    combo.server === "plain" ? /Workers are on.*through a service worker/ : /Workers are on/,
  );
  const luminance = await page.evaluate(mainLuminance);
  if (combo.scheme === "dark") assert.ok(luminance < 0.05, `${name}: dark (${luminance})`);
  else assert.ok(luminance > 0.9, `${name}: light (${luminance})`);

  const kernel = await runPreset(page, "cancel-timeout");
  assert.match(
    kernel,
    /worker: cleaning up\nmain: cancel delivered\? true\nmain: timed out\? true/,
  );
  await assertTimelines(page, `${name}, cancel-timeout`, 1);
  const ticks = await page.locator(".run-view .tick-label").allTextContents();
  assert.ok(ticks.includes("t=1") && ticks.includes("t=3"), `the ruler: ${ticks}`);
  assert.equal(
    await page.locator('.run-view [data-kind="cancel"]').count(),
    2,
    "cancel(task), then the deadline's",
  );

  // Switching clears what the last example left.
  await page.selectOption("#preset", "asleep");
  assert.equal(await page.locator("#output").innerText(), "", `${name}: output cleared`);
  assert.equal(await page.locator(".run-view").count(), 0, `${name}: schedule cleared`);
  assert.equal(await page.locator("#trace").textContent(), "", `${name}: trace cleared`);
  assert.match(await page.locator("#status").innerText(), /^Ready/);

  const workers = await runPreset(page, "asleep");
  for (let n = 1; n <= 5; n++) assert.match(workers, new RegExp(`sleeper ${n} woke`));
  await assertTimelines(page, `${name}, asleep`, 1);
  // The sleeps overlapped: all five waited before any woke (order, not time).
  const trace = (await page.locator("#trace").textContent() ?? "").split("\n");
  const blocks = trace.filter((line) => / block \d+ future/.test(line)).length;
  const lastBlock = trace.findLastIndex((line) => / block \d+ future/.test(line));
  const firstWake = trace.findIndex((line) => / wake \d+ future/.test(line));
  assert.equal(blocks, 5, `${name}: five sleepers waited on futures`);
  assert.ok(lastBlock < firstWake, `${name}: every sleeper blocked before the first woke`);
  await assertNoOverflow(page, `playground (${name})`);
  // axe is slow: each size and theme once for the playground, alternating the servers,
  // and the content pages (which no server changes) in light on a desktop, dark on a phone.
  const dark = combo.scheme === "dark";
  if ((combo.server === "plain") === dark) await assertAccessible(page, `playground (${name})`);
  const axeContent = combo.server === "isolated" && (combo.size === PHONE) === dark;
  if (axeContent) {
    await page.screenshot({
      path: `${SCREENSHOTS}/playground_${combo.size.width}_${combo.scheme}.png`,
      fullPage: true,
    });
  }

  // The content pages do not depend on the server (the desktop sweep opens them all on
  // the plain one): here, on the isolated one.
  for (const path of combo.server === "isolated" ? CONTENT : []) {
    await open(page, base + path);
    await assertNoOverflow(page, `${path} (${name})`);
    const menu = page.locator("header.top button.menu");
    const list = page.locator("#lesson-nav");
    if (combo.size === PHONE) {
      assert.ok(await menu.isVisible(), `${path} (${name}): the menu button shows`);
      assert.equal(await list.isVisible(), false, `${path} (${name}): the lesson list folds`);
      const top = (await page.locator("main h1").first().boundingBox())!.y;
      assert.ok(top < 220, `${path} (${name}): the text starts near the top (y=${top})`);
    } else {
      assert.equal(await menu.isVisible(), false, `${path} (${name}): no menu button`);
      assert.ok(await list.isVisible(), `${path} (${name}): the lesson list shows`);
    }
    if (path.startsWith("cheatsheet")) {
      const spill = await page.evaluate(() =>
        [...document.querySelectorAll(".sheet-lesson")].filter((lesson) => {
          const box = lesson.getBoundingClientRect();
          return [...lesson.querySelectorAll("table, ul, p, h2")].some((el) =>
            el.getBoundingClientRect().right > box.right + 0.5
          );
        }).map((lesson) => lesson.id)
      );
      assert.deepEqual(spill, [], `${path} (${name}): nothing reaches past its column`);
    }
    if (axeContent) await assertAccessible(page, `${path} (${name})`);
    if (axeContent && path !== "index.html") {
      await page.screenshot({
        path: `${SCREENSHOTS}/${path.replace(".html", "")}_${combo.size.width}_${combo.scheme}.png`,
      });
    }
  }
}
