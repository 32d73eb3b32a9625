/**
 * The site's icon, drawn in code: three lanes of a schedule timeline (a
 * bar per task, in turns) on the header's dark blue. The same picture as
 * SVG (`favicon.svg`, what browsers use) and as a 32×32 ICO
 * (`favicon.ico`, for anything that asks for it by that name).
 *
 * @module
 */

/** The picture: a background and the bars, in a 32×32 grid. */
const BACKGROUND = "#16202b";
const BARS: { x: number; y: number; w: number; h: number; color: string }[] = [
  { x: 5, y: 6, w: 9, h: 5, color: "#5aa9f0" },
  { x: 14, y: 13.5, w: 8, h: 5, color: "#56d364" },
  { x: 22, y: 21, w: 6, h: 5, color: "#ffa657" },
  { x: 5, y: 21, w: 6, h: 5, color: "#5aa9f0" },
];

/**
 * The icon as SVG.
 *
 * @example
 * ```ts
 * import { faviconSvg } from "./favicon.ts";
 * console.assert(faviconSvg().startsWith("<svg"));
 * ```
 */
export function faviconSvg(): string {
  const bars = BARS.map((b) =>
    `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="1.5" fill="${b.color}"/>`
  ).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
    `<rect width="32" height="32" rx="6" fill="${BACKGROUND}"/>${bars}</svg>\n`;
}

/**
 * The icon as a 32×32, 32-bit ICO file (one BMP image inside).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { faviconIco } from "./favicon.ts";
 * const ico = faviconIco();
 * assert.deepEqual([...ico.subarray(0, 4)], [0, 0, 1, 0]); // an icon file
 * assert.equal(ico.length, 6 + 16 + 40 + 32 * 32 * 4 + 32 * 4);
 * ```
 */
export function faviconIco(): Uint8Array {
  const size = 32;
  const pixels = size * size * 4;
  const mask = size * 4; // 1 bit per pixel, rows padded to 32 bits: all 0 (alpha decides)
  const image = 40 + pixels + mask;
  const out = new Uint8Array(6 + 16 + image);
  const view = new DataView(out.buffer);
  view.setUint16(2, 1, true); // type: icon
  view.setUint16(4, 1, true); // one image
  out[6] = size;
  out[7] = size;
  view.setUint16(10, 1, true); // planes
  view.setUint16(12, 32, true); // bits per pixel
  view.setUint32(14, image, true);
  view.setUint32(18, 22, true); // where the image starts
  const bmp = 22;
  view.setUint32(bmp, 40, true); // BITMAPINFOHEADER
  view.setInt32(bmp + 4, size, true);
  view.setInt32(bmp + 8, size * 2, true); // the colour image and the mask
  view.setUint16(bmp + 12, 1, true);
  view.setUint16(bmp + 14, 32, true);
  view.setUint32(bmp + 20, pixels + mask, true);
  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Rounded corners: outside a radius-6 arc, transparent.
      const cx = Math.min(Math.max(x + 0.5, 6), 26), cy = Math.min(Math.max(y + 0.5, 6), 26);
      const inside = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= 36;
      const bar = BARS.find((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h);
      const [r, g, b] = rgb(bar?.color ?? BACKGROUND);
      const at = bmp + 40 + ((size - 1 - y) * size + x) * 4; // rows bottom-up, BGRA
      out.set([b, g, r, inside ? 255 : 0], at);
    }
  }
  return out;
}
