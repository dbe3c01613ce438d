/**
 * The targets of DESIGN.md §5, in one place: `npm run bench` judges its measurements by them and
 * tests/bench/budget.test.ts fails `npm test` when a production bundle outgrows its budget.
 * Sizes are in bytes, kB = 1,000 bytes (as Vite and WXT print them).
 */
export const KB = 1000;

/** Gzipped (the zip: as shipped). */
export const BUNDLE_BUDGETS = {
  popup: 40 * KB,
  background: 30 * KB,
  content: 25 * KB,
  zip: 500 * KB,
} as const;

export type BundleName = keyof typeof BUNDLE_BUDGETS;

export const TARGETS = {
  popupFirstRowsMs: 100,
  popupVsReference: 2,
  searchKeystrokeMs: 16,
  maxRowsInDom: 100,
  contentMountMs: 50,
  syncVsRaw: 1.5,
  transactionsPerPage: 1,
  bulkOfLimit: 0.9,
} as const;
