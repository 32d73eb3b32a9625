/**
 * Where the repository is, whatever the current directory, on any OS.
 *
 * @module
 */

import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Absolute path of the repository root (the folder holding deno.json). */
export const ROOT: string = resolve(import.meta.dirname!, "..", "..");

/** A `file://` URL for a path, with special characters escaped. */
export function toFileUrl(path: string): string {
  return pathToFileURL(resolve(ROOT, path)).href;
}

/** The path of a `file://` URL. */
export function fromFileUrl(url: string): string {
  return fileURLToPath(url);
}
