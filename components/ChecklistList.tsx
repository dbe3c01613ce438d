import type { ChecklistItemResult } from '../lib/core/checklist';
import type { ChecklistItemId } from '../lib/core/types';
import { t } from '../lib/i18n/t';
import { checkLabel } from './labels';

export interface ChecklistListProps {
  /** In display order: lib/core already puts critical items first. */
  items: readonly ChecklistItemResult[];
  /** When given, each missing item gets a "Fix" button. */
  onFix?: (id: ChecklistItemId) => void;
  /** Accessible name of the list. */
  label?: string;
  /** Which missing items get the "Fix" button (default: all); an item fixed elsewhere gets none. */
  canFix?: (id: ChecklistItemId) => boolean;
}

/** A checklist with each item's state; passed, critical-missing and recommended-missing look different. */
export function ChecklistList({ items, onFix, label, canFix }: ChecklistListProps) {
  return (
    <ul class="jsc-checklist" aria-label={label}>
      {items.map((item) => {
        const state = item.passed ? 'passed' : item.severity === 'critical' ? 'critical' : 'recommended';
        const name = checkLabel(item.id);
        return (
          <li key={item.id} class={`jsc-check jsc-check--${state}`} data-item={item.id} data-state={state}>
            <span class="jsc-check__icon" aria-hidden="true">
              {item.passed ? '✓' : item.severity === 'critical' ? '✕' : '!'}
            </span>
            <span class="jsc-check__label">
              {name}
              <span class="jsc-visually-hidden">
                {' — '}
                {item.passed ? t('item_passed') : t('item_missing')}
              </span>
            </span>
            {!item.passed && (
              <span class="jsc-check__severity">
                {item.severity === 'critical' ? t('severity_critical') : t('severity_recommended')}
              </span>
            )}
            {!item.passed && onFix && (canFix?.(item.id) ?? true) && (
              <button type="button" class="jsc-btn jsc-btn--small jsc-btn--ghost" aria-label={t('popup_fix_item', name)} onClick={() => onFix(item.id)}>
                {t('popup_fix')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
