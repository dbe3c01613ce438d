import type { ActivityEntry } from '../../lib/messaging/protocol';
import { t } from '../../lib/i18n/t';
import type { MessageKey } from '../../lib/i18n/catalog';
import { formatDateTime } from '../../components/format';
import { StatusBadge } from '../../components/StatusBadge';
import { Icon } from './icons';
import { reasonText } from '../../components/labels';

export interface ActivityViewProps {
  entries: ActivityEntry[] | null;
  error: string | null;
  onBack: () => void;
  onExport: () => void;
  onRetry: () => void;
}

const RESULT_KEYS: Readonly<Record<ActivityEntry['result'], MessageKey>> = {
  done: 'popup_result_done',
  failed: 'popup_result_failed',
  conflict: 'popup_result_conflict',
};

/** The changes made through the extension, newest first. */
export function ActivityView({ entries, error, onBack, onExport, onRetry }: ActivityViewProps) {
  return (
    <div class="pop-view pop-view--activity" data-view="activity">
      <header class="pop-subheader">
        <button type="button" class="pop-icon-btn" aria-label={t('popup_back')} title={t('popup_back')} onClick={onBack}>
          <Icon name="back" />
        </button>
        <h1 class="pop-subheader__title" id="activity-title">{t('popup_activity')}</h1>
        {entries && entries.length > 0 && (
          <button type="button" class="jsc-btn jsc-btn--small" onClick={onExport}>
            <Icon name="download" size={14} />
            {t('popup_export_csv_short')}
          </button>
        )}
      </header>
      <div class="pop-scroll" role="region" aria-labelledby="activity-title" tabIndex={0}>
        {error ? (
          <div class="pop-empty">
            <p class="pop-empty__title">{t('popup_activity_error')}</p>
            <p class="pop-empty__body">{error}</p>
            <button type="button" class="jsc-btn jsc-btn--primary" onClick={onRetry}>
              {t('popup_try_again')}
            </button>
          </div>
        ) : entries === null ? (
          <p class="pop-muted pop-pad">{t('popup_loading')}</p>
        ) : entries.length === 0 ? (
          <div class="pop-empty">
            <span class="pop-empty__icon">
              <Icon name="clock" size={28} />
            </span>
            <p class="pop-empty__title">{t('popup_activity_empty_title')}</p>
            <p class="pop-empty__body">{t('popup_activity_empty_body')}</p>
          </div>
        ) : (
          <ol class="pop-activity">
            {entries.map((entry) => (
              <li key={entry.id} class={`pop-activity__item pop-activity__item--${entry.result}`}>
                <div class="pop-activity__line">
                  <span class="pop-activity__name">{entry.jobName}</span>
                  <time class="pop-activity__time" dateTime={entry.at}>
                    {formatDateTime(entry.at)}
                  </time>
                </div>
                <div class="pop-activity__line">
                  <span class="pop-activity__move">
                    <StatusBadge status={entry.from} compact /> <span aria-hidden="true">→</span>
                    <span class="jsc-visually-hidden">{t('popup_to')}</span> <StatusBadge status={entry.to} compact />
                  </span>
                  <span class={`pop-activity__result pop-activity__result--${entry.result}`}>{t(RESULT_KEYS[entry.result])}</span>
                </div>
                {entry.reason && <p class="pop-activity__reason">{reasonText(entry.reason)}</p>}
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
