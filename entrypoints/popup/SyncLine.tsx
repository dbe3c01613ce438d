import type { SyncStateView } from '../../lib/messaging/protocol';
import { t } from '../../lib/i18n/t';
import { formatDateTime } from '../../components/format';
import { Icon } from './icons';
import { timeAgo } from './time';
import { lastErrorText } from '../../components/labels';

export interface SyncLineProps {
  view: SyncStateView | null;
  refreshing: boolean;
  /** A refresh request that failed before the background could answer. */
  error: string | null;
  clock: number;
  onSignIn: () => void;
  onRefresh: () => void;
}

/** One line saying how fresh the list is, and the next step when it is not. */
export function SyncLine({ view, refreshing, error, clock, onSignIn, onRefresh }: SyncLineProps) {
  const syncing = refreshing || view?.status === 'syncing';
  let tone: 'ok' | 'muted' | 'warning' | 'error' = 'muted';
  let content;
  if (error) {
    tone = 'error';
    content = <span>{t('popup_sync_error', error)}</span>;
  } else if (!view) {
    content = <span>{t('popup_sync_loading')}</span>;
  } else if (view.status === 'signed-out') {
    tone = 'warning';
    content = (
      <button type="button" class="pop-link" onClick={onSignIn}>
        {t('popup_sync_sign_in')}
      </button>
    );
  } else if (view.status === 'offline') {
    tone = 'warning';
    content = (
      <span>
        {view.lastSuccessAt ? t('popup_sync_offline_since', formatDateTime(view.lastSuccessAt)) : t('popup_sync_offline')}
      </span>
    );
  } else if (view.status === 'error') {
    tone = 'error';
    const why = view.lastError ? lastErrorText(view.lastError) : '';
    content = <span title={why}>{t('popup_sync_failed', why)}</span>;
  } else if (syncing && !view.lastSuccessAt) {
    content = <span>{t('popup_sync_first')}</span>;
  } else if (view.lastSuccessAt) {
    tone = 'ok';
    content = <span>{t('popup_sync_updated', timeAgo(view.lastSuccessAt, clock))}</span>;
  } else {
    content = <span>{t('popup_sync_never')}</span>;
  }
  return (
    <div class={`pop-sync pop-sync--${tone}`} data-sync={error ? 'request-error' : (view?.status ?? 'loading')}>
      <span class="pop-sync__dot" aria-hidden="true" />
      <span class="pop-sync__text" role="status">
        {content}
        {syncing && view?.lastSuccessAt && view.status !== 'signed-out' ? <span class="pop-sync__busy"> · {t('popup_syncing')}</span> : null}
      </span>
      <button
        type="button"
        class={`pop-icon-btn${syncing ? ' pop-icon-btn--spinning' : ''}`}
        aria-label={t('popup_refresh')}
        title={t('popup_refresh')}
        aria-busy={syncing ? 'true' : undefined}
        onClick={onRefresh}
      >
        <Icon name="refresh" />
      </button>
    </div>
  );
}
