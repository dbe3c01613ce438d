/**
 * The bundle budgets of DESIGN.md §5, checked on the production build in `npm test` (after the
 * build and zip steps of scripts/test.mjs): a gzipped bundle that outgrows its budget fails here,
 * long before anyone runs `npm run bench`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findZip, measureBundles } from '../../bench/bundles';
import { BUNDLE_BUDGETS, KB, type BundleName } from '../../bench/targets';

const BUILD_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

describe('bundle budgets (gzipped, production build)', () => {
  if (!existsSync(resolve(BUILD_DIR, 'manifest.json'))) {
    it('needs the production build', () => {
      expect.fail(`No production build in ${BUILD_DIR}: run \`npm run zip\` first (npm test does).`);
    });
    return;
  }
  const zip = findZip(BUILD_DIR);
  const sizes = measureBundles(BUILD_DIR, zip);

  it.each(Object.keys(BUNDLE_BUDGETS) as BundleName[])('%s stays within its budget', (name) => {
    if (name === 'zip') expect(zip, 'no zip next to the build: run `npm run zip` (npm test does)').not.toBeNull();
    const { bytes, files } = sizes[name];
    const budget = BUNDLE_BUDGETS[name];
    expect(bytes, `${name}: ${(bytes / KB).toFixed(1)} kB > ${budget / KB} kB (${files.join(', ')})`).toBeLessThanOrEqual(budget);
  });

  it('counts what each part loads', () => {
    // A budget that measures nothing would always pass.
    expect(sizes.popup.files.some((file) => file.includes('popup'))).toBe(true);
    expect(sizes.background.files).toContain('background.js');
    expect(sizes.content.files.length).toBeGreaterThan(0);
  });
});
