import { t } from '../../lib/i18n/t';
import type { SyncStateView } from '../../lib/messaging/protocol';
import { formatDateTime, formatNumber } from '../../components/format';
import { intervalLabel, SYNC_INTERVALS } from './labels';
import { lastErrorText } from '../../components/labels';

export interface SyncSectionProps {
  intervalMinutes: number;
  badgeEnabled: boolean;
  sync: SyncStateView | null;
  busy: boolean;
  onInterval: (minutes: number) => void;
  onBadge: (enabled: boolean) => void;
  onSyncNow: () => void;
}

function statusText(sync: SyncStateView): string {
  switch (sync.status) {
    case 'never':
      return t('options_sync_status_never');
    case 'syncing':
      return t('options_sync_status_syncing');
    case 'signed-out':
      return t('options_sync_status_signed_out');
    case 'offline':
      return t('options_sync_status_offline');
    case 'error':
      return t('options_sync_status_error', sync.lastError ? lastErrorText(sync.lastError) : '');
    case 'ok':
      return sync.lastSuccessAt ? t('options_sync_status_ok', formatDateTime(sync.lastSuccessAt)) : t('options_sync_status_never');
  }
}

/** How often the background syncs, the toolbar badge, and where the last sync stands. */
export function SyncSection({ intervalMinutes, badgeEnabled, sync, busy, onInterval, onBadge, onSyncNow }: SyncSectionProps) {
  // A value set elsewhere (an older version, a hand-edited profile) still shows as selected.
  const intervals = SYNC_INTERVALS.includes(intervalMinutes) ? SYNC_INTERVALS : [...SYNC_INTERVALS, intervalMinutes].sort((a, b) => a - b);
  return (
    <section class="opt-card" aria-labelledby="sync-heading">
      <h2 id="sync-heading" class="opt-card__title">
        {t('options_sync_heading')}
      </h2>
      <div class="opt-field">
        <label for="sync-interval" class="opt-field__label">
          {t('options_sync_interval_label')}
        </label>
        <select
          id="sync-interval"
          class="opt-select"
          value={String(intervalMinutes)}
          aria-describedby="sync-interval-hint"
          onChange={(event) => onInterval(Number((event.currentTarget as HTMLSelectElement).value))}
        >
          {intervals.map((minutes) => (
            <option key={minutes} value={String(minutes)}>
              {intervalLabel(minutes)}
            </option>
          ))}
        </select>
        <p id="sync-interval-hint" class="opt-field__hint">
          {t('options_sync_hint')}
        </p>
      </div>
      <div class="opt-field opt-field--inline">
        <input
          id="badge-enabled"
          type="checkbox"
          class="opt-checkbox"
          checked={badgeEnabled}
          onChange={(event) => onBadge((event.currentTarget as HTMLInputElement).checked)}
        />
        <label for="badge-enabled">{t('options_badge_label')}</label>
      </div>
      {sync && (
        <div class="opt-status">
          <div class="opt-status__text">
            <p class={`opt-status__line${sync.status === 'error' || sync.status === 'offline' ? ' opt-status__line--problem' : ''}`}>
              {statusText(sync)}
            </p>
            {sync.account && (
              <p class="opt-status__line opt-status__line--muted">
                {t('options_sync_account', sync.account.name, formatNumber(sync.jobCount))}
              </p>
            )}
          </div>
          <button type="button" class="jsc-btn" onClick={onSyncNow} disabled={busy || sync.status === 'syncing'}>
            {t('options_sync_now')}
          </button>
        </div>
      )}
    </section>
  );
}
