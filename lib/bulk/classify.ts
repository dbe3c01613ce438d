import { failureReason, isAdminApiError, isTransient } from '../admin-api/errors';
import { reason, type Reason } from '../core/reasons';
import type { BulkEntry } from '../cache';
import type { Job } from '../core/types';

/**
 * What one send's answer means for its journal entry. Pure: the queue decides what to do with
 * an outcome (finish, requeue, pause); this only reads the admin API's error.
 */
export type Outcome =
  | { kind: 'done'; job: Job }
  | { kind: 'conflict'; job: Job }
  | { kind: 'failed'; reason: Reason }
  | { kind: 'transient'; reason: Reason }
  | { kind: 'rate-limited'; waitMs: number }
  | { kind: 'signed-out' };

/**
 * Whether the job as the server has it now is this entry's own change: one version up, at the
 * target. Sent before (attempt > 1), a lost answer or a key the server forgot after 24 hours
 * makes the server's current job the only witness of what happened.
 */
export function isOwnChange(entry: Pick<BulkEntry, 'expectedVersion' | 'to'>, job: Pick<Job, 'version' | 'status'>): boolean {
  return job.version === entry.expectedVersion + 1 && job.status === entry.to;
}

/** A 429 without a usable Retry-After. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

export function classifyAttempt(error: unknown): Outcome {
  if (isAdminApiError(error)) {
    const detail = error.detail;
    switch (detail.kind) {
      case 'conflict':
        return { kind: 'conflict', job: detail.job };
      case 'rate-limited':
        return { kind: 'rate-limited', waitMs: detail.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS };
      case 'signed-out':
        return { kind: 'signed-out' };
      case 'not-found':
        return { kind: 'failed', reason: reason('api', { kind: 'not-found' }) };
      case 'not-allowed': {
        const from = detail.details.from;
        return { kind: 'failed', reason: reason('api', { kind: 'not-allowed', code: detail.code, ...(typeof from === 'string' ? { current: from } : {}) }) };
      }
      default:
        return { kind: isTransient(error) ? 'transient' : 'failed', reason: failureReason(error) };
    }
  }
  return { kind: 'failed', reason: failureReason(error) };
}
