/**
 * Gzipped sizes of what each part of a built extension loads: the popup (its HTML's scripts and
 * every chunk they import statically; lazy chunks load later and are not counted), the
 * background service worker, the content scripts, and the zip as shipped. Used by `npm run bench`
 * and by the budget check in `npm test`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BundleName } from './targets';

export interface BundleSize {
  /** Gzipped bytes (the zip: its size on disk). */
  bytes: number;
  /** Uncompressed bytes. */
  raw: number;
  files: string[];
}

export type BundleSizes = Record<BundleName, BundleSize> & {
  /** Stylesheets, reported beside the scripts (the budgets of §5 are for JS). */
  popupCss: BundleSize;
  contentCss: BundleSize;
};

interface Manifest {
  action?: { default_popup?: string };
  background?: { service_worker?: string; scripts?: string[] };
  content_scripts?: { js?: string[]; css?: string[] }[];
  web_accessible_resources?: { resources: string[] }[];
}

/** Gzip level 9, as size reports usually quote it. */
export function gzipSize(buffer: Buffer): number {
  return gzipSync(buffer, { level: 9 }).length;
}

function sizeOf(dir: string, files: Iterable<string>): BundleSize {
  const list = [...new Set(files)].sort();
  let bytes = 0;
  let raw = 0;
  for (const file of list) {
    const buffer = readFileSync(join(dir, file));
    raw += buffer.length;
    bytes += gzipSize(buffer);
  }
  return { bytes, raw, files: list };
}

// `import x from "./a.js"`, `import "./a.js"`, `export * from "./a.js"`; not `import("./a.js")`.
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;

/** `entry` and every file it imports statically, transitively; paths relative to `dir`. */
export function staticGraph(dir: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const normalised = posix.normalize(file).replace(/^\/+/, '');
    if (seen.has(normalised) || !existsSync(join(dir, normalised))) return;
    seen.add(normalised);
    const source = readFileSync(join(dir, normalised), 'utf8');
    for (const match of source.matchAll(STATIC_IMPORT)) {
      const spec = match[1]!;
      if (spec.startsWith('.')) visit(posix.join(posix.dirname(normalised), spec));
      else if (spec.startsWith('/')) visit(spec);
    }
  };
  entries.forEach(visit);
  return [...seen];
}

/** The scripts and stylesheets an HTML page of the build loads up front. */
export function pageAssets(dir: string, html: string): { js: string[]; css: string[] } {
  const source = readFileSync(join(dir, html), 'utf8');
  const base = posix.dirname(html);
  const local = (href: string) => (href.startsWith('/') ? href.slice(1) : posix.join(base, href));
  const js = [...source.matchAll(/<script[^>]*\bsrc="([^"]+)"/g), ...source.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => local(m[1]!));
  const css = [...source.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => local(m[1]!));
  return { js: staticGraph(dir, js), css };
}

/** The newest `*-chrome.zip` next to the build directory (what `wxt zip` writes). */
export function findZip(buildDir: string): string | null {
  const parent = dirname(resolve(buildDir));
  const zips = readdirSync(parent)
    .filter((name) => name.endsWith('-chrome.zip'))
    .map((name) => join(parent, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return zips[0] ?? null;
}

export function measureBundles(buildDir: string, zipPath: string | null = findZip(buildDir)): BundleSizes {
  const manifest = JSON.parse(readFileSync(join(buildDir, 'manifest.json'), 'utf8')) as Manifest;
  const popupHtml = manifest.action?.default_popup;
  if (!popupHtml) throw new Error(`${buildDir}/manifest.json has no action.default_popup`);
  const popup = pageAssets(buildDir, popupHtml);

  const background = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
  if (!background) throw new Error(`${buildDir}/manifest.json has no background script`);

  const contentJs = (manifest.content_scripts ?? []).flatMap((script) => script.js ?? []);
  if (contentJs.length === 0) throw new Error(`${buildDir}/manifest.json has no content script`);
  // With cssInjectionMode 'ui' the stylesheet is a web-accessible file the script loads into its shadow root.
  const contentCss = [
    ...(manifest.content_scripts ?? []).flatMap((script) => script.css ?? []),
    ...(manifest.web_accessible_resources ?? []).flatMap((entry) => entry.resources).filter((file) => file.startsWith('content-scripts/') && file.endsWith('.css')),
  ];

  let zip: BundleSize = { bytes: Number.NaN, raw: Number.NaN, files: [] };
  if (zipPath && existsSync(zipPath)) {
    const bytes = statSync(zipPath).size;
    zip = { bytes, raw: bytes, files: [basename(zipPath)] };
  }

  return {
    popup: sizeOf(buildDir, popup.js),
    background: sizeOf(buildDir, staticGraph(buildDir, [background])),
    content: sizeOf(buildDir, staticGraph(buildDir, contentJs)),
    zip,
    popupCss: sizeOf(buildDir, popup.css),
    contentCss: sizeOf(buildDir, contentCss),
  };
}
