import { ChecklistSummaryBadge } from '../../../components/ChecklistSummaryBadge';
import { checkLabel } from '../../../components/labels';
import type { ChecklistItemId } from '../../../lib/core/types';
import type { JobSummary } from '../../../lib/messaging/protocol';
import { t } from '../../../lib/i18n/t';

/**
 * The overview's per-row badge: the go-live checklist summary, its missing items in the tooltip
 * (and, for screen readers, in the text).
 */
export function OverviewBadge({ summary }: { summary: JobSummary }) {
  const detail = tooltip(summary.missing.map((item) => item.id));
  const worst = summary.worst;
  return (
    <span class="jsc-row-badge" title={detail} data-worst={worst}>
      <ChecklistSummaryBadge
        summary={{
          criticalMissing: summary.criticalMissing,
          boostersDone: summary.boostersDone,
          boostersTotal: summary.boostersTotal,
          worst,
        }}
      />
      <span class="jsc-visually-hidden">. {detail}</span>
    </span>
  );
}

/**
 * Every t() is a call into the browser's i18n, and a page of a hundred rows asks for the same
 * few tooltips over and over: each distinct one is built once per page.
 */
const tooltips = new Map<string, string>();

function tooltip(ids: ChecklistItemId[]): string {
  const key = ids.join();
  let text = tooltips.get(key);
  if (text === undefined) {
    text = ids.length ? t('page_missing_items', ids.map(checkLabel).join(', ')) : t('page_nothing_missing');
    tooltips.set(key, text);
  }
  return text;
}
