import type { BulkEntry, BulkRecord, NewActivity } from '../cache';
import type { UndoSkipReason } from '../core/bulk';
import { reason, refusalReason, type Reason } from '../core/reasons';
import type { TransitionRefusal } from '../core/transitions';
import type { ChecklistItemId, Job, JobStatus } from '../core/types';
import type { BulkJobState, BulkState, BulkView } from '../messaging/protocol';

/**
 * The pure part of the bulk engine: journal entries, reasons and views. Kept apart from the
 * engine so the engine file is only about ordering requests and writes.
 */

export const UNFINISHED_BULK_STATES: readonly BulkState[] = ['queued', 'running', 'paused'];
export const BULK_JOB_STATES: readonly BulkJobState[] = ['pending', 'in-flight', 'done', 'failed', 'conflict', 'skipped', 'cancelled'];

export function isFinishedBulk(record: Pick<BulkRecord, 'state'>): boolean {
  return !UNFINISHED_BULK_STATES.includes(record.state);
}

export function criticalReason(items: readonly ChecklistItemId[]): Reason {
  return reason('critical-missing', { items: [...items] });
}

export function undoSkipReason(skip: UndoSkipReason): Reason {
  switch (skip.code) {
    case 'job-not-found':
      return reason('not-in-cache');
    case 'status-changed':
      return reason('undo-status-changed', { actual: skip.actual, expected: skip.expected });
    default:
      return refusalReason(skip as TransitionRefusal);
  }
}

export function conflictReason(job: Job, expectedVersion: number): Reason {
  return reason('conflict', { status: job.status, version: job.version, expected: expectedVersion });
}

export interface NewEntry {
  jobId: string;
  name: string;
  from: JobStatus;
  to: JobStatus;
  expectedVersion: number;
  /** A reason makes the entry `skipped`; without one it is `pending`. */
  skip: Reason | null;
}

export function journalEntry(bulkId: string, entry: NewEntry, at: string, newKey: () => string): BulkEntry {
  return {
    bulkId,
    jobId: entry.jobId,
    name: entry.name,
    from: entry.from,
    to: entry.to,
    expectedVersion: entry.expectedVersion,
    state: entry.skip === null ? 'pending' : 'skipped',
    attempt: 0,
    // Generated once, here, and journalled: every retry and every resume sends the same key.
    idempotencyKey: newKey(),
    reason: entry.skip,
    updatedAt: at,
  };
}

export function toView(record: BulkRecord, entries: Iterable<BulkEntry>): BulkView {
  const counts = Object.fromEntries(BULK_JOB_STATES.map((state) => [state, 0])) as Record<BulkJobState, number>;
  const results: BulkView['results'] = [];
  for (const entry of entries) {
    counts[entry.state] += 1;
    results.push({
      jobId: entry.jobId,
      name: entry.name,
      from: entry.from,
      to: entry.to,
      state: entry.state,
      attempt: entry.attempt,
      reason: entry.reason,
    });
  }
  return {
    id: record.id,
    createdAt: record.createdAt,
    target: record.target,
    state: record.state,
    resumeAt: record.resumeAt,
    counts,
    total: results.length,
    results,
    origin: record.origin,
    waitingFor: record.waitingFor ? { kind: 'account', accountName: record.waitingFor.accountName } : null,
  };
}

/** `${origin}|${accountId}` back into its parts; a URL origin cannot contain `|`, an account id might. */
export function splitPartition(partition: string): { origin: string; accountId: string } {
  const at = partition.indexOf('|');
  return { origin: partition.slice(0, at), accountId: partition.slice(at + 1) };
}

export function activityOf(
  record: Pick<BulkRecord, 'id' | 'partition'>,
  entry: BulkEntry,
  result: 'done' | 'failed' | 'conflict',
  at: string,
): NewActivity {
  const { origin, accountId } = splitPartition(record.partition);
  return {
    partition: record.partition,
    at,
    origin,
    accountId,
    jobId: entry.jobId,
    jobName: entry.name,
    from: entry.from,
    to: entry.to,
    result,
    reason: entry.reason,
    bulkId: record.id,
  };
}

/** The status most entries go to: an undo or retry bulk has no single target. */
export function commonTarget(entries: readonly Pick<BulkEntry, 'to'>[], fallback: JobStatus): JobStatus {
  const tally = new Map<JobStatus, number>();
  let best = fallback;
  let bestCount = 0;
  for (const { to } of entries) {
    const count = (tally.get(to) ?? 0) + 1;
    tally.set(to, count);
    if (count > bestCount) {
      best = to;
      bestCount = count;
    }
  }
  return best;
}
