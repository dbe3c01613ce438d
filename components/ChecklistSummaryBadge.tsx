import type { ChecklistSummary } from '../lib/core/checklist';
import { t } from '../lib/i18n/t';
import { checkLabel } from './labels';

export interface ChecklistSummaryBadgeProps {
  /** From lib/core `checklistSummary`; `criticalIds` names the missing items in the tooltip. */
  summary: Pick<ChecklistSummary, 'criticalMissing' | 'boostersDone' | 'boostersTotal' | 'worst'> &
    Partial<Pick<ChecklistSummary, 'criticalIds'>>;
}

/** "2 critical · 3/4 boosters", coloured by the worst missing item. */
export function ChecklistSummaryBadge({ summary }: ChecklistSummaryBadgeProps) {
  const text =
    summary.criticalMissing > 0
      ? t('checklist_summary', summary.criticalMissing, summary.boostersDone, summary.boostersTotal)
      : t('checklist_all_good', summary.boostersDone, summary.boostersTotal);
  const missing = summary.criticalIds?.map(checkLabel).join(', ');
  return (
    <span class={`jsc-summary jsc-summary--${summary.worst}`} title={missing ? t('popup_missing_items', missing) : undefined}>
      <span class="jsc-summary__dot" aria-hidden="true" />
      {text}
    </span>
  );
}
