import { GO_LIVE_CHECKLIST, PREPAY_CHECKLIST } from '../../lib/core/checklist';
import type { ChecklistItemId, ChecklistKind, Severity } from '../../lib/core/types';

export interface ChecklistItemRow {
  id: ChecklistItemId;
  defaultSeverity: Severity;
  kinds: ChecklistKind[];
}

/**
 * One row per item id, in checklist order: a setting applies to the item in every checklist
 * that has it (lib/core's effectiveSeverity), so shared items must not appear twice.
 */
export const CHECKLIST_ROWS: readonly ChecklistItemRow[] = (() => {
  const rows = new Map<ChecklistItemId, ChecklistItemRow>();
  for (const [kind, items] of [['go-live', GO_LIVE_CHECKLIST], ['prepay', PREPAY_CHECKLIST]] as const) {
    for (const item of items) {
      const row = rows.get(item.id);
      if (row) row.kinds.push(kind);
      else rows.set(item.id, { id: item.id, defaultSeverity: item.defaultSeverity, kinds: [kind] });
    }
  }
  return [...rows.values()];
})();

export function defaultSeverity(id: ChecklistItemId): Severity {
  return CHECKLIST_ROWS.find((row) => row.id === id)?.defaultSeverity ?? 'recommended';
}
