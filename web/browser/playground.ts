/// <reference lib="dom" />
/**
 * The playground page: pick or write a program, Run it in a fresh runner
 * Worker, and watch its output and its schedule timeline arrive.
 *
 * The page reads its presets from the `#presets` JSON block the export
 * writes, and it checks `crossOriginIsolated` first: without it there is no
 * `SharedArrayBuffer`, so the worker-pool presets are disabled and a note
 * says why and how to get them (`deno task serve`).
 *
 * @module
 */

import { formatTrace, type TraceEvent } from "../../kernel/trace.ts";
import type { FromRunner } from "./runner_worker.ts";
import { buildTimeline, esc, renderTimeline } from "./timeline.ts";

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
const expected = $<HTMLElement>("expected");
const status = $<HTMLElement>("status");
const timelines = $<HTMLElement>("timelines");
const traceText = $<HTMLPreElement>("trace");
const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function";

let runner: Worker | null = null;
let watchdog: ReturnType<typeof setTimeout> | undefined;
let runs = new Map<number, RunView>();
let drawQueued = false;

function init(): void {
  $("isolation").hidden = false;
  $("isolation").className = isolated ? "note ok" : "note warn";
  $("isolation").innerHTML = isolated
    ? "Workers are on: this page is cross-origin isolated, so <code>SharedArrayBuffer</code>, " +
      "the worker pool and <code>asleep</code> run here."
    : "Workers are off here: this host does not send the <code>Cross-Origin-Opener-Policy</code> " +
      "and <code>Cross-Origin-Embedder-Policy</code> headers, so the page has no " +
      "<code>SharedArrayBuffer</code>, and the worker-pool and <code>asleep</code> examples are " +
      "disabled. Everything else runs. To run them, clone the course and use " +
      "<code>deno task export &amp;&amp; deno task serve</code>.";
  let group: HTMLOptGroupElement | null = null;
  for (const preset of presets) {
    if (group?.label !== preset.origin) {
      group = document.createElement("optgroup");
      group.label = preset.origin;
      picker.append(group);
    }
    const option = new Option(
      preset.needsWorkers && !isolated ? `${preset.title} (needs workers: off here)` : preset.title,
      preset.id,
    );
    group.append(option);
  }
  const wanted = new URLSearchParams(location.hash.slice(1)).get("preset");
  select(presets.find((p) => p.id === wanted) ?? presets[0]);
  picker.addEventListener("change", () => {
    select(presets.find((p) => p.id === picker.value)!);
    history.replaceState(null, "", `#preset=${picker.value}`);
  });
  runButton.addEventListener("click", start);
  stopButton.addEventListener("click", () => stop("stopped"));
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      start();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
    }
  });
}

function select(preset: Preset | undefined): void {
  if (preset === undefined) return;
  picker.value = preset.id;
  editor.value = preset.code;
  expected.hidden = preset.expected === undefined;
  $("expected-text").textContent = preset.expected ?? "";
  setStatus(
    "idle",
    preset.needsWorkers && !isolated
      ? "This example needs Workers with SharedArrayBuffer, which are off on this host (see above)."
      : "Ready: press Run (or Ctrl+Enter).",
  );
}

function setStatus(state: string, text: string): void {
  status.dataset.state = state;
  status.textContent = text;
}

function start(): void {
  stop(null);
  const preset = presets.find((p) => p.id === picker.value);
  if (preset?.needsWorkers && !isolated && editor.value === preset.code) {
    setStatus(
      "error",
      "Not run: this example needs Workers with SharedArrayBuffer (see the note above).",
    );
    return;
  }
  output.textContent = "";
  timelines.textContent = "";
  traceText.textContent = "";
  runs = new Map();
  const worker = new Worker(new URL("./runner_worker.js", import.meta.url), {
    type: "module",
    name: "playground runner",
  });
  runner = worker;
  worker.onmessage = (event: MessageEvent<FromRunner>) => {
    if (runner === worker) receive(event.data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    if (runner === worker) finish(false, event.message || "The runner failed to start");
  };
  runButton.disabled = true;
  stopButton.disabled = false;
  setStatus("running", "Running…");
  watchdog = setTimeout(() => stop(`stopped after ${RUN_LIMIT_MS / 1000} s`), RUN_LIMIT_MS);
  worker.postMessage({ type: "run", code: editor.value });
}

function stop(why: string | null): void {
  clearTimeout(watchdog);
  if (runner === null) return;
  runner.terminate();
  runner = null;
  runButton.disabled = false;
  stopButton.disabled = true;
  if (why !== null) {
    print("error", `(${why}: the runner Worker was terminated)`);
    setStatus("error", `Stopped: ${why}.`);
  }
}

function receive(message: FromRunner): void {
  switch (message.type) {
    case "log":
      return print(message.level, message.text);
    case "run-start": {
      const section = document.createElement("section");
      section.className = "run-view";
      section.dataset.run = String(message.run);
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

/** Wide steps for short runs, so labels fit; long runs scroll at the default width. */
function stepWidth(steps: number): number {
  const room = timelines.clientWidth - 260;
  return Math.max(28, Math.min(110, Math.floor(room / Math.max(steps, 1))));
}

function drawNow(): void {
  drawQueued = false;
  for (const [n, view] of runs) {
    const timeline = buildTimeline(view.events, { minGap: view.clock === "virtual" ? 0 : 0.005 });
    const more = view.truncated ? " (recording stopped at the event limit)" : "";
    view.section.innerHTML =
      `<h3>run ${n} <small>${esc(view.clock)} clock · ${timeline.lanes.length} ` +
      `task${timeline.lanes.length === 1 ? "" : "s"} · ${timeline.runs} steps · ended at t=${
        Number(timeline.endTime.toFixed(3))
      }${more}</small></h3><div class="svg-wrap">${
        renderTimeline(timeline, { clock: view.clock, stepWidth: stepWidth(timeline.steps) })
      }</div>`;
  }
  const last = [...runs.values()].at(-1);
  traceText.textContent = last === undefined ? "" : formatTrace(last.events.slice(0, 2000));
}

init();
