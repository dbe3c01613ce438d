import type { ChecklistItemId, JobStatus } from '../lib/core/types';
import type { TransitionRefusal } from '../lib/core/transitions';
import type { Reason, ReasonParams, StoredReason } from '../lib/core/reasons';
import { MessageFailure } from '../lib/messaging/client';
import type { SyncStateView } from '../lib/messaging/protocol';
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

/**
 * The one place a reason from the background becomes words. Rows journalled before reasons
 * were codes hold a sentence, shown as it is.
 */
export function reasonText(stored: StoredReason): string {
  if (typeof stored === 'string') return stored;
  const why = stored;
  switch (why.code) {
    case 'same-status':
    case 'not-in-table':
    case 'prepay-feature-off':
    case 'sales-method-not-prepay':
      return refusalText({ code: why.code, ...why.params } as TransitionRefusal);
    case 'critical-missing':
      return t('reason_critical_missing', why.params.items.map((id) => checkLabel(id)).join(', '));
    case 'undo-status-changed':
      return t('reason_undo_status_changed', statusLabel(why.params.actual), statusLabel(why.params.expected));
    case 'conflict':
      return t('reason_conflict', statusLabel(why.params.status), why.params.version, why.params.expected);
    case 'api':
      return apiText(why.params);
    case 'bulk-not-finished':
      return why.params.action === 'undo' ? t('reason_bulk_not_finished_undo') : t('reason_bulk_not_finished_retry');
    case 'invalid-message':
      return t('reason_invalid_message', why.params.detail);
    case 'unexpected':
      return t('reason_unexpected', why.params.detail);
    default:
      return t(PLAIN_REASON_KEYS[why.code]);
  }
}

type PlainReasonCode = Exclude<
  Reason['code'],
  'same-status' | 'not-in-table' | 'prepay-feature-off' | 'sales-method-not-prepay' | 'critical-missing' | 'undo-status-changed' | 'conflict' | 'api' | 'bulk-not-finished' | 'invalid-message' | 'unexpected'
>;

const PLAIN_REASON_KEYS: Readonly<Record<PlainReasonCode, MessageKey>> = {
  'not-in-cache': 'reason_not_in_cache',
  cancelled: 'reason_cancelled',
  'waiting-for-sign-in': 'reason_waiting_for_sign_in',
  'confirmed-by-readback': 'reason_confirmed_by_readback',
  'no-account': 'reason_no_account',
  'job-changed': 'reason_job_changed',
  'no-such-bulk': 'reason_no_such_bulk',
  'nothing-to-retry': 'reason_nothing_to_retry',
  'nothing-to-undo': 'reason_nothing_to_undo',
  'sender-refused': 'reason_sender_refused',
  'no-answer': 'reason_no_answer',
};

const API_KIND_KEYS: Readonly<Record<string, MessageKey>> = {
  'signed-out': 'reason_api_signed_out',
  forbidden: 'reason_api_forbidden',
  'not-found': 'reason_api_not_found',
  conflict: 'reason_api_conflict',
  'not-allowed': 'reason_api_not_allowed',
  'rate-limited': 'reason_api_rate_limited',
  network: 'reason_api_network',
  timeout: 'reason_api_timeout',
  aborted: 'reason_api_aborted',
};

function apiText(params: ReasonParams['api']): string {
  let text: string;
  if (params.kind === 'server') text = t('reason_api_server', params.status ?? '?');
  else if (params.kind === 'invalid-response') text = t('reason_api_invalid_response', params.path ?? '?');
  else if (params.code === 'transition_not_allowed') text = t('reason_api_transition_not_allowed');
  else if (params.code === 'prepay_not_enabled') text = t('refusal_prepay_feature_off');
  else text = t(API_KIND_KEYS[params.kind] ?? 'reason_api_not_allowed');
  const parts = [text];
  if (typeof params.current === 'string') parts.push(t('reason_api_current', statusName(params.current)));
  if (params.attempts !== undefined) parts.push(t('reason_api_gave_up', params.attempts));
  if (params.unknown) parts.push(t('reason_api_unknown'));
  return parts.join(' ');
}

/** A status the site reported, which may be one this version does not know. */
function statusName(status: string): string {
  return Object.hasOwn(STATUS_KEYS, status) ? statusLabel(status as JobStatus) : status;
}

/** Why the last sync failed; records from before reasons were codes hold a sentence. */
export function lastErrorText(lastError: NonNullable<SyncStateView['lastError']>): string {
  return 'reason' in lastError ? reasonText(lastError.reason) : lastError.message;
}

/** Words for anything a request to the background threw. */
export function errorText(error: unknown): string {
  if (error instanceof MessageFailure) return reasonText(error.error.reason);
  return error instanceof Error ? error.message : String(error);
}
