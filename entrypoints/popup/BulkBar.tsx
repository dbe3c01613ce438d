import { isTransitionAllowed } from '../../lib/core/transitions';
import { JOB_STATUSES, type Account, type Job, type JobStatus } from '../../lib/core/types';
import { t } from '../../lib/i18n/t';
import { formatNumber } from '../../components/format';
import { Icon } from './icons';
import type { BulkView } from '../../lib/messaging/protocol';
import { statusLabel } from '../../components/labels';
import { finishedCount, isActive } from './bulk-store';

const BULK_ACTION_KEYS = {
  planning: 'popup_bulk_to_planning',
  prepay: 'popup_bulk_to_prepay',
  selling: 'popup_bulk_to_selling',
  archived: 'popup_bulk_to_archived',
} as const;

/** The statuses at least one selected job may move to (lib/core decides each job). */
export function bulkTargets(jobs: Iterable<Job>, account: Account | null): JobStatus[] {
  if (!account) return [];
  const list = [...jobs];
  return JOB_STATUSES.filter((to) => list.some((job) => isTransitionAllowed(job, account, to)));
}

export interface BulkBarProps {
  selected: ReadonlyMap<string, Job>;
  account: Account | null;
  busy: boolean;
  onAction: (to: JobStatus) => void;
  onClear: () => void;
}

/** Appears with a selection: how many, and the status changes allowed for them. */
export function BulkBar({ selected, account, busy, onAction, onClear }: BulkBarProps) {
  const targets = bulkTargets(selected.values(), account);
  return (
    <div class="pop-bulkbar" role="region" aria-label={t('popup_bulk_bar_label')}>
      <div class="pop-bulkbar__head">
        <strong class="pop-bulkbar__count">{t('popup_selected_count', formatNumber(selected.size))}</strong>
        <button type="button" class="jsc-btn jsc-btn--small jsc-btn--ghost" onClick={onClear}>
          {t('popup_clear_selection')}
        </button>
      </div>
      <div class="pop-bulkbar__actions">
        {targets.length === 0 && <span class="pop-muted">{t('popup_bulk_none_allowed')}</span>}
        {targets.map((to) => (
          <button
            key={to}
            type="button"
            class={`jsc-btn jsc-btn--small${to === 'selling' ? ' jsc-btn--primary' : ''}`}
            data-bulk-to={to}
            aria-disabled={busy ? 'true' : undefined}
            onClick={() => !busy && onAction(to)}
          >
            {t(BULK_ACTION_KEYS[to])}
          </button>
        ))}
      </div>
    </div>
  );
}

export interface BulkStripProps {
  bulk: BulkView;
  onShow: () => void;
  onDismiss: () => void;
}

/** A running or finished bulk, in one line under the list; it comes back when the popup reopens. */
export function BulkStrip({ bulk, onShow, onDismiss }: BulkStripProps) {
  const active = isActive(bulk);
  const done = finishedCount(bulk);
  const problems = bulk.counts.failed + bulk.counts.conflict;
  return (
    <div class={`pop-strip${problems > 0 && !active ? ' pop-strip--problem' : ''}`} data-bulk-state={bulk.state}>
      <button type="button" class="pop-strip__main" onClick={onShow}>
        <span class="pop-strip__text">
          {active
            ? t('popup_strip_running', statusLabel(bulk.target), formatNumber(done), formatNumber(bulk.total))
            : problems > 0
              ? t('popup_strip_done_problems', formatNumber(bulk.counts.done), formatNumber(problems))
              : t('popup_strip_done', formatNumber(bulk.counts.done))}
        </span>
        <progress class="pop-strip__bar" max={bulk.total || 1} value={done} aria-hidden="true" />
      </button>
      {!active && (
        <button type="button" class="pop-icon-btn" aria-label={t('popup_close_results')} title={t('popup_close_results')} onClick={onDismiss}>
          <Icon name="close" />
        </button>
      )}
    </div>
  );
}
