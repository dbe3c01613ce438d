import type { BulkJobResult, BulkJobState, BulkView } from '../../lib/messaging/protocol';
import { t } from '../../lib/i18n/t';
import type { MessageKey } from '../../lib/i18n/catalog';
import { formatDateTime, formatNumber } from '../../components/format';
import { reasonText, statusLabel } from '../../components/labels';
import { finishedCount, isActive } from './bulk-store';
import { Icon } from './icons';

export interface BulkPanelProps {
  bulk: BulkView;
  busy: boolean;
  error: string | null;
  onBack: () => void;
  onCancelBulk: () => void;
  onRetry: () => void;
  onUndo: () => void;
  onCopyFailures: (results: BulkJobResult[]) => void;
  onCsvFailures: (results: BulkJobResult[]) => void;
  onDismiss: () => void;
}

const COUNT_KEYS: readonly [BulkJobState, MessageKey][] = [
  ['done', 'popup_bulk_count_done'],
  ['failed', 'popup_bulk_count_failed'],
  ['conflict', 'popup_bulk_count_conflict'],
  ['skipped', 'popup_bulk_count_skipped'],
  ['cancelled', 'popup_bulk_count_cancelled'],
];

/** A bulk's progress while it runs, then its results and what to do about failures. */
export function BulkPanel(props: BulkPanelProps) {
  const { bulk, busy } = props;
  const active = isActive(bulk);
  const finished = finishedCount(bulk);
  const failures = bulk.results.filter((result) => result.state === 'failed' || result.state === 'conflict');
  const skipped = bulk.results.filter((result) => result.state === 'skipped');
  const percent = bulk.total === 0 ? 100 : Math.round((finished / bulk.total) * 100);

  let stateText: string;
  if (bulk.waitingFor) stateText = t('popup_bulk_waiting_account', bulk.waitingFor.accountName);
  else if (bulk.state === 'paused' && bulk.resumeAt) stateText = t('popup_bulk_paused', formatDateTime(bulk.resumeAt));
  else if (active) stateText = t('popup_bulk_running', formatNumber(finished), formatNumber(bulk.total));
  else if (bulk.state === 'cancelled') stateText = t('popup_bulk_cancelled');
  else stateText = t('popup_bulk_finished');

  const title =
    bulk.origin?.kind === 'undo'
      ? t('popup_bulk_title_undo')
      : bulk.origin?.kind === 'retry'
        ? t('popup_bulk_title_retry', statusLabel(bulk.target))
        : t('popup_bulk_title', statusLabel(bulk.target));

  return (
    <div class="pop-view pop-view--bulk" data-view="bulk" data-bulk-state={bulk.state}>
      <header class="pop-subheader">
        <button type="button" class="pop-icon-btn" aria-label={t('popup_back')} title={t('popup_back')} onClick={props.onBack}>
          <Icon name="back" />
        </button>
        <h1 class="pop-subheader__title" id="bulk-title">{title}</h1>
      </header>
      <div class="pop-scroll" role="region" aria-labelledby="bulk-title" tabIndex={0}>
        <p class="pop-bulk__state" role="status">
          {stateText}
        </p>
        <div
          class={`pop-progress${active ? ' pop-progress--active' : ''}`}
          role="progressbar"
          aria-label={t('popup_bulk_progress_label')}
          aria-valuemin={0}
          aria-valuemax={bulk.total}
          aria-valuenow={finished}
          aria-valuetext={t('popup_bulk_running', formatNumber(finished), formatNumber(bulk.total))}
        >
          <span class="pop-progress__fill" style={{ width: `${percent}%` }} />
        </div>
        <dl class="pop-counts">
          {COUNT_KEYS.filter(([state]) => state === 'done' || bulk.counts[state] > 0).map(([state, key]) => (
            <div key={state} class={`pop-count pop-count--${state}`} data-count={state}>
              <dt>{t(key)}</dt>
              <dd>{formatNumber(bulk.counts[state])}</dd>
            </div>
          ))}
          {active && (
            <div class="pop-count pop-count--pending" data-count="pending">
              <dt>{t('popup_bulk_count_pending')}</dt>
              <dd>{formatNumber(bulk.counts.pending + bulk.counts['in-flight'])}</dd>
            </div>
          )}
        </dl>

        {failures.length > 0 && (
          <section class="pop-section" aria-labelledby="bulk-failures">
            <h2 class="pop-section__title" id="bulk-failures">
              {t('popup_bulk_failures', formatNumber(failures.length))}
            </h2>
            <ul class="pop-plainlist pop-plainlist--bordered">
              {failures.map((result) => (
                <li key={result.jobId} data-result={result.state}>
                  <span class="pop-plainlist__name">{result.name}</span>
                  <span class="pop-plainlist__reason">
                    {result.state === 'conflict' ? t('popup_bulk_conflict_reason') : (result.reason ? reasonText(result.reason) : t('popup_bulk_failed_reason'))}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}

        {skipped.length > 0 && (
          <details class="pop-details">
            <summary>{t('popup_preview_skipped_list', formatNumber(skipped.length))}</summary>
            <ul class="pop-plainlist">
              {skipped.map((result) => (
                <li key={result.jobId}>
                  <span class="pop-plainlist__name">{result.name}</span>
                  <span class="pop-plainlist__reason">{result.reason ? reasonText(result.reason) : ''}</span>
                </li>
              ))}
            </ul>
          </details>
        )}

        {props.error && (
          <p class="jsc-callout jsc-callout--critical" role="alert">
            {t('error_generic', props.error)}
          </p>
        )}
      </div>
      <footer class="pop-footer pop-footer--wrap">
        {active ? (
          <button type="button" class="jsc-btn" aria-disabled={busy ? 'true' : undefined} onClick={() => !busy && props.onCancelBulk()}>
            {t('popup_bulk_cancel')}
          </button>
        ) : (
          <>
            {failures.length > 0 && (
              <>
                <button type="button" class="jsc-btn jsc-btn--small" onClick={() => props.onCopyFailures(failures)}>
                  <Icon name="copy" size={14} />
                  {t('popup_bulk_copy_failures')}
                </button>
                <button type="button" class="jsc-btn jsc-btn--small" onClick={() => props.onCsvFailures(failures)}>
                  <Icon name="download" size={14} />
                  {t('popup_bulk_csv_failures')}
                </button>
              </>
            )}
            <span class="pop-footer__spacer" />
            {bulk.counts.done > 0 && bulk.origin?.kind !== 'undo' && (
              <button type="button" class="jsc-btn" aria-disabled={busy ? 'true' : undefined} onClick={() => !busy && props.onUndo()}>
                {t('popup_bulk_undo')}
              </button>
            )}
            {bulk.counts.failed > 0 && (
              <button type="button" class="jsc-btn jsc-btn--primary" aria-disabled={busy ? 'true' : undefined} onClick={() => !busy && props.onRetry()}>
                {t('popup_bulk_retry')}
              </button>
            )}
            <button type="button" class="jsc-btn" onClick={props.onDismiss}>
              {t('popup_bulk_close')}
            </button>
          </>
        )}
      </footer>
    </div>
  );
}
