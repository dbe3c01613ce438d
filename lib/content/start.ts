import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectAdminPage } from '../pages/urls';
import { createRunner, type ContentFeature } from './runner';

/**
 * Wires the feature runner to the page: runs once now and again on every client-side
 * navigation. The admin page only ever sees one attribute on <html>, which names the page
 * the extension recognised (handy when a support agent asks "is it running?").
 */
export function startContentFeatures(ctx: ContentScriptContext, features: readonly ContentFeature[]): void {
  const runner = createRunner(features);
  const run = (url: URL) => {
    const page = detectAdminPage(url);
    document.documentElement.dataset.jobStatusCompanion = page
      ? page.kind === 'job'
        ? `${page.layout}:${page.tab}:${page.jobId}`
        : `${page.layout}:overview`
      : 'unknown';
    void runner.navigate(url);
  };
  ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => run(newUrl));
  ctx.onInvalidated(() => runner.stop());
  run(new URL(location.href));
}
