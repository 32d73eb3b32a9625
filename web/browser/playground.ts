/// <reference lib="dom" />
/**
 * The playground page: pick or write a program, Run it in a fresh runner
 * Worker, and watch its output and its schedule timeline arrive.
 *
 * The page reads its presets from the `#presets` JSON block the export
 * writes. It makes itself cross-origin isolated first (`isolation.ts`: the
 * headers of `deno task serve`, or a service worker elsewhere); only where
 * that cannot work are the worker-pool presets disabled, with a note that
 * says why.
 *
 * Until isolation is settled (a first visit to a static host registers the
 * service worker and reloads once), Run waits; the example picked, the
 * code and a pending Run are carried over the reload, so nothing typed or
 * clicked is lost.
 *
 * What is on screen always belongs to the example picked: switching stops
 * a run and clears the output, the schedule and the status. Errors name the
 * program's own lines (`program:6:9`, with the line shown), and a program
 * that does not parse is located by {@linkcode locateSyntaxError}.
 *
 * @module
 */

import { formatTrace, type TraceEvent } from "../../kernel/trace.ts";
import { isolate, type Isolation } from "./isolation.ts";
import type { FromRunner } from "./runner_worker.ts";
import { markScrollable } from "./scroll_boxes.ts";
import { codeFrame } from "./stack.ts";
import { buildTimeline, esc } from "./timeline.ts";
import { formatTime, renderTimeline } from "./timeline_svg.ts";

/** One program in the example menu (written by the export as JSON). */
export interface Preset {
  /** Stable id, used in the page's `#preset=` hash. */
  id: string;
  /** Menu title. */
  title: string;
  /** Where it comes from: `"playground"` or `"lesson 05"`. */
  origin: string;
  /** The program (JavaScript). */
  code: string;
  /** What the lesson says it prints, when it comes from a lesson. */
  expected?: string;
  /** Needs Workers with `SharedArrayBuffer` (cross-origin isolation). */
  needsWorkers: boolean;
}

interface RunView {
  clock: string;
  events: TraceEvent[];
  truncated: boolean;
  section: HTMLElement;
}

const RUN_LIMIT_MS = 30_000;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const presets: Preset[] = JSON.parse($("presets").textContent ?? "[]");
const picker = $<HTMLSelectElement>("preset");
const editor = $<HTMLTextAreaElement>("editor");
const runButton = $<HTMLButtonElement>("run");
const stopButton = $<HTMLButtonElement>("stop");
const output = $<HTMLPreElement>("output");
const expected = $<HTMLDetailsElement>("expected");
const status = $<HTMLElement>("status");
const timelines = $<HTMLElement>("timelines");
const traceText = $<HTMLPreElement>("trace");
const note = $<HTMLElement>("isolation");
let isolated = false;
/** `null` until isolation is settled; Run waits for it. */
let isolation: Isolation | null = null;
let runRequested = false;
const RESUME = "groundup:playground-resume";

let runner: Worker | null = null;
let watchdog: ReturnType<typeof setTimeout> | undefined;
let runs = new Map<number, RunView>();
let drawQueued = false;

function showIsolation(isolation: Isolation): void {
  document.documentElement.dataset.isolation = isolation.state;
  isolated = isolation.state === "on" && typeof SharedArrayBuffer === "function";
  for (const option of picker.options) {
    const preset = presets.find((p) => p.id === option.value)!;
    option.text = preset.needsWorkers && isolation.state === "off"
      ? `${preset.title} (needs workers: off here)`
      : preset.title;
  }
  note.hidden = false;
  note.className = isolation.state === "on" ? "note ok" : "note warn";
  if (isolation.state === "on") {
    note.innerHTML = "Workers are on: this page is cross-origin isolated" +
      (isolation.via === "service worker"
        ? " (through a service worker, as this host does not send the headers itself)"
        : "") +
      ", so <code>SharedArrayBuffer</code>, the worker pool and <code>asleep</code> run here.";
  } else if (isolation.state === "reload") {
    note.textContent = "Turning Workers on: reloading once through a service worker…";
  } else {
    note.innerHTML = "Workers are off here: this host does not send the " +
      "<code>Cross-Origin-Opener-Policy</code> and <code>Cross-Origin-Embedder-Policy</code> " +
      `headers, and ${esc(isolation.why)}. So the page has no <code>SharedArrayBuffer</code>, ` +
      "and the worker-pool and <code>asleep</code> examples are disabled; everything else " +
      "runs. To run them, clone the course and use " +
      "<code>deno task export &amp;&amp; deno task serve</code>.";
  }
}

function init(): void {
  let group: HTMLOptGroupElement | null = null;
  for (const preset of presets) {
    if (group?.label !== preset.origin) {
      group = document.createElement("optgroup");
      group.label = preset.origin;
      picker.append(group);
    }
    group.append(new Option(preset.title, preset.id));
  }
  const wanted = new URLSearchParams(location.hash.slice(1)).get("preset");
  select(presets.find((p) => p.id === wanted) ?? presets[0]);
  picker.addEventListener("change", () => {
    select(presets.find((p) => p.id === picker.value)!);
    history.replaceState(null, "", `#preset=${picker.value}`);
  });
  runButton.addEventListener("click", start);
  stopButton.addEventListener("click", () => stop("you pressed Stop"));
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      start();
    } else if (event.key === "Escape") {
      // The editor keeps Tab for indenting; Escape is the way out.
      event.preventDefault();
      runButton.focus();
    } else if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.altKey) {
      event.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
    }
  });
}

/** Show `preset`, and nothing left over from the one before. */
function select(preset: Preset | undefined): void {
  if (preset === undefined) return;
  stop(null);
  clearRun();
  picker.value = preset.id;
  editor.value = preset.code;
  editor.scrollTop = 0;
  expected.hidden = preset.expected === undefined;
  expected.open = false;
  $("expected-text").textContent = preset.expected ?? "";
  readyStatus(preset);
}

function readyStatus(preset: Preset): void {
  setStatus(
    "idle",
    preset.needsWorkers && isolation?.state === "off"
      ? "This example needs Workers with SharedArrayBuffer, which are off on this host (see above)."
      : "Ready: press Run (or Ctrl+Enter in the editor).",
  );
}

function clearRun(): void {
  output.textContent = "";
  timelines.innerHTML = `<p class="empty">Run a program to see its schedule.</p>`;
  traceText.textContent = "";
  runs = new Map();
}

function setStatus(state: string, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

function start(): void {
  stop(null);
  clearRun();
  if (isolation === null || isolation.state === "reload") {
    runRequested = true;
    setStatus("running", "Turning Workers on first: the run starts in a moment…");
    return;
  }
  const preset = presets.find((p) => p.id === picker.value);
  if (preset?.needsWorkers && !isolated && editor.value === preset.code) {
    setStatus(
      "error",
      "Not run: this example needs Workers with SharedArrayBuffer (see the note above).",
    );
    return;
  }
  timelines.textContent = "";
  const code = editor.value;
  const worker = new Worker(new URL("./runner_worker.js", import.meta.url), {
    type: "module",
    name: "playground runner",
  });
  runner = worker;
  worker.onmessage = (event: MessageEvent<FromRunner>) => {
    if (runner === worker) receive(event.data, code);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    if (runner === worker) finish(false, event.message || "The runner Worker failed to start");
  };
  runButton.disabled = true;
  stopButton.disabled = false;
  setStatus("running", "Running…");
  watchdog = setTimeout(
    () => stop(`it was still running after ${RUN_LIMIT_MS / 1000} s`),
    RUN_LIMIT_MS,
  );
  worker.postMessage({ type: "run", code });
}

/** End the run; with a reason, say on screen that it was stopped and why. */
function stop(why: string | null): void {
  clearTimeout(watchdog);
  if (runner === null) return;
  runner.terminate();
  runner = null;
  runButton.disabled = false;
  stopButton.disabled = true;
  if (why !== null) {
    print("error", "(the runner Worker was terminated)");
    drawNow();
    setStatus("error", `Stopped, as ${why}.`);
  }
}

function receive(message: FromRunner, code: string): void {
  switch (message.type) {
    case "log":
      return print(message.level, message.text);
    case "run-start": {
      const section = document.createElement("section");
      section.className = "run-view";
      section.dataset.run = String(message.run);
      section.setAttribute("aria-label", `run ${message.run}`);
      timelines.append(section);
      runs.set(message.run, { clock: message.clock, events: [], truncated: false, section });
      return draw();
    }
    case "events":
      runs.get(message.run)?.events.push(...message.events);
      return draw();
    case "truncated":
      runs.get(message.run)!.truncated = true;
      return draw();
    case "done":
      if (!message.ok && message.syntax) {
        locateSyntaxError(code).then((where) => finish(false, where ?? message.error));
        return;
      }
      return finish(message.ok, message.ok ? "" : message.error);
  }
}

function finish(ok: boolean, error: string): void {
  if (!ok) print("error", error);
  stop(null);
  drawNow();
  const n = runs.size;
  setStatus(
    ok ? "done" : "error",
    `${ok ? "Finished" : "Failed"}: ${n} kernel run${n === 1 ? "" : "s"}, ${
      [...runs.values()].reduce((sum, r) => sum + r.events.length, 0)
    } trace events.`,
  );
}

function print(level: string, text: string): void {
  const line = document.createElement("span");
  line.className = level;
  line.textContent = text + "\n";
  output.append(line);
}

function draw(): void {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(drawNow);
}

function drawNow(): void {
  drawQueued = false;
  for (const [n, view] of runs) {
    const timeline = buildTimeline(view.events, { minGap: view.clock === "virtual" ? 0 : 0.005 });
    const more = view.truncated ? " (recording stopped at the event limit)" : "";
    const tasks = timeline.lanes.length;
    view.section.dataset.tasks = String(tasks);
    view.section.innerHTML = `<h3>run ${n} <small>${esc(view.clock)} clock · ${tasks} ` +
      `task${tasks === 1 ? "" : "s"} · ${timeline.runs} steps · ended at t=${
        formatTime(timeline.endTime)
      }${more}</small></h3><div class="svg-wrap">${
        renderTimeline(timeline, { clock: view.clock, width: timelines.clientWidth - 2 })
      }</div>`;
  }
  const last = [...runs.values()].at(-1);
  traceText.textContent = last === undefined ? "" : formatTrace(last.events.slice(0, 2000));
  markScrollable(document.querySelector(".timeline-pane") ?? document);
}

/**
 * Where a program that does not parse goes wrong, as an error text with the
 * line shown, or `null` if the browser does not say. Why here: a module
 * Worker reports no place for a syntax error, while a page reports one for
 * a module script (to `window`'s `error` event). The script is run after a
 * first line `throw 0;`, so even code that does parse never runs here.
 */
function locateSyntaxError(code: string): Promise<string | null> {
  const url = URL.createObjectURL(new Blob([`throw 0;\n${code}`], { type: "text/javascript" }));
  const script = document.createElement("script");
  script.type = "module";
  script.src = url;
  return new Promise((resolve) => {
    const done = (text: string | null) => {
      removeEventListener("error", onError, true);
      script.remove();
      URL.revokeObjectURL(url);
      resolve(text);
    };
    const onError = (event: ErrorEvent) => {
      if (event.filename !== url) return;
      event.preventDefault(); // reported here, not on the console
      const line = event.lineno - 1;
      const message = event.message.replace(/^Uncaught /, "");
      if (!/SyntaxError/.test(message) || line < 1) return done(null);
      done(
        `${message} (program:${line}:${event.colno})\n${codeFrame(code, line, event.colno)}\n` +
          "(The playground runs JavaScript: type annotations, interfaces and " +
          '"as" casts must go.)',
      );
    };
    addEventListener("error", onError, true);
    script.onload = () => done(null); // it parsed after all (and threw 0 at once)
    document.head.append(script);
  });
}

init();
const resume = sessionStorage.getItem(RESUME);
if (resume !== null) {
  // Back from the reload that turned Workers on: as the learner left it.
  sessionStorage.removeItem(RESUME);
  const { preset, code, run } = JSON.parse(resume);
  select(presets.find((p) => p.id === preset));
  if (typeof code === "string") editor.value = code;
  runRequested = run === true;
}
isolation = await isolate(new URL("isolation_sw.js", document.baseURI));
showIsolation(isolation);
if (isolation.state === "reload") {
  sessionStorage.setItem(
    RESUME,
    JSON.stringify({ preset: picker.value, code: editor.value, run: runRequested }),
  );
  location.reload();
} else {
  const preset = presets.find((p) => p.id === picker.value);
  if (preset !== undefined && runner === null && !runRequested) readyStatus(preset);
  if (runRequested) {
    runRequested = false;
    start();
  }
}
