import { render } from 'preact';
import { mountAnchoredUi, type AnchoredUi } from '../../lib/content/anchored-ui';
import { createJobSession } from '../../lib/content/job-session';
import type { ContentFeature } from '../../lib/content/runner';
import { contentStyles, prepareContentUi } from '../../lib/content/shadow-host';
import { watchSiteSaves, watchSiteStatus } from '../../lib/content/site-watch';
import { markMounted } from '../../lib/content/timing';
import type { ChecklistItemId, JobStatus } from '../../lib/core/types';
import { onBroadcast, send } from '../../lib/messaging/client';
import { findFixTarget, findStatusAnchor, hasFixTarget, SELECTORS } from '../../lib/pages/selectors';
import { refreshSiteView, revealFixTarget } from '../../lib/pages/site';
import { detectAdminPage, isSettingsPage } from '../../lib/pages/urls';
import { JobBar, type BarFit } from './ui/JobBar';

/**
 * A job's Settings page, both layouts: status, go-live checklist badge and status changes in
 * the site's banner (new) or next to its status buttons (classic); a floating pill when the
 * markup has no such place. Nothing is added to the page until there is a job to show.
 */
export const settingsPageFeature: ContentFeature = {
  id: 'settings-page',
  matches: isSettingsPage,
  async init({ url, signal, report }) {
    const page = detectAdminPage(url);
    if (page?.kind !== 'job') return;
    const { layout, jobId } = page;
    let ui: { view: AnchoredUi; stop: AbortController } | null = null;

    const session = createJobSession({ jobId, signal, send, refreshSiteView: () => refreshSiteView(), onChange: () => paint(), report });
    const actions = {
      onSelect: (to: JobStatus) => session.request(to),
      onConfirm: () => void session.confirm(),
      onCancel: () => session.cancel(),
      onDismissNotice: () => session.dismissNotice(),
      canFix: (id: ChecklistItemId) => hasFixTarget(layout, id),
      onFix: (id: ChecklistItemId) => {
        const target = findFixTarget(document, layout, id);
        if (target) revealFixTarget(target);
      },
    };

    function mount(): { view: AnchoredUi; stop: AbortController } {
      const stop = new AbortController();
      signal.addEventListener('abort', () => stop.abort(), { once: true });
      const view = mountAnchoredUi({
        signal: stop.signal,
        name: 'job-status-companion',
        styles: contentStyles(),
        findAnchor: () => findStatusAnchor(document, layout),
        anchoredStyle: SELECTORS[layout].settings.hostStyle,
        // Not from within mountAnchoredUi's own first placement: `ui` is assigned by then.
        onPlace: () => queueMicrotask(paint),
        onRemove: (container) => render(null, container),
      });
      return { view, stop };
    }

    function paint(): void {
      if (signal.aborted) return;
      try {
        if (!session.state.data) {
          // The job went away (deleted on the admin): so does the UI, until it is back.
          ui?.stop.abort();
          ui = null;
          return;
        }
        ui ??= mount();
        if (ui.view.placement === null) return; // still looking for its anchor
        const fit: BarFit = ui.view.placement === 'floating' ? 'pill' : layout === 'new' ? 'row' : 'inline';
        render(<JobBar fit={fit} state={session.state} signal={signal} {...actions} />, ui.view.container);
        markMounted('settings-page');
      } catch (error) {
        report(error);
      }
    }

    onBroadcast((event) => session.onBroadcast(event), signal);
    watchSiteSaves(layout, signal, () => void session.siteSaved());
    watchSiteStatus(layout, signal, () => void session.siteStatusChanged());
    // The UI appears with the cached job (first paint), then follows the revalidated one.
    const started = session.start();
    prepareContentUi();
    await started;
  },
};
