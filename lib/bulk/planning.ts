import type { BulkEntry } from '../cache';
import { planBulk, undoPlan, type BulkEntry as PlanEntry } from '../core/bulk';
import { reason, refusalReason } from '../core/reasons';
import type { Account, ChecklistSettings, Job, JobStatus } from '../core/types';
import { criticalReason, undoSkipReason, type NewEntry } from './journal';

/**
 * From what was asked to journal entries, with lib/core deciding every rule. Pure: the jobs,
 * the account, the checklist and the time are passed in.
 */

export interface WantedChange {
  jobId: string;
  to: JobStatus;
  name: string;
}

/** One entry per distinct job, in request order, each planned towards its own status. */
export function planTargets(
  wanted: readonly WantedChange[],
  jobs: Map<string, Job>,
  account: Account,
  checklist: ChecklistSettings,
  includeCritical: boolean,
  now: Date,
): NewEntry[] {
  const byTarget = new Map<JobStatus, Job[]>();
  for (const { jobId, to } of wanted) {
    const job = jobs.get(jobId);
    if (job) byTarget.set(to, [...(byTarget.get(to) ?? []), job]);
  }
  const planned = new Map<string, PlanEntry>();
  for (const [to, list] of byTarget) {
    for (const entry of planBulk(list, to, account, now, checklist).entries) planned.set(entry.jobId, entry);
  }
  const seen = new Set<string>();
  const result: NewEntry[] = [];
  for (const { jobId, to, name } of wanted) {
    if (seen.has(jobId)) continue;
    seen.add(jobId);
    const job = jobs.get(jobId);
    const plan = planned.get(jobId);
    if (!job || !plan) {
      result.push({ jobId, name, from: to, to, expectedVersion: 0, skip: reason('not-in-cache') });
    } else if (plan.outcome === 'skip') {
      result.push({ jobId, name: job.name, from: job.status, to, expectedVersion: job.version, skip: refusalReason(plan.reason) });
    } else {
      const critical = plan.criticalMissing.length > 0 && !includeCritical;
      result.push({
        jobId,
        name: job.name,
        from: plan.from,
        to: plan.to,
        expectedVersion: plan.version,
        skip: critical ? criticalReason(plan.criticalMissing) : null,
      });
    }
  }
  return result;
}

/** Entries putting back what a finished bulk changed; jobs changed since are skipped with a reason. */
export function planUndoEntries(
  done: readonly BulkEntry[],
  jobs: Map<string, Job>,
  account: Account,
  checklist: ChecklistSettings,
  now: Date,
): NewEntry[] {
  const plan = undoPlan(done, jobs.values(), account, now, checklist);
  const bySource = new Map(done.map((entry) => [entry.jobId, entry]));
  return plan.entries.map((entry): NewEntry => {
    const was = bySource.get(entry.jobId) as BulkEntry;
    const job = jobs.get(entry.jobId);
    if (entry.outcome === 'change') {
      return { jobId: entry.jobId, name: job?.name ?? was.name, from: entry.from, to: entry.to, expectedVersion: entry.version, skip: null };
    }
    return {
      jobId: entry.jobId,
      name: job?.name ?? was.name,
      from: job?.status ?? was.to,
      to: was.from,
      expectedVersion: job?.version ?? 0,
      skip: undoSkipReason(entry.reason),
    };
  });
}
