/**
 * What the browser test (`e2e_test.ts`) stands on: the two servers it
 * serves `dist/` from, a guard that fails on any console error or failed
 * request, and the facts it reads in a page (overflow, timeline layout,
 * axe-core's WCAG findings). The in-page functions are passed to
 * `page.evaluate`, so each is self-contained: no imports, no closures.
 *
 * @module
 */

import { extname, join, normalize } from "node:path";
// deno-lint-ignore no-import-prefix
import type { Page } from "npm:playwright-core@1.65.1";

/** A running server. */
export interface Server {
  /** Its URL, ending in `/`. */
  url: string;
  /** Stop it and wait until it has. */
  stop(): Promise<void>;
}

/** Start the `serve` task's own command (its permissions, not ours) on a free port. */
export async function startIsolatedServer(): Promise<Server> {
  const tasks = JSON.parse(await Deno.readTextFile("deno.json")).tasks;
  const [command, ...args] = (tasks.serve.command as string).split(/\s+/);
  const child = new Deno.Command(command, {
    args: [...args, "--port", "0"],
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

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

/**
 * A plain static server, like GitHub Pages: files and their types, nothing
 * else (no COOP, COEP or CORP headers, no compression).
 */
export function startPlainServer(root: string): Promise<Server> {
  const { promise, resolve } = Promise.withResolvers<Server>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) =>
      resolve({ url: `http://127.0.0.1:${port}/`, stop: () => server.shutdown() }),
  }, async (request) => {
    let path = decodeURIComponent(new URL(request.url).pathname);
    if (path.endsWith("/")) path += "index.html";
    const relative = normalize(path).replace(/^\/+/, "");
    try {
      if (relative.startsWith("..")) throw new Deno.errors.NotFound();
      const body = await Deno.readFile(join(root, relative));
      return new Response(body, {
        headers: { "Content-Type": TYPES[extname(relative)] ?? "application/octet-stream" },
      });
    } catch {
      return new Response("Not found\n", { status: 404 });
    }
  });
  return promise;
}

/**
 * Collect everything that went wrong in a page: console errors, uncaught
 * errors, failed requests, and responses of 400 or more.
 */
export function guard(page: Page, name: string, problems: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${name}: console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${name}: uncaught: ${error}`));
  page.on("requestfailed", (request) => {
    const error = request.failure()?.errorText ?? "";
    // Chromium fetches a page's icon after it loads, and drops the fetch when the test
    // moves on to the next page; a missing icon still shows as a 404 below.
    if (/\/favicon\.(svg|ico)$/.test(request.url()) && /ERR_ABORTED/.test(error)) return;
    problems.push(`${name}: request failed: ${request.url()} ${error}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.push(`${name}: ${response.status()} for ${response.url()}`);
    }
  });
}

/** What {@linkcode overflowFacts} finds. */
export interface OverflowFacts {
  /** The viewport's width. */
  width: number;
  /** How wide the page can be scrolled. */
  scrollWidth: number;
  /** Elements that reach past the viewport without a scroll box around them. */
  outside: string[];
}

/** In the page: does anything stick out sideways? */
export function overflowFacts(): OverflowFacts {
  const width = document.documentElement.clientWidth;
  const name = (el: Element) =>
    el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") +
    (el.classList.length ? `.${[...el.classList].join(".")}` : "");
  const clipped = (el: Element) => {
    for (let p = el.parentElement; p !== null && p !== document.body; p = p.parentElement) {
      if (/auto|scroll|hidden|clip/.test(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const outside: string[] = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > width + 0.5 || r.left < -0.5) && !clipped(el)) {
      outside.push(`${name(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return { width, scrollWidth: document.documentElement.scrollWidth, outside: outside.slice(0, 8) };
}

/** What {@linkcode timelineFacts} finds in one run's picture. */
export interface TimelineFacts {
  /** `g.lane` elements. */
  lanes: number;
  /** The section's `data-tasks`. */
  tasks: number;
  /** Ruler labels, in order. */
  ticks: string[];
  /** Ruler labels that overlap the next one. */
  overlapping: string[];
  /** Text that reaches outside the picture. */
  cutOff: string[];
  /** Lane labels that reach into the first column. */
  intoColumns: string[];
  /** Computed fill of the run bars, and the legend key's background. */
  runFills: string[];
  /** The legend's run key colour. */
  legendRun: string;
}

/** In the page: the layout facts of every run's timeline. */
export function timelineFacts(): TimelineFacts[] {
  const legend = document.querySelector(".legend .key.run");
  const legendRun = legend === null ? "" : getComputedStyle(legend).backgroundColor;
  return [...document.querySelectorAll<HTMLElement>(".run-view")].map((view) => {
    const svg = view.querySelector<SVGSVGElement>("svg.timeline")!;
    const width = Number(svg.getAttribute("width"));
    const box = (el: Element) => (el as SVGGraphicsElement).getBBox();
    const ticks = [...svg.querySelectorAll(".tick-label")];
    const overlapping: string[] = [];
    for (let i = 0; i + 1 < ticks.length; i++) {
      const a = box(ticks[i]), b = box(ticks[i + 1]);
      if (a.x + a.width > b.x) {
        overlapping.push(`${ticks[i].textContent}|${ticks[i + 1].textContent}`);
      }
    }
    const cutOff = [...svg.querySelectorAll("text")].filter((t) => {
      const b = box(t);
      return b.x < 0 || b.x + b.width > width;
    }).map((t) => t.textContent ?? "");
    const firstColumn = Math.min(
      ...[...svg.querySelectorAll("rect.run, line.ready, g.blocked rect")].map((el) => box(el).x),
    );
    const intoColumns = [...svg.querySelectorAll(".lane-label")].filter((t) => {
      const b = box(t);
      return b.x + b.width > firstColumn;
    }).map((t) => t.textContent ?? "");
    const runFills = [
      ...new Set([...svg.querySelectorAll("rect.run")].map((r) => getComputedStyle(r).fill)),
    ];
    return {
      lanes: svg.querySelectorAll("g.lane").length,
      tasks: Number(view.dataset.tasks),
      ticks: ticks.map((t) => t.textContent ?? ""),
      overlapping,
      cutOff,
      intoColumns,
      runFills,
      legendRun,
    };
  });
}

/** One axe-core violation, shortened. */
export interface Violation {
  /** The rule. */
  id: string;
  /** Where, and what axe says. */
  nodes: string[];
}

/**
 * Run axe-core (WCAG 2.x A and AA, and axe's best practices) in `page` and
 * return what it found. Loaded here, so a machine that skips the browser
 * test never fetches it.
 */
export async function axeViolations(page: Page): Promise<Violation[]> {
  // deno-lint-ignore no-import-prefix
  const { default: axe } = await import("npm:axe-core@4.14.1");
  if (!(await page.evaluate("typeof axe === 'object'"))) await page.evaluate(axe.source);
  return await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const result = await (globalThis as any).axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
      resultTypes: ["violations"],
    });
    // deno-lint-ignore no-explicit-any
    return result.violations.map((v: any) => ({
      id: v.id,
      // deno-lint-ignore no-explicit-any
      nodes: v.nodes.slice(0, 3).map((n: any) =>
        `${n.target.join(" ")}: ${n.any[0]?.message ?? n.all[0]?.message ?? v.help}`
      ),
    }));
  });
}

/** In the page: the relative luminance of `main`'s background (0 black, 1 white). */
export function mainLuminance(): number {
  const [r, g, b] = getComputedStyle(document.querySelector("main")!).backgroundColor
    .match(/[\d.]+/g)!.slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The names a playground program can import: what the browser bundles
 * export (`kernel.js`, `network.js`, `workers.js`), read from their entries.
 */
export async function browserKernelNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const entry of ["kernel_entry", "network_entry", "workers_entry"]) {
    for (const name of Object.keys(await import(`./browser/${entry}.ts`))) names.add(name);
  }
  return names;
}
