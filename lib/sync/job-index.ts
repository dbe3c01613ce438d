import { needsAttention, type AttentionResult, type AttentionSummary } from '../core/attention';
import { matchesQuery, normaliseQuery, searchKey } from '../core/search';
import { sortJobs, type SortKey } from '../core/sort';
import { utcDay } from '../core/dates';
import { type Account, type ChecklistSettings, type Job } from '../core/types';
import type { JobQuery, JobsResult } from '../messaging/protocol';

/** Searches remembered per index: typing on narrows the latest ones, Backspace finds them again. */
const SEARCHES_KEPT = 12;

/**
 * Jobs in one order with their search keys alongside: a keystroke scans the keys as one array,
 * not through a lookup per job.
 */
interface Listed {
  jobs: Job[];
  keys: string[];
}

/** The jobs matching a search, in one sort order, and their counts under one attention stamp. */
interface Found extends Listed {
  sort: SortKey;
  terms: readonly string[];
  counts: { stamp: string; value: JobsResult['counts'] } | null;
}

/**
 * The current partition's jobs in memory, for the popup's queries: a keystroke filters 10,000
 * jobs without touching IndexedDB. Sorted orders are kept until the jobs change, so a query only
 * filters; attention results are kept per job until the day (UTC) or the settings change. Recent
 * searches are kept too (until the jobs change): a longer query filters only what the shorter one
 * found, and paging through the same list costs no scan at all.
 */
export class JobIndex {
  private readonly jobs = new Map<string, Job>();
  private readonly sorted = new Map<SortKey, Listed>();
  private readonly searches = new Map<string, Found>();
  private attention = new WeakMap<Job, AttentionResult | null>();
  private attentionStamp = '';
  /** The whole list's counts under one attention stamp, until the jobs change. */
  private totals: { stamp: string; value: JobsResult['counts'] } | null = null;

  constructor(jobs: Iterable<Job> = []) {
    for (const job of jobs) this.jobs.set(job.id, job);
  }

  get size(): number {
    return this.jobs.size;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /**
   * Computes the search keys before the first keystroke needs them (10,000 of them take a few
   * hundred milliseconds), a slice per task so messages are still answered in between.
   */
  primeSearch(slice = 500): void {
    const jobs = [...this.jobs.values()];
    let next = 0;
    const step = () => {
      const end = Math.min(next + slice, jobs.length);
      for (; next < end; next++) searchKey(jobs[next]!);
      if (next < jobs.length) setTimeout(step, 0);
    };
    setTimeout(step, 0);
  }

  upsert(jobs: Iterable<Job>): void {
    for (const job of jobs) this.jobs.set(job.id, job);
    this.sorted.clear();
    this.searches.clear();
    this.totals = null;
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) this.jobs.delete(id);
    this.sorted.clear();
    this.searches.clear();
    this.totals = null;
  }

  /**
   * The counts of the whole list (as `query` gives them for no search), without sorting: the
   * badge asks after every change, several times a second during a bulk, and a sort of 10,000
   * jobs each time held the worker up.
   */
  counts(account: Account | null, now: Date, settings: ChecklistSettings): JobsResult['counts'] {
    const attentionOf = this.attentionFor(account, now, settings);
    const stamp = this.attentionStamp;
    if (this.totals?.stamp !== stamp) this.totals = { stamp, value: countJobs(this.jobs.values(), attentionOf) };
    return { ...this.totals.value };
  }

  /**
   * The cached attention rule for one day, account and settings. Returned as a function so a loop
   * over 10,000 jobs checks the cache key once, not once per job.
   */
  private attentionFor(account: Account | null, now: Date, settings: ChecklistSettings): (job: Job) => AttentionResult | null {
    const stamp = attentionStamp(account, now, settings);
    if (stamp !== this.attentionStamp) {
      this.attention = new WeakMap();
      this.attentionStamp = stamp;
    }
    const cache = this.attention;
    return (job) => {
      let result = cache.get(job);
      if (result === undefined) {
        result = account ? needsAttention(job, account, now, settings) : null;
        cache.set(job, result);
      }
      return result;
    };
  }

  /** The toolbar badge's summary, from the same cached results as the popup's counts. */
  attentionSummary(account: Account, now: Date, settings: ChecklistSettings): AttentionSummary {
    const attentionOf = this.attentionFor(account, now, settings);
    let count = 0;
    let worst: AttentionSummary['worst'] = null;
    for (const job of this.jobs.values()) {
      const result = attentionOf(job);
      if (result === null) continue;
      count += 1;
      if (result.level === 'critical' || worst === null) worst = result.level;
    }
    return { count, worst };
  }

  query(q: JobQuery, account: Account | null, now: Date, settings: ChecklistSettings): JobsResult {
    const found = this.search(q.sort ?? 'updated', normaliseQuery(q.query ?? ''));
    const attentionOf = this.attentionFor(account, now, settings);
    const stamp = this.attentionStamp;
    if (found.counts?.stamp !== stamp) found.counts = { stamp, value: countJobs(found.jobs, attentionOf) };
    const counts = { ...found.counts.value };
    const wantStatus = q.status ?? null;
    const wantAttention = q.attention === true;
    const matching =
      wantStatus || wantAttention
        ? found.jobs.filter((job) => (!wantStatus || job.status === wantStatus) && (!wantAttention || attentionOf(job) !== null))
        : found.jobs;
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

  /** The jobs matching `terms` in `sort` order, from the narrowest remembered search they refine. */
  private search(sort: SortKey, terms: readonly string[]): Found {
    const key = `${sort}\n${terms.join('\n')}`;
    let found = this.searches.get(key);
    if (found) {
      this.searches.delete(key); // most recently used last
    } else {
      let base: Listed = this.order(sort);
      if (terms.length > 0) {
        for (const known of this.searches.values()) {
          if (known.sort === sort && known.jobs.length < base.jobs.length && refines(terms, known.terms)) base = known;
        }
        const jobs: Job[] = [];
        const keys: string[] = [];
        for (let i = 0; i < base.keys.length; i++) {
          const key = base.keys[i]!;
          if (matchesQuery(key, terms)) {
            jobs.push(base.jobs[i]!);
            keys.push(key);
          }
        }
        base = { jobs, keys };
      }
      found = { sort, terms, jobs: base.jobs, keys: base.keys, counts: null };
      if (this.searches.size >= SEARCHES_KEPT) this.searches.delete(this.searches.keys().next().value as string);
    }
    this.searches.set(key, found);
    return found;
  }

  private order(key: SortKey): Listed {
    let listed = this.sorted.get(key);
    if (!listed) {
      const jobs = sortJobs([...this.jobs.values()], key);
      listed = { jobs, keys: jobs.map(searchKey) };
      this.sorted.set(key, listed);
    }
    return listed;
  }
}

/** Jobs per status, all of them, and those needing attention. */
function countJobs(jobs: Iterable<Job>, attentionOf: (job: Job) => AttentionResult | null): JobsResult['counts'] {
  const counts: JobsResult['counts'] = { all: 0, attention: 0, planning: 0, prepay: 0, selling: 0, archived: 0 };
  for (const job of jobs) {
    counts.all += 1;
    counts[job.status] += 1;
    if (attentionOf(job) !== null) counts.attention += 1;
  }
  return counts;
}

/** What attention depends on besides the job: results computed under another stamp are stale. */
export function attentionStamp(account: Pick<Account, 'invoiceSettingsComplete'> | null, now: Date, settings: ChecklistSettings): string {
  return `${utcDay(now)}|${account?.invoiceSettingsComplete}|${JSON.stringify(settings)}`;
}

/**
 * The one in-memory index of the current partition, loaded on first use. Loading 10,000 jobs takes
 * a while, so concurrent readers share one load, and changes that arrive meanwhile (a sync page, a
 * status change) are replayed onto it: the load's snapshot may have been read before they were
 * written.
 */
export class JobIndexHolder {
  private loaded: { partition: string; jobs: JobIndex } | null = null;
  private loading: { partition: string; promise: Promise<JobIndex>; replay: ((jobs: JobIndex) => void)[]; stale: boolean } | null = null;

  constructor(private readonly load: (partition: string) => Promise<Job[]>) {}

  /** The index if it is loaded for `partition`, without waiting. */
  peek(partition: string): JobIndex | null {
    return this.loaded?.partition === partition ? this.loaded.jobs : null;
  }

  get(partition: string): Promise<JobIndex> {
    const ready = this.peek(partition);
    if (ready) return Promise.resolve(ready);
    if (this.loading?.partition === partition && !this.loading.stale) return this.loading.promise;
    const attempt = { partition, promise: null as unknown as Promise<JobIndex>, replay: [] as ((jobs: JobIndex) => void)[], stale: false };
    attempt.promise = this.load(partition).then(
      (jobs) => {
        const built = new JobIndex(jobs);
        for (const change of attempt.replay) change(built);
        if (this.loading === attempt) {
          this.loading = null;
          if (!attempt.stale) {
            this.loaded = { partition, jobs: built };
            built.primeSearch();
          }
        }
        return built;
      },
      (error: unknown) => {
        if (this.loading === attempt) this.loading = null;
        throw error;
      },
    );
    this.loading = attempt;
    this.loaded = null;
    return attempt.promise;
  }

  upsert(partition: string, jobs: Job[]): void {
    this.change(partition, (index) => index.upsert(jobs));
  }

  remove(partition: string, ids: string[]): void {
    this.change(partition, (index) => index.remove(ids));
  }

  /** Forgets the index (of `partition`, or any); the next reader loads it again. */
  invalidate(partition?: string): void {
    if (!partition || this.loaded?.partition === partition) this.loaded = null;
    if (this.loading && (!partition || this.loading.partition === partition)) this.loading.stale = true;
  }

  private change(partition: string, apply: (index: JobIndex) => void): void {
    if (this.loaded?.partition === partition) apply(this.loaded.jobs);
    if (this.loading?.partition === partition) this.loading.replay.push(apply);
  }
}

/**
 * Whether every job matching `terms` also matches `known`: each known term occurs in some new
 * term (all terms must occur in a job's key, so a job with the new ones has the known ones too).
 */
export function refines(terms: readonly string[], known: readonly string[]): boolean {
  return known.every((old) => terms.some((term) => term.includes(old)));
}
