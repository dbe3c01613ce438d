import { campaignEmailNotice, checklistKindFor, evaluateChecklist, missingCritical } from './checklist';
import { transitionRefusal, type TransitionRefusal } from './transitions';
import type { Account, ChecklistItemId, ChecklistSettings, Job, JobStatus } from './types';

/**
 * Planning a bulk status change and its undo, before anything is sent. The plan is what the
 * preview shows and what the background's queue executes, so both agree on every job.
 */

export interface PlannedChange {
  jobId: string;
  outcome: 'change';
  from: JobStatus;
  to: JobStatus;
  /** The version the change is based on: the request's `expectedVersion`. */
  version: number;
  /** Failing critical items of the checklist for `to`; empty when clean or when `to` has none. */
  criticalMissing: ChecklistItemId[];
  /** Whether this change may send the automated campaign's "job is selling" emails. */
  campaignEmails: boolean;
}

export interface PlannedSkip<Reason> {
  jobId: string;
  outcome: 'skip';
  reason: Reason;
}

export type BulkEntry = PlannedChange | PlannedSkip<TransitionRefusal>;

export interface PlanTotals {
  willChange: number;
  /** Changes with at least one failing critical item. */
  withCritical: number;
  skipped: number;
  /** Changes that may send campaign emails. */
  campaignEmails: number;
}

export interface BulkPlan extends PlanTotals {
  target: JobStatus;
  /** One entry per distinct job id, in the order given. */
  entries: BulkEntry[];
}

type PlanAccount = Pick<Account, 'features' | 'invoiceSettingsComplete'>;

function planOne(
  job: Job,
  to: JobStatus,
  account: PlanAccount,
  now: Date,
  settings: ChecklistSettings | undefined,
): BulkEntry {
  const refusal = transitionRefusal(job, account, to);
  if (refusal !== null) return { jobId: job.id, outcome: 'skip', reason: refusal };
  const kind = checklistKindFor(to);
  return {
    jobId: job.id,
    outcome: 'change',
    from: job.status,
    to,
    version: job.version,
    criticalMissing: kind === null ? [] : missingCritical(evaluateChecklist(kind, job, account, now, settings)),
    campaignEmails: campaignEmailNotice(job, to),
  };
}

function totals(entries: readonly (PlannedChange | PlannedSkip<unknown>)[]): PlanTotals {
  const result: PlanTotals = { willChange: 0, withCritical: 0, skipped: 0, campaignEmails: 0 };
  for (const entry of entries) {
    if (entry.outcome === 'skip') {
      result.skipped += 1;
      continue;
    }
    result.willChange += 1;
    if (entry.criticalMissing.length > 0) result.withCritical += 1;
    if (entry.campaignEmails) result.campaignEmails += 1;
  }
  return result;
}

/**
 * Plans switching every job to `target`. A job listed twice is planned once (its first
 * occurrence), so no change can be sent twice.
 */
export function planBulk(
  jobs: Iterable<Job>,
  target: JobStatus,
  account: PlanAccount,
  now: Date,
  settings?: ChecklistSettings,
): BulkPlan {
  const seen = new Set<string>();
  const entries: BulkEntry[] = [];
  for (const job of jobs) {
    if (seen.has(job.id)) continue;
    seen.add(job.id);
    entries.push(planOne(job, target, account, now, settings));
  }
  return { target, entries, ...totals(entries) };
}

/** What a bulk run reports for each job it changed. */
export interface BulkChangeResult {
  jobId: string;
  from: JobStatus;
  to: JobStatus;
}

export type UndoSkipReason =
  | TransitionRefusal
  /** The job is no longer in the cache (deleted meanwhile). */
  | { code: 'job-not-found' }
  /** Someone moved the job on since the bulk; undoing would overwrite their change. */
  | { code: 'status-changed'; expected: JobStatus; actual: JobStatus };

export type UndoEntry = PlannedChange | PlannedSkip<UndoSkipReason>;

export interface UndoPlan extends PlanTotals {
  /** One entry per distinct job id of `results`, in that order; each change goes back to its `from`. */
  entries: UndoEntry[];
}

/**
 * Plans putting back what a bulk changed, against the jobs as they are now. Undo is an ordinary
 * transition: it must be allowed (e.g. selling → prepay never is), and going back to selling
 * shows the same checklist and may send the same campaign emails as any other switch.
 */
export function undoPlan(
  results: Iterable<BulkChangeResult>,
  currentJobs: Iterable<Job>,
  account: PlanAccount,
  now: Date,
  settings?: ChecklistSettings,
): UndoPlan {
  const byId = new Map<string, Job>();
  for (const job of currentJobs) if (!byId.has(job.id)) byId.set(job.id, job);
  const seen = new Set<string>();
  const entries: UndoEntry[] = [];
  for (const result of results) {
    if (seen.has(result.jobId)) continue;
    seen.add(result.jobId);
    const job = byId.get(result.jobId);
    if (job === undefined) {
      entries.push({ jobId: result.jobId, outcome: 'skip', reason: { code: 'job-not-found' } });
    } else if (job.status !== result.to) {
      entries.push({
        jobId: result.jobId,
        outcome: 'skip',
        reason: { code: 'status-changed', expected: result.to, actual: job.status },
      });
    } else {
      entries.push(planOne(job, result.from, account, now, settings));
    }
  }
  return { entries, ...totals(entries) };
}
