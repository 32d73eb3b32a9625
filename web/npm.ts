/**
 * The lesson pages' npm packages, pinned in one place (esbuild has
 * `esbuild.ts`, so importing this module does not start it). Why inline `npm:`
 * specifiers: the course keeps no import map in `deno.json`; `deno.lock`
 * pins what these resolve to.
 *
 * - `marked`: Markdown to HTML for the lesson pages.
 * - `highlight.js`: code highlighting, at build time (no script in the page).
 * - `amaro`: Node's TypeScript type stripper (swc), which blanks out types and
 *   keeps everything else where it was, so the playground shows a lesson's
 *   own code, comments and `using` included.
 *
 * @module
 */

export { Marked, type Tokens } from "npm:marked@18.2.1";
export { default as hljs } from "npm:highlight.js@11.12.0/lib/core";
export { default as bash } from "npm:highlight.js@11.12.0/lib/languages/bash";
export { default as javascript } from "npm:highlight.js@11.12.0/lib/languages/javascript";
export { default as json } from "npm:highlight.js@11.12.0/lib/languages/json";
export { default as python } from "npm:highlight.js@11.12.0/lib/languages/python";
export { default as typescript } from "npm:highlight.js@11.12.0/lib/languages/typescript";
export { default as amaro } from "npm:amaro@1.2.1";
