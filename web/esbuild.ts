/**
 * esbuild from npm, pinned here (the version `export.ts` grants the binary
 * of): bundles, minifies, writes source maps and strips types. Importing it
 * reads esbuild's environment variables; build code only.
 *
 * @module
 */

export * from "npm:esbuild@0.28.2";
