import type { TransitionRefusal } from './transitions';
import type { ChecklistItemId, JobStatus } from './types';

/**
 * Why something was refused, skipped or failed, as data. The background journals and sends
 * these; only the UI turns one into words (components/labels.ts `reasonText`), in the user's
 * language. A reason never carries a sentence: `detail` fields hold technical text (a field
 * path, a bug's message) that the UI shows inside a translated frame.
 */
export interface ReasonParams {
  // The transition table's refusals (lib/core/transitions.ts), as they are.
  'same-status': { status: JobStatus };
  'not-in-table': { from: JobStatus; to: JobStatus };
  'prepay-feature-off': Empty;
  'sales-method-not-prepay': { salesMethod: string };
  // Bulk entries.
  'not-in-cache': Empty;
  cancelled: Empty;
  'waiting-for-sign-in': Empty;
  'critical-missing': { items: ChecklistItemId[] };
  'undo-status-changed': { actual: JobStatus; expected: JobStatus };
  conflict: { status: JobStatus; version: number; expected: number };
  'confirmed-by-readback': Empty;
  /**
   * The admin API failed. `kind` is the API error's kind; `path` the failing field of an
   * invalid response; for a refused change `code` is the site's reason and `current` the status
   * it reports; `attempts` is set when the bulk gave up; `unknown` when whether the change was
   * applied could not be read back.
   */
  api: { kind: string; status?: number; path?: string; code?: string; current?: string; attempts?: number; unknown?: boolean };
  // Refused requests from a page.
  'no-account': Empty;
  'job-changed': Empty;
  'no-such-bulk': Empty;
  'bulk-not-finished': { action: 'retry' | 'undo' };
  'nothing-to-retry': Empty;
  'nothing-to-undo': Empty;
  'invalid-message': { detail: string };
  'sender-refused': Empty;
  /** The background did not answer a message (it crashed or the extension was reloaded). */
  'no-answer': Empty;
  /** A bug, not an answer: `detail` is the error's own message. */
  unexpected: { detail: string };
}

type Empty = Record<never, never>;

export type ReasonCode = keyof ReasonParams;

export type Reason = {
  [C in ReasonCode]: keyof ReasonParams[C] extends never ? { code: C; params?: Empty } : { code: C; params: ReasonParams[C] };
}[ReasonCode];

export const REASON_CODES = [
  'same-status',
  'not-in-table',
  'prepay-feature-off',
  'sales-method-not-prepay',
  'not-in-cache',
  'cancelled',
  'waiting-for-sign-in',
  'critical-missing',
  'undo-status-changed',
  'conflict',
  'confirmed-by-readback',
  'api',
  'no-account',
  'job-changed',
  'no-such-bulk',
  'bulk-not-finished',
  'nothing-to-retry',
  'nothing-to-undo',
  'invalid-message',
  'sender-refused',
  'no-answer',
  'unexpected',
] as const satisfies readonly ReasonCode[];

/** Builds a reason; the params' type follows the code. */
export function reason<C extends ReasonCode>(code: C, ...params: keyof ReasonParams[C] extends never ? [] : [ReasonParams[C]]): Reason {
  return (params.length === 0 ? { code } : { code, params: params[0] }) as Reason;
}

export function refusalReason(refusal: TransitionRefusal): Reason {
  switch (refusal.code) {
    case 'same-status':
      return reason('same-status', { status: refusal.status });
    case 'not-in-table':
      return reason('not-in-table', { from: refusal.from, to: refusal.to });
    case 'prepay-feature-off':
      return reason('prepay-feature-off');
    case 'sales-method-not-prepay':
      return reason('sales-method-not-prepay', { salesMethod: refusal.salesMethod });
  }
}

/** An API failure with more said about it (attempts, an unknown outcome); other reasons as they are. */
export function withApiDetail(why: Reason, extra: Pick<ReasonParams['api'], 'attempts' | 'unknown'>): Reason {
  return why.code === 'api' ? { code: 'api', params: { ...why.params, ...extra } } : why;
}

/**
 * A journal or activity row's reason: rows written before reasons were codes hold a sentence,
 * which is shown as it is (no upgrade rewrites them).
 */
export type StoredReason = Reason | string;
