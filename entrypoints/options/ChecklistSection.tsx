import { t } from '../../lib/i18n/t';
import type { ChecklistItemId, ChecklistSettings, SeveritySetting } from '../../lib/core/types';
import { effectiveSeverity } from '../../lib/core/checklist';
import { checkLabel } from '../../components/labels';
import { CHECKLIST_ROWS } from './checklist-items';
import { severityLabel } from './labels';

export interface ChecklistSectionProps {
  checklist: ChecklistSettings;
  onChange: (id: ChecklistItemId, value: SeveritySetting) => void;
  onReset: () => void;
}

const CHOICES: readonly SeveritySetting[] = ['critical', 'recommended', 'hidden'];

/** The severity of each checklist item, with lib/core's default shown beside it. */
export function ChecklistSection({ checklist, onChange, onReset }: ChecklistSectionProps) {
  const changed = Object.keys(checklist).length > 0;
  return (
    <section class="opt-card" aria-labelledby="checklist-heading">
      <div class="opt-card__head">
        <h2 id="checklist-heading" class="opt-card__title">
          {t('options_checklist_heading')}
        </h2>
        <button type="button" class="jsc-btn jsc-btn--small" onClick={onReset} disabled={!changed}>
          {t('options_checklist_reset')}
        </button>
      </div>
      <p class="opt-card__intro">{t('options_checklist_intro')}</p>
      <table class="opt-table">
        <thead>
          <tr>
            <th scope="col">{t('options_checklist_item')}</th>
            <th scope="col">{t('options_checklist_used_in')}</th>
            <th scope="col">{t('options_checklist_default')}</th>
            <th scope="col">{t('options_checklist_setting')}</th>
          </tr>
        </thead>
        <tbody>
          {CHECKLIST_ROWS.map((row) => {
            const value = effectiveSeverity(row, checklist);
            return (
              <tr key={row.id} class={value !== row.defaultSeverity ? 'opt-table__row--changed' : undefined}>
                <th scope="row" class="opt-table__item">
                  {checkLabel(row.id)}
                </th>
                <td class="opt-table__muted">
                  {row.kinds.map((kind) => (kind === 'go-live' ? t('options_checklist_golive') : t('options_checklist_prepay'))).join(', ')}
                </td>
                <td>
                  <span class={`opt-severity opt-severity--${row.defaultSeverity}`}>{severityLabel(row.defaultSeverity)}</span>
                </td>
                <td>
                  <select
                    class="opt-select"
                    aria-label={t('options_checklist_select_label', checkLabel(row.id))}
                    value={value}
                    onChange={(event) => onChange(row.id, (event.currentTarget as HTMLSelectElement).value as SeveritySetting)}
                  >
                    {CHOICES.map((choice) => (
                      <option key={choice} value={choice}>
                        {choice === row.defaultSeverity ? t('options_checklist_default_marker', severityLabel(choice)) : severityLabel(choice)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
