import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectAdminPage } from '../pages/urls';
import { createRunner, type ContentFeature, type FeatureErrorLogger, type Runner } from './runner';

/** How long a navigation may take to land in this document before it counts as leaving it. */
const SETTLE_TRIES = 20;
const SETTLE_STEP_MS = 25;

/**
 * Wires the feature runner to the page: runs once now and again on every client-side
 * navigation. The admin page only ever sees one attribute on <html>, which names the page
 * the extension recognised (handy when a support agent asks "is it running?").
 */
export function startContentFeatures(ctx: ContentScriptContext, features: readonly ContentFeature[], log?: FeatureErrorLogger): Runner {
  const runner = createRunner(features, log);
  const run = (url: URL) => {
    const page = detectAdminPage(url);
    document.documentElement.dataset.jobStatusCompanion = page
      ? page.kind === 'job'
        ? `${page.layout}:${page.tab}:${page.jobId}`
        : `${page.layout}:overview`
      : 'unknown';
    void runner.navigate(url);
  };
  let pending = 0;
  // WXT reports a navigation when the Navigation API announces it, before the URL changes. A
  // client-side one lands here a moment later; a full page load never does (the next document
  // gets its own content script), and running the features for it here would act on the old page.
  const whenLanded = (url: URL, generation: number, tries: number) => {
    if (generation !== pending) return;
    if (location.href === url.href) run(url);
    else if (tries > 0) ctx.setTimeout(() => whenLanded(url, generation, tries - 1), tries === SETTLE_TRIES ? 0 : SETTLE_STEP_MS);
  };
  ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => {
    pending += 1;
    whenLanded(newUrl, pending, SETTLE_TRIES);
  });
  ctx.onInvalidated(() => runner.stop());
  run(new URL(location.href));
  return runner;
}

/** Runs `start` once the document is parsed (now, if it is), unless the content script is invalidated first. */
export function whenDomReady(ctx: ContentScriptContext, start: () => void): void {
  if (document.readyState !== 'loading') {
    start();
    return;
  }
  ctx.addEventListener(document, 'DOMContentLoaded', () => start(), { once: true });
}
