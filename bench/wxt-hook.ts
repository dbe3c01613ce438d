/**
 * Adds the benchmark's reference page (bench/reference) to the `--mode bench` build only. It is
 * pushed from here rather than living in entrypoints/, so no other build can ever pick it up.
 */
import { resolve } from 'node:path';
import type { Entrypoint, Wxt } from 'wxt';

export const BENCH_MODE = 'bench';
export const REFERENCE_PAGE = 'bench-reference';

export function addBenchEntrypoints(wxt: Wxt, entrypoints: Entrypoint[]): void {
  if (wxt.config.mode !== BENCH_MODE) return;
  entrypoints.push({
    type: 'unlisted-page',
    name: REFERENCE_PAGE,
    inputPath: resolve(wxt.config.root, 'bench/reference/index.html'),
    outputDir: wxt.config.outDir,
    options: {},
    skipped: false,
  });
}
