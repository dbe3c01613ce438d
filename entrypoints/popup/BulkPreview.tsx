import type { ChecklistItemId } from '../../lib/core/types';
import type { BulkEntry, PlannedChange } from '../../lib/core/bulk';
import { t } from '../../lib/i18n/t';
import { formatNumber } from '../../components/format';
import { checkLabel, counted, refusalText, statusLabel } from '../../components/labels';
import type { BulkPreview as Preview } from './bulk-store';
import { Icon } from './icons';

export interface BulkPreviewProps {
  preview: Preview;
  /** Names of the selected jobs, to list skipped and flagged ones by name. */
  names: ReadonlyMap<string, string>;
  busy: boolean;
  error: string | null;
  onIncludeCritical: (include: boolean) => void;
  onRun: () => void;
  onCancel: () => void;
}

/** What a bulk change will do, before it is sent: lib/core's plan, made readable. */
export function BulkPreview({ preview, names, busy, error, onIncludeCritical, onRun, onCancel }: BulkPreviewProps) {
  const { plan, target, includeCritical } = preview;
  const changes = plan.entries.filter((entry): entry is PlannedChange => entry.outcome === 'change');
  const flagged = changes.filter((entry) => entry.criticalMissing.length > 0);
  const skipped = plan.entries.filter((entry): entry is Extract<BulkEntry, { outcome: 'skip' }> => entry.outcome === 'skip');
  const willRun = includeCritical ? changes.length : changes.length - flagged.length;
  const emails = changes.filter((entry) => entry.campaignEmails && (includeCritical || entry.criticalMissing.length === 0)).length;
  const name = (id: string) => names.get(id) ?? id;

  return (
    <div class="pop-view pop-view--preview" data-view="bulk-preview">
      <header class="pop-subheader">
        <button type="button" class="pop-icon-btn" aria-label={t('popup_back')} title={t('popup_back')} onClick={onCancel}>
          <Icon name="back" />
        </button>
        <h1 class="pop-subheader__title" id="preview-title">{t('popup_preview_title', statusLabel(target))}</h1>
      </header>
      <div class="pop-scroll" role="region" aria-labelledby="preview-title" tabIndex={0}>
        <div class="pop-tiles">
          <Tile label={t('popup_preview_will_change')} value={plan.willChange} tone="ok" />
          <Tile label={t('popup_preview_skipped')} value={plan.skipped} tone="muted" />
          <Tile label={t('popup_preview_with_critical')} value={plan.withCritical} tone={plan.withCritical > 0 ? 'critical' : 'muted'} />
        </div>

        {target === 'archived' && <p class="jsc-callout jsc-callout--info">{t('dialog_archive_body')}</p>}
        {target === 'planning' && <p class="jsc-callout jsc-callout--info">{t('popup_dialog_planning_body')}</p>}

        {flagged.length > 0 && (
          <fieldset class="pop-choice">
            <legend class="pop-choice__legend">{counted(flagged.length, 'popup_preview_critical_question_one', 'popup_preview_critical_question', formatNumber(flagged.length))}</legend>
            <label class="pop-choice__option">
              <input type="radio" name="critical" checked={!includeCritical} onChange={() => onIncludeCritical(false)} />
              {t('popup_preview_skip_critical')}
            </label>
            <label class="pop-choice__option">
              <input type="radio" name="critical" checked={includeCritical} onChange={() => onIncludeCritical(true)} />
              {t('popup_preview_include_critical')}
            </label>
          </fieldset>
        )}

        {emails > 0 && (
          <p class="jsc-callout jsc-callout--warning">{counted(emails, 'popup_preview_campaign_notice_one', 'popup_preview_campaign_notice', formatNumber(emails))}</p>
        )}

        {flagged.length > 0 && (
          <details class="pop-details">
            <summary>{t('popup_preview_flagged_list', formatNumber(flagged.length))}</summary>
            <ul class="pop-plainlist">
              {flagged.map((entry) => (
                <li key={entry.jobId}>
                  <span class="pop-plainlist__name">{name(entry.jobId)}</span>
                  <span class="pop-plainlist__reason">{entry.criticalMissing.map((id: ChecklistItemId) => checkLabel(id)).join(', ')}</span>
                </li>
              ))}
            </ul>
          </details>
        )}

        {skipped.length > 0 && (
          <details class="pop-details">
            <summary>{t('popup_preview_skipped_list', formatNumber(skipped.length))}</summary>
            <ul class="pop-plainlist">
              {skipped.map((entry) => (
                <li key={entry.jobId}>
                  <span class="pop-plainlist__name">{name(entry.jobId)}</span>
                  <span class="pop-plainlist__reason">{refusalText(entry.reason)}</span>
                </li>
              ))}
            </ul>
          </details>
        )}

        {error && (
          <p class="jsc-callout jsc-callout--critical" role="alert">
            {t('error_generic', error)}
          </p>
        )}
      </div>
      <footer class="pop-footer">
        <button type="button" class="jsc-btn" onClick={onCancel}>
          {t('dialog_cancel')}
        </button>
        <button
          type="button"
          class={`jsc-btn ${target === 'archived' ? 'jsc-btn--danger' : 'jsc-btn--primary'}`}
          aria-disabled={busy || willRun === 0 ? 'true' : undefined}
          data-run-bulk
          onClick={() => !busy && willRun > 0 && onRun()}
        >
          {counted(willRun, 'popup_preview_run_one', 'popup_preview_run', formatNumber(willRun))}
        </button>
      </footer>
    </div>
  );
}

function Tile({ label, value, tone }: { label: string; value: number; tone: 'ok' | 'muted' | 'critical' }) {
  return (
    <div class={`pop-tile pop-tile--${tone}`}>
      <span class="pop-tile__value">{formatNumber(value)}</span>
      <span class="pop-tile__label">{label}</span>
    </div>
  );
}
