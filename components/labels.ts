import type { ChecklistItemId, JobStatus } from '../lib/core/types';
import type { TransitionRefusal } from '../lib/core/transitions';
import { findRule } from '../lib/core/transitions';
import { t } from '../lib/i18n/t';
import type { MessageKey } from '../lib/i18n/catalog';

/**
 * Translations of lib/core's codes, shared by the popup and the page. Keys are spelled out
 * (not built from strings) so the type checker proves every one exists in the catalog.
 */

const STATUS_KEYS: Readonly<Record<JobStatus, MessageKey>> = {
  planning: 'status_planning',
  prepay: 'status_prepay',
  selling: 'status_selling',
  archived: 'status_archived',
};

export function statusLabel(status: JobStatus): string {
  return t(STATUS_KEYS[status]);
}

const CHECK_KEYS: Readonly<Record<ChecklistItemId, MessageKey>> = {
  'price-list': 'check_price_list',
  photos: 'check_photos',
  'access-codes': 'check_access_codes',
  'archive-deadline-future': 'check_archive_deadline_future',
  'invoice-settings': 'check_invoice_settings',
  'archive-date': 'check_archive_date',
  'automated-campaign': 'check_automated_campaign',
  watermark: 'check_watermark',
  coupon: 'check_coupon',
  'prepay-deadline': 'check_prepay_deadline',
};

export function checkLabel(id: ChecklistItemId): string {
  return t(CHECK_KEYS[id]);
}

/** The button label for moving `from` → `to` (archived → selling reads "Reactivate selling"). */
export function actionLabel(from: JobStatus, to: JobStatus): string {
  switch (to) {
    case 'planning':
      return t('action_to_planning');
    case 'prepay':
      return t('action_to_prepay');
    case 'archived':
      return t('action_to_archived');
    case 'selling':
      return findRule(from, to)?.reactivation ? t('action_to_selling_reactivate') : t('action_to_selling');
  }
}

/**
 * A counted message: the browser's i18n has no plural rules, so each counted message has a
 * `_one` twin for exactly one (enough for English and German).
 */
export function counted(count: number, one: MessageKey, other: MessageKey, ...substitutions: (string | number)[]): string {
  return count === 1 ? t(one, ...substitutions) : t(other, ...substitutions);
}

export function refusalText(refusal: TransitionRefusal): string {
  switch (refusal.code) {
    case 'same-status':
      return t('refusal_same_status', statusLabel(refusal.status));
    case 'not-in-table':
      return t('refusal_not_in_table', statusLabel(refusal.from), statusLabel(refusal.to));
    case 'prepay-feature-off':
      return t('refusal_prepay_feature_off');
    case 'sales-method-not-prepay':
      return t('refusal_sales_method_not_prepay');
  }
}
