/**
 * Performance marks for the benchmarks and e2e tests (the sandbox build only): when the content
 * script started, and when each feature first showed something. Production builds leave the
 * admin page's performance timeline alone.
 */
const ENABLED = import.meta.env.MODE === 'sandbox';
const marked = new Set<string>();

export const MARK_INJECTED = 'job-status-companion:injected';

export function markInjected(): void {
  if (ENABLED) performance.mark(MARK_INJECTED);
}

/** Marks `job-status-companion:mounted:<feature>` the first time in this document. */
export function markMounted(feature: string): void {
  const name = `job-status-companion:mounted:${feature}`;
  if (!ENABLED || marked.has(name)) return;
  marked.add(name);
  performance.mark(name);
}
