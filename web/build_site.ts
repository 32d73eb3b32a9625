/**
 * Build the static site into `dist/` (run it through `deno task export`,
 * which grants exactly what this needs).
 *
 * ```text
 * dist/index.html              welcome and course map
 * dist/<lesson>.html           one page per lesson, in manifest order
 * dist/playground.html         the kernel playground
 * dist/cheatsheet-<track>.html  a printable one-page cheat sheet per track
 * dist/assets/*.js, site.css   esbuild bundles, minified, with source maps
 * dist/isolation_sw.js         the service worker that isolates the playground anywhere
 * dist/favicon.svg, .ico       the icon
 * dist/source/...              exercise files the pages link to (without --repo-url)
 * dist/build.json              what was built, with sizes
 * dist/_headers                COOP/COEP for hosts that read this file
 * ```
 *
 * Flags: `--repo-url=<url>` links repository files there (e.g.
 * `https://github.com/<owner>/<repo>/blob/<sha>`) instead of copying them.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { exercisesOf } from "../runner/course.ts";
import { manifest } from "../runner/manifest.ts";
import type { Preset } from "./browser/playground.ts";
import { bundle, sizeReport } from "./bundle.ts";
import { renderMarkdown } from "./markdown.ts";
import { sheetPage, TRACKS, trackSheet } from "./cheatsheet.ts";
import {
  cheatsheetPage,
  indexPage,
  lessonPage,
  playgroundPage,
  type SiteInfo,
  type SiteLesson,
} from "./pages.ts";
import * as esbuild from "./esbuild.ts";
import { faviconIco, faviconSvg } from "./favicon.ts";
import { curatedPresets, lessonPresets, notFromSource } from "./presets.ts";

/** Options for {@linkcode buildSite}. */
export interface BuildOptions {
  /** The repository root. @default {"."} */
  root?: string;
  /** Output folder, relative to the root. @default {"dist"} */
  out?: string;
  /** Where repository files are linked; without it they are copied under `source/`. */
  repoUrl?: string;
}

/** What {@linkcode buildSite} wrote. */
export interface BuildReport {
  /** Pages written, relative to the output folder. */
  pages: string[];
  /** Scripts and styles with their sizes. */
  assets: { path: string; bytes: number; gzip: number }[];
  /** Preset ids, in menu order. */
  presets: string[];
}

/**
 * Build the whole site. Stops esbuild before returning.
 *
 * @example
 * ```ts ignore
 * const report = await buildSite({ repoUrl: "https://github.com/me/groundup/blob/main" });
 * ```
 */
export async function buildSite(options: BuildOptions = {}): Promise<BuildReport> {
  const root = options.root ?? ".";
  const out = join(root, options.out ?? "dist");
  await Deno.remove(out, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  await Deno.mkdir(join(out, "assets"), { recursive: true });
  try {
    const { assets, kernelExports } = await bundle(
      esbuild,
      root,
      join(options.out ?? "dist", "assets"),
    );
    const copies = new Set<string>();
    const repoLink = (path: string) => {
      if (options.repoUrl !== undefined) return `${options.repoUrl.replace(/\/$/, "")}/${path}`;
      copies.add(path);
      return `source/${path}`;
    };
    const exercises = exercisesOf(manifest);
    const lessons: SiteLesson[] = manifest.lessons.map((entry) => ({
      entry,
      page: `${entry.dir}.html`,
      exercises: exercises.filter((e) => e.lesson === entry),
    }));
    const site: SiteInfo = { lessons, repoLink };

    // Only for examples that type stripping refuses; esnext keeps `using` as written.
    const compile = async (code: string) =>
      (await esbuild.transform(code, { loader: "ts", format: "esm", target: "esnext" })).code;
    const fromLessons = await lessonPresets(
      root,
      manifest.lessons,
      compile,
      new Set(kernelExports),
    );
    for (const found of fromLessons) {
      const wrong = notFromSource(found.preset.code, found.source, found.how);
      if (wrong !== null) {
        throw new Error(`Cannot show the playground example ${found.preset.id} as ${wrong}`);
      }
    }
    const presets: Preset[] = [
      ...await curatedPresets(join(root, "web/presets")),
      ...fromLessons.map((found) => found.preset),
    ];
    const presetByCode = new Map(fromLessons.map((found) => [found.source, found.preset.id]));

    const stubs = new Map<string, string>();
    for (const exercise of exercises) {
      const text = await readOrNull(join(root, exercise.file));
      if (text !== null) stubs.set(exercise.file, text);
    }
    const pages: string[] = [];
    const write = async (page: string, html: string) => {
      await Deno.writeTextFile(join(out, page), html);
      pages.push(page);
    };
    await write("index.html", indexPage(site, manifest.welcome));
    for (const [i, lesson] of lessons.entries()) {
      const file = `lessons/${lesson.entry.dir}/README.md`;
      const text = await readOrNull(join(root, file)) ??
        `# ${
            lesson.entry.dir.split("-")[0]
          } · ${lesson.entry.title}\n\n_${lesson.entry.summary}_\n\n` +
          "This lesson's text is still being written; its exercises are below.\n";
      const rendered = renderMarkdown(text, {
        file,
        pageOf: (dir) => lessons.find((l) => l.entry.dir === dir)?.page,
        repoLink,
        presetOf: (code) => presetByCode.get(code),
      });
      await write(lesson.page, lessonPage(site, i, rendered, stubs));
    }
    await write("playground.html", playgroundPage(site, JSON.stringify(presets)));
    for (const track of TRACKS) {
      const sheet = await trackSheet(root, track, manifest.lessons);
      await write(sheetPage(track), cheatsheetPage(site, sheet));
    }

    for (const path of copies) {
      const text = await readOrNull(join(root, path));
      if (text === null) continue; // a folder, or a file not there yet: the link says where
      await Deno.mkdir(join(out, "source", dirname(path)), { recursive: true });
      await Deno.writeTextFile(join(out, "source", path), text);
    }
    await Deno.writeTextFile(
      join(out, "_headers"),
      "/*\n  Cross-Origin-Opener-Policy: same-origin\n  Cross-Origin-Embedder-Policy: require-corp\n",
    );
    await Deno.writeTextFile(join(out, ".nojekyll"), "");
    await Deno.writeTextFile(join(out, "favicon.svg"), faviconSvg());
    await Deno.writeFile(join(out, "favicon.ico"), faviconIco());
    const report: BuildReport = { pages, assets, presets: presets.map((p) => p.id) };
    await Deno.writeTextFile(join(out, "build.json"), JSON.stringify(report, null, 2) + "\n");
    return report;
  } finally {
    await esbuild.stop();
  }
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory) {
      return null;
    }
    throw error;
  }
}

if (import.meta.main) {
  const repoUrl = Deno.args.find((arg) => arg.startsWith("--repo-url="))?.slice(
    "--repo-url=".length,
  );
  const unknown = Deno.args.filter((arg) => !arg.startsWith("--repo-url="));
  if (unknown.length > 0) {
    console.error(`Cannot export with ${unknown.join(" ")}: the only flag is --repo-url=<url>`);
    Deno.exit(2);
  }
  const started = performance.now();
  const report = await buildSite({ repoUrl: repoUrl || undefined });
  console.log(
    `Exported ${report.pages.length} pages (index, ${
      report.pages.length - 2 - TRACKS.length
    } lessons, playground, ${TRACKS.length} cheat sheets) and ${report.presets.length} playground examples to dist/ in ${
      Math.round(performance.now() - started)
    } ms`,
  );
  console.log(sizeReport(report.assets));
  console.log("Serve it with COOP/COEP headers (Workers on): deno task serve");
}
