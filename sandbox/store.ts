/**
 * One account's jobs, kept ordered by `(updatedAt, id)` so that paging and incremental sync are
 * exact and cheap: every change gets the newest timestamp and moves the job to the end.
 */
import type { Job } from '../lib/core/types';

interface Entry {
  job: Job;
  ms: number;
}

export interface Position {
  ms: number;
  id: string;
}

function compare(a: Position, b: Position): number {
  if (a.ms !== b.ms) return a.ms - b.ms;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class JobStore {
  private readonly byId = new Map<string, Entry>();
  private readonly order: Entry[] = [];
  private readonly deleted: { id: string; ms: number }[] = [];

  constructor(jobs: readonly Job[]) {
    for (const job of jobs) {
      const entry = { job, ms: Date.parse(job.updatedAt) };
      this.byId.set(job.id, entry);
      this.order.push(entry);
    }
    this.order.sort((a, b) => compare({ ms: a.ms, id: a.job.id }, { ms: b.ms, id: b.job.id }));
  }

  get size(): number {
    return this.order.length;
  }

  get(id: string): Job | undefined {
    return this.byId.get(id)?.job;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Latest `updatedAt` in milliseconds (0 when empty). */
  get latestMs(): number {
    return this.order[this.order.length - 1]?.ms ?? 0;
  }

  /** All jobs in `(updatedAt, id)` order. */
  all(): Job[] {
    return this.order.map((e) => e.job);
  }

  /** Index of the first entry for which `pred` holds (`pred` must be monotone over the order). */
  private firstIndex(pred: (e: Entry) => boolean): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pred(this.order[mid] as Entry)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Jobs strictly after `after` and with `updatedAt` strictly after `sinceMs`, at most `limit`. */
  page(opts: { after: Position | null; sinceMs: number | null; limit: number }): { jobs: Job[]; more: boolean } {
    let start = 0;
    if (opts.after) {
      const after = opts.after;
      start = this.firstIndex((e) => compare({ ms: e.ms, id: e.job.id }, after) > 0);
    }
    if (opts.sinceMs !== null) {
      const since = opts.sinceMs;
      start = Math.max(start, this.firstIndex((e) => e.ms > since));
    }
    const slice = this.order.slice(start, start + opts.limit);
    return { jobs: slice.map((e) => e.job), more: start + opts.limit < this.order.length };
  }

  private indexOf(id: string): number {
    const entry = this.byId.get(id);
    if (!entry) return -1;
    const key = { ms: entry.ms, id };
    const i = this.firstIndex((e) => compare({ ms: e.ms, id: e.job.id }, key) >= 0);
    return this.order[i] === entry ? i : this.order.indexOf(entry);
  }

  /** Stores a changed job whose `updatedAt` is newer than every other job's. */
  put(job: Job): void {
    const ms = Date.parse(job.updatedAt);
    const i = this.indexOf(job.id);
    if (i >= 0) this.order.splice(i, 1);
    const entry = { job, ms };
    this.byId.set(job.id, entry);
    const at = this.firstIndex((e) => compare({ ms: e.ms, id: e.job.id }, { ms, id: job.id }) > 0);
    this.order.splice(at, 0, entry);
  }

  delete(id: string, ms: number): boolean {
    const i = this.indexOf(id);
    if (i < 0) return false;
    this.order.splice(i, 1);
    this.byId.delete(id);
    this.deleted.push({ id, ms });
    return true;
  }

  /** IDs deleted strictly after `sinceMs`. */
  deletedSince(sinceMs: number): string[] {
    return this.deleted.filter((d) => d.ms > sinceMs).map((d) => d.id);
  }

  allDeletedIds(): string[] {
    return this.deleted.map((d) => d.id);
  }
}
