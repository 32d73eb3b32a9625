/**
 * The site's scripts and styles, bundled by esbuild: each browser entry
 * point becomes one minified ES module in `dist/assets/`, with a source map.
 *
 * | output             | entry                           | what it is                               |
 * | ------------------ | ------------------------------- | ---------------------------------------- |
 * | `kernel.js`        | `web/browser/kernel_entry.ts`   | the reference kernel (the size to watch) |
 * | `network.js`       | `web/browser/network_entry.ts`  | memory network and sockets, for TCP      |
 * | `workers.js`       | `web/browser/workers_entry.ts`  | the worker pool and `asleep`             |
 * | `groundup.js`      | (written)                       | all three: what programs import          |
 * | `playground.js`    | `web/browser/playground.ts`     | the playground page                      |
 * | `page.js`          | `web/browser/page.ts`           | every page: lessons menu, scroll boxes   |
 * | `runner_worker.js` | `web/browser/runner_worker.ts`  | the Worker that runs a program           |
 * | `pool_worker.js`   | `kernel/pool_worker.ts`         | a `WorkerPool` Worker                    |
 * | `jobs.js`          | `web/browser/jobs.ts`           | jobs for the pool examples               |
 * | `site.css`         | `web/site.css`                  | the styles                               |
 * | `../isolation_sw.js` | `web/browser/isolation_sw.ts` | the service worker that isolates the playground on any host (at the site's root, so its scope is the site) |
 *
 * `network.js` and `workers.js` import `kernel.js` rather than bundling
 * their own copy ({@linkcode besideKernel}), so a page runs one kernel and
 * the kernel chunk holds the kernel alone.
 *
 * Workers are entry points of their own because esbuild leaves
 * `new URL("./pool_worker.ts", import.meta.url)` alone; the
 * {@linkcode workerUrls} plugin renames such URLs to the `.js` file that
 * sits beside the bundle.
 *
 * @module
 */

import type * as Esbuild from "./esbuild.ts";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";

/** One output file and its size. */
export interface Asset {
  /** Path under the output folder: `assets/kernel.js`. */
  path: string;
  /** Minified size in bytes. */
  bytes: number;
  /** Gzipped size in bytes. */
  gzip: number;
}

/** What {@linkcode bundle} built. */
export interface BundleResult {
  /** Every script and style (source maps left out). */
  assets: Asset[];
  /** The names `kernel.js` exports: what playground programs can import. */
  kernelExports: string[];
}

/** The kernel chunk's size goal, in bytes (minified). */
export const KERNEL_GOAL = 20 * 1024;

/**
 * An esbuild plugin: in kernel sources, `new URL("./x.ts", import.meta.url)`
 * becomes `new URL("./x.js", import.meta.url)`, the bundled Worker beside it.
 *
 * @example
 * ```ts ignore
 * await esbuild.build({ plugins: [workerUrls(/kernel\/.*\.ts$/)], ... });
 * ```
 */
export function workerUrls(filter: RegExp): Esbuild.Plugin {
  return {
    name: "worker-urls",
    setup(build) {
      build.onLoad({ filter }, async (args) => {
        const source = await Deno.readTextFile(args.path);
        return { contents: renameWorkerUrls(source), loader: "ts" };
      });
    },
  };
}

/**
 * The rewrite {@linkcode workerUrls} applies.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renameWorkerUrls } from "./bundle.ts";
 * assert.equal(
 *   renameWorkerUrls('new URL("./pool_worker.ts", import.meta.url)'),
 *   'new URL("./pool_worker.js", import.meta.url)',
 * );
 * ```
 */
export function renameWorkerUrls(source: string): string {
  return source.replace(
    /new URL\(\s*(["'])\.\/([\w-]+)\.ts\1\s*,\s*import\.meta\.url\s*\)/g,
    (_m, q: string, name: string) => `new URL(${q}./${name}.js${q}, import.meta.url)`,
  );
}

/**
 * An esbuild plugin for the bundles that sit beside `kernel.js`: an import
 * of a module that `kernel.js` already holds (`core`, paths relative to the
 * root) becomes an import of `./kernel.js`, so the page runs one kernel.
 *
 * @example
 * ```ts ignore
 * await esbuild.build({ plugins: [besideKernel(root, new Set(["kernel/future.ts"]))], ... });
 * ```
 */
export function besideKernel(root: string, core: ReadonlySet<string>): Esbuild.Plugin {
  return {
    name: "beside-kernel",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.importer === "") return undefined;
        const path = relative(root, resolve(dirname(args.importer), args.path)).replaceAll(
          "\\",
          "/",
        );
        return core.has(path) ? { path: "./kernel.js", external: true } : undefined;
      });
    },
  };
}

/**
 * Bundle the browser entries into `outdir` (the site's `assets/` folder),
 * and write `groundup.js`, which re-exports the kernel, the network and the
 * workers: the module playground programs import. The caller owns `esbuild`
 * and must `await esbuild.stop()` afterwards.
 *
 * @example
 * ```ts ignore
 * const { assets } = await bundle(esbuild, ".", "dist/assets");
 * ```
 */
export async function bundle(
  esbuild: typeof Esbuild,
  root: string,
  outdir: string,
): Promise<BundleResult> {
  const absRoot = resolve(root);
  const common = {
    absWorkingDir: absRoot,
    outdir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: "linked",
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
  } satisfies Esbuild.BuildOptions;
  const first = await esbuild.build({
    ...common,
    entryPoints: {
      kernel: "web/browser/kernel_entry.ts",
      playground: "web/browser/playground.ts",
      page: "web/browser/page.ts",
      runner_worker: "web/browser/runner_worker.ts",
      pool_worker: "kernel/pool_worker.ts",
      jobs: "web/browser/jobs.ts",
      site: "web/site.css",
    },
    plugins: [workerUrls(/[\\/]kernel[\\/][^\\/]+\.ts$/)],
  });
  const kernelOut = Object.entries(first.metafile.outputs).find(([p]) => p.endsWith("kernel.js"))!;
  const core = new Set(Object.keys(kernelOut[1].inputs));
  const second = await esbuild.build({
    ...common,
    entryPoints: {
      network: "web/browser/network_entry.ts",
      workers: "web/browser/workers_entry.ts",
    },
    plugins: [besideKernel(absRoot, core), workerUrls(/[\\/]kernel[\\/][^\\/]+\.ts$/)],
  });
  const third = await esbuild.build({
    ...common,
    outdir: join(outdir, ".."),
    format: "iife",
    entryPoints: { isolation_sw: "web/browser/isolation_sw.ts" },
  });
  const facade = [
    "// Everything a playground program can import as groundup/kernel.",
    'export * from "./kernel.js";',
    'export * from "./network.js";',
    'export * from "./workers.js";',
    "",
  ].join("\n");
  await Deno.writeTextFile(join(absRoot, outdir, "groundup.js"), facade);
  const assets: Asset[] = [];
  const kernelExports: string[] = [];
  const outputs = {
    ...first.metafile.outputs,
    ...second.metafile.outputs,
    ...third.metafile.outputs,
  };
  for (const [path, output] of Object.entries(outputs)) {
    if (path.endsWith(".map")) continue;
    const bytes = await Deno.readFile(join(absRoot, path));
    const name = path.includes("assets/")
      ? path.slice(path.lastIndexOf("assets/"))
      : path.slice(path.lastIndexOf("/") + 1);
    assets.push({ path: name, bytes: output.bytes, gzip: gzipSync(bytes).length });
    if (/assets\/(kernel|network|workers)\.js$/.test(name)) kernelExports.push(...output.exports);
  }
  assets.sort((a, b) => a.path.localeCompare(b.path));
  return { assets, kernelExports };
}

/**
 * The size table the build prints, kernel first, with the goal checked.
 *
 * @example
 * ```ts
 * import { sizeReport } from "./bundle.ts";
 * const text = sizeReport([{ path: "assets/kernel.js", bytes: 15000, gzip: 5000 }]);
 * console.assert(text.includes("kernel chunk"));
 * ```
 */
export function sizeReport(assets: readonly Asset[]): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const lines = ["asset                       minified      gzip"];
  const kernel = assets.find((a) => a.path === "assets/kernel.js");
  for (const asset of [...assets].sort((a, b) => (a === kernel ? -1 : b === kernel ? 1 : 0))) {
    lines.push(
      `${asset.path.padEnd(26)} ${kb(asset.bytes).padStart(9)} ${kb(asset.gzip).padStart(9)}`,
    );
  }
  if (kernel !== undefined) {
    const verdict = kernel.bytes <= KERNEL_GOAL ? "within" : "OVER";
    lines.push(
      `kernel chunk (assets/kernel.js): ${kb(kernel.bytes)} minified, ${kb(kernel.gzip)} gzip: ` +
        `${verdict} the ${kb(KERNEL_GOAL)} goal`,
    );
  }
  return lines.join("\n");
}
