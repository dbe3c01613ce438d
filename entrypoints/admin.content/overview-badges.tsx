import { render } from 'preact';
import { createShadowHost, prepareContentUi } from '../../lib/content/shadow-host';
import type { ContentFeature } from '../../lib/content/runner';
import { markMounted } from '../../lib/content/timing';
import { onBroadcast, send } from '../../lib/messaging/client';
import type { JobSummary } from '../../lib/messaging/protocol';
import { findOverviewRows, SELECTORS } from '../../lib/pages/selectors';
import { detectAdminPage, isOverviewPage } from '../../lib/pages/urls';
import { OverviewBadge } from './ui/OverviewBadge';

const HOST = 'job-status-companion-badge';

/**
 * The job overview, both layouts: next to each job's status label, a small go-live checklist
 * badge with the missing items in its tooltip. One small shadow root per row, sharing one
 * stylesheet; rows the site adds or re-renders later get theirs too.
 */
export const overviewBadgesFeature: ContentFeature = {
  id: 'overview-badges',
  matches: isOverviewPage,
  async init({ url, signal, report }) {
    const page = detectAdminPage(url);
    if (page?.kind !== 'overview') return;
    const { layout } = page;
    const hosts = new Set<HTMLElement>();
    let summaries: Record<string, JobSummary> = {};
    /** Ids already asked about: a row the cache does not know is not asked again on every mutation. */
    const asked = new Set<string>();
    const first = refresh(true);
    prepareContentUi();
    await first;
    if (signal.aborted) return;

    /** Asks the background for the visible rows' summaries (cache only: this must be cheap). */
    async function refresh(pageView = false): Promise<void> {
      const ids = [...new Set(findOverviewRows(document, layout).map((row) => row.jobId))];
      if (ids.length === 0) return;
      for (const id of ids) asked.add(id);
      try {
        summaries = (await send('getJobSummaries', { jobIds: ids.slice(0, 1000), ...(pageView ? { revalidate: true } : {}) })).summaries;
      } catch (error) {
        report(error);
      }
    }

    function paint(): void {
      if (signal.aborted) return;
      const seen = new Set<HTMLElement>();
      for (const row of findOverviewRows(document, layout)) {
        const summary = summaries[row.jobId];
        let host = [...row.statusCell.children].find((child): child is HTMLElement => child.localName === HOST) ?? null;
        if (!summary) {
          if (host) remove(host);
          continue;
        }
        if (!host) {
          const created = createShadowHost(HOST);
          host = created.host;
          host.style.cssText = SELECTORS[layout].overview.badgeStyle;
          hosts.add(host);
          row.statusCell.append(host);
        }
        seen.add(host);
        const container = host.shadowRoot?.querySelector<HTMLElement>('.jsc-root');
        if (container) render(<OverviewBadge summary={summary} />, container);
      }
      // Rows the site removed or re-rendered took their badges out of the page: unmount those too.
      for (const host of [...hosts]) if (!seen.has(host) && !host.isConnected) remove(host);
    }

    function remove(host: HTMLElement): void {
      const container = host.shadowRoot?.querySelector<HTMLElement>('.jsc-root');
      if (container) render(null, container);
      host.remove();
      hosts.delete(host);
    }

    paint();
    markMounted('overview-badges');

    // Rows added or re-rendered by the site: paint them on the next frame, once per burst.
    let scheduled = false;
    const observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        const unasked = findOverviewRows(document, layout).some((row) => !asked.has(row.jobId));
        void (unasked ? refresh() : Promise.resolve()).then(paint).catch(report);
      });
    });
    observer.observe(document.body, { childList: true, subtree: true });

    onBroadcast((event) => {
      if (event.event === 'jobsChanged' || event.event === 'settingsChanged' || (event.event === 'syncState' && event.state.status === 'ok')) {
        void refresh().then(paint).catch(report);
      }
    }, signal);

    signal.addEventListener(
      'abort',
      () => {
        observer.disconnect();
        for (const host of [...hosts]) remove(host);
      },
      { once: true },
    );
  },
};
