import { needsAttention, type AttentionResult } from '../../lib/core/attention';
import { matchesQuery, normaliseQuery, searchKey } from '../../lib/core/search';
import { sortJobs, type SortKey } from '../../lib/core/sort';
import { utcDay } from '../../lib/core/dates';
import { type Account, type ChecklistSettings, type Job } from '../../lib/core/types';
import type { JobQuery, JobsResult } from '../../lib/messaging/protocol';

/**
 * The current partition's jobs in memory, for the popup's queries: a keystroke filters 10,000
 * jobs without touching IndexedDB. Sorted orders are kept until the jobs change, so a query only
 * filters; attention results are kept per job until the day (UTC) or the settings change.
 */
export class JobIndex {
  private readonly jobs = new Map<string, Job>();
  private readonly sorted = new Map<SortKey, Job[]>();
  private attention = new WeakMap<Job, AttentionResult | null>();
  private attentionStamp = '';

  constructor(jobs: Iterable<Job> = []) {
    for (const job of jobs) this.jobs.set(job.id, job);
  }

  get size(): number {
    return this.jobs.size;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  all(): IterableIterator<Job> {
    return this.jobs.values();
  }

  upsert(jobs: Iterable<Job>): void {
    for (const job of jobs) this.jobs.set(job.id, job);
    this.sorted.clear();
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) this.jobs.delete(id);
    this.sorted.clear();
  }

  attentionOf(job: Job, account: Account | null, now: Date, settings: ChecklistSettings): AttentionResult | null {
    const stamp = `${utcDay(now)}|${account?.invoiceSettingsComplete}|${JSON.stringify(settings)}`;
    if (stamp !== this.attentionStamp) {
      this.attention = new WeakMap();
      this.attentionStamp = stamp;
    }
    let result = this.attention.get(job);
    if (result === undefined) {
      result = account ? needsAttention(job, account, now, settings) : null;
      this.attention.set(job, result);
    }
    return result;
  }

  query(q: JobQuery, account: Account | null, now: Date, settings: ChecklistSettings): JobsResult {
    const order = this.order(q.sort ?? 'updated');
    const terms = normaliseQuery(q.query ?? '');
    const counts: JobsResult['counts'] = { all: 0, attention: 0, planning: 0, prepay: 0, selling: 0, archived: 0 };
    const matching: Job[] = [];
    const wantStatus = q.status ?? null;
    const wantAttention = q.attention === true;
    for (const job of order) {
      if (terms.length > 0 && !matchesQuery(searchKey(job), terms)) continue;
      counts.all += 1;
      counts[job.status] += 1;
      const attention = this.attentionOf(job, account, now, settings) !== null;
      if (attention) counts.attention += 1;
      if (wantStatus && job.status !== wantStatus) continue;
      if (wantAttention && !attention) continue;
      matching.push(job);
    }
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    return {
      jobs: matching.slice(offset, offset + limit),
      total: matching.length,
      counts,
      account,
      now: now.toISOString(),
    };
  }

  private order(key: SortKey): Job[] {
    let jobs = this.sorted.get(key);
    if (!jobs) {
      jobs = sortJobs([...this.jobs.values()], key);
      this.sorted.set(key, jobs);
    }
    return jobs;
  }
}

