/**
 * The schedule timeline drawn as SVG: a gutter of lane labels, a clock
 * ruler, and one lane per task with its spans and marks.
 *
 * The x axis is **time with a floor**: each column (one scheduler step, or
 * an idle stretch) gets a minimum width plus a share of the room in
 * proportion to the time it lasted. So a virtual-clock round robin, all at
 * t=0, is as readable as a real-clock run, and a 0.7 s stall is drawn wider
 * than a 1 ms step. {@linkcode columnLayout} computes the columns' edges.
 *
 * Text never collides and never leaves the picture: ruler labels are put
 * only where they clear the previous one (times that print the same are
 * not repeated), the gutter fits the longest lane label, and the picture
 * is as wide as its farthest label. Colours come from CSS classes
 * (`site.css`), so both themes apply and the legend's keys match the bars.
 *
 * @module
 */

import { esc, type Mark, type Timeline } from "./timeline.ts";

/** Options for {@linkcode renderTimeline}. */
export interface RenderOptions {
  /** Name of the clock, for the ruler: `"virtual"` or `"real"`. @default {"virtual"} */
  clock?: string;
  /** The width to fill, in pixels (the box the picture sits in). @default {900} */
  width?: number;
}

const LANE = 30;
const RULER = 34;
const TICK_FONT = 11;
const LABEL_FONT = 12;
const MARK_FONT = 11;
/** Steps never get narrower than this, however long the run: it scrolls instead. */
const MIN_STEP = 3;
const MAX_STEP = 56;
/** The widest the columns may get in total before steps shrink to {@linkcode MIN_STEP}. */
const MAX_COLUMNS = 12_000;

/**
 * About how wide `text` is in pixels, in the site's sans-serif at
 * `size` px: a generous estimate (DejaVu Sans, the widest usual fallback),
 * so that labels placed by it do not touch.
 *
 * @example
 * ```ts
 * import { textWidth } from "./timeline_svg.ts";
 * console.assert(textWidth("t=0.001", 11) > 40);
 * ```
 */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const c of text) {
    if (/[0-9]/.test(c)) em += 0.64;
    else if (/[a-z]/.test(c)) em += /[ilj]/.test(c) ? 0.3 : /[mw]/.test(c) ? 0.98 : 0.63;
    else if (/[A-Z]/.test(c)) em += 0.76;
    else if (c === " ") em += 0.32;
    else if (/[.,:;'|!()[\]{}=\-+*/"]/.test(c)) em += 0.5;
    else em += 1; // arrows, ellipses, anything wider
  }
  return em * size * (bold ? 1.12 : 1);
}

/**
 * Where each column starts, in pixels from the start of the first, and
 * where the last one ends (`steps + 1` numbers). A column's width is
 * `step` plus its share of `room`, in proportion to its duration; `step`
 * and `room` follow from the width to fill: a short run gets wide steps, a
 * long one narrow steps (down to 3 px, then it scrolls), and a run whose
 * clock moved keeps at least half the width, or six steps' worth, for time.
 *
 * @example Two instant steps, then a one-second wait, then a step
 * ```ts
 * import assert from "node:assert/strict";
 * import { columnLayout } from "./timeline_svg.ts";
 * const xs = columnLayout({ times: [0, 0, 0, 1], endTime: 1 }, 400);
 * const widths = xs.slice(1).map((x, i) => x - xs[i]);
 * assert.equal(widths[0], widths[1]);
 * assert.equal(widths[0], widths[3]);
 * assert.ok(widths[2] > 4 * widths[0], `the wait is wide: ${widths}`);
 * ```
 */
export function columnLayout(
  timeline: Pick<Timeline, "times" | "endTime">,
  width: number,
): number[] {
  const n = timeline.times.length;
  if (n === 0) return [0];
  const durations = timeline.times.map((t, i) =>
    Math.max(0, (timeline.times[i + 1] ?? Math.max(timeline.endTime, t)) - t)
  );
  const total = durations.reduce((a, b) => a + b, 0);
  const share = total > 0 ? 0.5 : 1;
  const step = Math.max(
    MIN_STEP,
    Math.min(MAX_STEP, Math.floor((width * share) / n), Math.floor(MAX_COLUMNS / n)),
  );
  const room = total > 0 ? Math.max(width - n * step, 6 * step) : 0;
  const xs = [0];
  for (const d of durations) xs.push(xs.at(-1)! + step + (total > 0 ? (room * d) / total : 0));
  return xs.map((x) => Math.round(x * 10) / 10);
}

/**
 * A clock time as the ruler prints it: at most three decimals (a
 * millisecond), no trailing zeros, never a bare point.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatTime } from "./timeline_svg.ts";
 * assert.deepEqual([0, 0.0004, 0.5, 0.693, 2, 12.25].map(formatTime), ["0", "0", "0.5", "0.693", "2", "12.25"]);
 * ```
 */
export function formatTime(t: number): string {
  const text = t.toFixed(3);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * Draw a timeline as an SVG document (a string). Elements carry
 * `data-task` and `data-kind`, and each has a `<title>` for hovering.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildTimeline } from "./timeline.ts";
 * import { renderTimeline } from "./timeline_svg.ts";
 *
 * const svg = renderTimeline(buildTimeline([
 *   { type: "spawn", time: 0, task: 1, name: "main", parent: null },
 *   { type: "run", time: 0, task: 1 },
 *   { type: "exit", time: 0, task: 1, value: 42 },
 * ]));
 * assert.match(svg, /data-kind="run"/);
 * ```
 */
export function renderTimeline(timeline: Timeline, options: RenderOptions = {}): string {
  const clock = options.clock ?? "virtual";
  const title = `${clock} clock (s)`;
  const laneLabel = (lane: Timeline["lanes"][number]) =>
    `${lane.task} ${clip(lane.name, 18)}${lane.parent === null ? "" : ` ← ${lane.parent}`}`;
  const gutter = Math.ceil(
    Math.max(
      textWidth(title, TICK_FONT) + 12,
      ...timeline.lanes.map((lane) => textWidth(laneLabel(lane), LABEL_FONT, true) + 16),
    ),
  );
  const xs = columnLayout(timeline, Math.max(120, (options.width ?? 900) - gutter - 24));
  const x = (column: number) => gutter + xs[Math.min(column, xs.length - 1)];
  const columnsEnd = x(xs.length - 1);
  let right = columnsEnd + 12; // the farthest any text reaches
  const height = RULER + timeline.lanes.length * LANE + 8;
  const body: string[] = [];

  // The ruler: the clock time at each column where it changed, where there is room.
  body.push(`<text class="ruler-title" x="4" y="14">${esc(title)}</text>`);
  let lastTime = Number.NaN;
  let lastText = "";
  let free = gutter; // labels may start from here on
  for (let i = 0; i < timeline.times.length; i++) {
    if (timeline.idle[i]) {
      body.push(
        `<rect class="idle" x="${x(i)}" y="${RULER - 6}" width="${x(i + 1) - x(i)}" ` +
          `height="${height - RULER + 6}"><title>the clock moved; no task ran</title></rect>`,
      );
    }
    const t = timeline.times[i];
    if (t === lastTime) continue;
    lastTime = t;
    body.push(`<line class="tick" x1="${x(i)}" y1="${RULER - 8}" x2="${x(i)}" y2="${height}"/>`);
    const text = `t=${formatTime(t)}`;
    if (text === lastText || x(i) + 2 < free) continue;
    const w = textWidth(text, TICK_FONT);
    body.push(`<text class="tick-label" x="${x(i) + 2}" y="${RULER - 12}">${text}</text>`);
    lastText = text;
    free = x(i) + 2 + w + 8;
    right = Math.max(right, x(i) + 2 + w);
  }

  for (const [row, lane] of timeline.lanes.entries()) {
    const top = RULER + row * LANE;
    const mid = top + LANE / 2;
    body.push(`<g class="lane" data-task="${lane.task}">`);
    body.push(
      `<rect class="lane-bg${row % 2 ? " odd" : ""}" x="0" y="${top}" width="100%" ` +
        `height="${LANE}"/>`,
    );
    const parent = lane.parent === null ? "" : ` ← ${lane.parent}`;
    body.push(
      `<text class="lane-label" x="6" y="${mid + 4}">${lane.task} ${esc(clip(lane.name, 18))}` +
        `<tspan class="parent">${parent}</tspan><title>task ${lane.task} "${esc(lane.name)}"${
          lane.parent === null ? "" : `, spawned by task ${lane.parent}`
        }</title></text>`,
    );
    for (const span of lane.spans) {
      const x0 = x(span.from);
      const sw = x(span.to) - x0;
      const at = `data-task="${lane.task}" data-kind="${span.kind}"`;
      if (span.kind === "run") {
        body.push(
          `<rect class="run" ${at} x="${x0 + 0.5}" y="${top + 5}" width="${
            Math.max(sw - 1, 1)
          }" height="${LANE - 10}"><title>task ${lane.task} runs (step ${span.from + 1}${
            span.to - span.from > 1 ? `–${span.to}` : ""
          })</title></rect>`,
        );
      } else if (span.kind === "blocked") {
        const label = span.label ?? "blocked";
        const fits = Math.floor((sw - 8) / (0.64 * 10));
        body.push(
          `<g class="blocked" ${at}><rect x="${x0 + 0.5}" y="${top + 9}" width="${
            Math.max(sw - 1, 1)
          }" height="${LANE - 18}"/>` +
            (fits >= 4
              ? `<text x="${x0 + 4}" y="${top + 7}" class="wait-label">${
                esc(clip(label, fits))
              }</text>`
              : "") +
            `<title>task ${lane.task} waits: ${esc(label)}</title></g>`,
        );
      } else {
        body.push(
          `<line class="ready" ${at} x1="${x0}" y1="${mid}" x2="${x0 + sw}" y2="${mid}">` +
            `<title>task ${lane.task} ready, in the queue</title></line>`,
        );
      }
    }
    for (const mark of lane.marks) {
      const drawn = drawMark(mark, lane.task, x(mark.at), mid);
      body.push(drawn.svg);
      right = Math.max(right, drawn.right);
    }
    body.push(`</g>`);
  }
  const width = Math.ceil(right + 10);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${width}" ` +
    `height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-label="schedule timeline: ${timeline.lanes.length} tasks, ${timeline.runs} steps">` +
    body.join("") + `</svg>`;
}

/** One mark's SVG, and how far right its text reaches. */
function drawMark(
  mark: Mark,
  task: number,
  cx: number,
  mid: number,
): { svg: string; right: number } {
  const at = `data-task="${task}" data-kind="${mark.kind}"`;
  const title = `<title>task ${task}: ${esc(markText(mark))}</title>`;
  const label = (text: string, dx: number) => ({
    text: `<text x="${cx + dx}" y="${mid + 4}">${esc(text)}</text>`,
    right: cx + dx + textWidth(text, MARK_FONT),
  });
  switch (mark.kind) {
    case "wake":
      return {
        svg: `<circle class="wake" ${at} cx="${cx}" cy="${mid}" r="3.5">${title}</circle>`,
        right: cx + 4,
      };
    case "cancel":
      return {
        svg: `<g class="cancel" ${at}><path d="M${cx - 5} ${mid - 5}l10 10m0 -10l-10 10"/>` +
          `${title}</g>`,
        right: cx + 6,
      };
    case "error": {
      const text = label(clip(mark.label ?? "", 40), 9);
      return {
        svg: `<g class="error" ${at}><path d="M${cx - 6} ${mid - 6}l12 12m0 -12l-12 12"/>` +
          `${text.text}${title}</g>`,
        right: text.right,
      };
    }
    case "cancelled": {
      const text = label("cancelled", 6);
      return {
        svg: `<g class="cancelled" ${at}><rect x="${cx - 1}" y="${mid - 7}" width="3" ` +
          `height="14"/>${text.text}${title}</g>`,
        right: text.right,
      };
    }
    case "exit": {
      const text = mark.label === undefined ? null : label(`→ ${clip(mark.label, 24)}`, 6);
      return {
        svg: `<g class="exit" ${at}><rect x="${cx - 1}" y="${mid - 7}" width="3" height="14"/>` +
          `${text?.text ?? ""}${title}</g>`,
        right: text?.right ?? cx + 2,
      };
    }
  }
}

function markText(mark: Mark): string {
  switch (mark.kind) {
    case "wake":
      return `woken from ${mark.label}`;
    case "cancel":
      return mark.label ?? "cancelled";
    case "error":
      return `threw ${mark.label}`;
    case "cancelled":
      return `ended by its cancellation (${mark.label})`;
    case "exit":
      return mark.label === undefined ? "returned" : `returned ${mark.label}`;
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(1, max - 1)) + "…";
}
