import type { JobCache, ListSummary } from '../cache';
import { normaliseQuery } from '../core/search';
import { sortJobs } from '../core/sort';
import type { Account } from '../core/types';
import { CHANNEL, type BroadcastEvent, type JobQuery, type JobsResult } from '../messaging/protocol';
import type { Settings } from '../settings/settings';
import { attentionStamp, type JobIndex } from '../sync/job-index';

/**
 * A plain first query (newest first, no search or filter) for at most this many rows is answered
 * from IndexedDB while the in-memory index loads: reading 10,000 jobs would keep the popup empty
 * for a second after the worker was stopped (DESIGN §5: first rows within 100 ms).
 */
export const FIRST_ROWS_FROM_CACHE_MAX = 200;

export interface FirstRowsDeps {
  cache(): Promise<JobCache>;
  now(): Date;
  /** The loaded index, if any: with one there is nothing to gain from IndexedDB. */
  peekIndex(partition: string): JobIndex | null;
  jobIndex(partition: string): Promise<JobIndex>;
  broadcast(event: BroadcastEvent): void;
}

export interface FirstRows {
  /**
   * The first rows of a plain query from a few IndexedDB records, or null when the index is
   * loaded or the query needs every job. The counts are the last summary's (the status index's
   * without one). The full index loads behind it; should it tell another story (a new day for
   * the attention count, changes the summary missed), the UIs are told to ask again.
   */
  fromCache(partition: string, account: Account | null, query: JobQuery, settings: Settings, onExact: (exact: JobsResult) => void): Promise<JobsResult | null>;
  /** Keeps the whole list's counts for the next first query. */
  remember(partition: string, counts: JobsResult['counts'], stamp: string): void;
  forget(): void;
}

export function createFirstRows(deps: FirstRowsDeps): FirstRows {
  /** The list summary of each partition as stored (see ListSummary), so it is read once and written only when it changes. */
  const summaries = new Map<string, ListSummary>();

  async function listSummary(partition: string): Promise<ListSummary | undefined> {
    if (!summaries.has(partition)) {
      const stored = await (await deps.cache()).getListSummary(partition);
      if (stored && !summaries.has(partition)) summaries.set(partition, stored);
    }
    return summaries.get(partition);
  }

  function remember(partition: string, counts: JobsResult['counts'], stamp: string): void {
    const known = summaries.get(partition);
    if (known?.stamp === stamp && JSON.stringify(known.counts) === JSON.stringify(counts)) return;
    const summary = { counts: { ...counts }, stamp };
    summaries.set(partition, summary);
    void deps
      .cache()
      .then((db) => db.putListSummary(partition, summary))
      .catch((error: unknown) => console.warn('[Job Status Companion] could not keep the list summary', error));
  }

  async function fromCache(
    partition: string,
    account: Account | null,
    query: JobQuery,
    settings: Settings,
    onExact: (exact: JobsResult) => void,
  ): Promise<JobsResult | null> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 100;
    const plain = normaliseQuery(query.query ?? '').length === 0 && !query.status && query.attention !== true && (query.sort ?? 'updated') === 'updated';
    if (deps.peekIndex(partition) || !plain || offset + limit > FIRST_ROWS_FROM_CACHE_MAX) return null;
    const db = await deps.cache();
    const now = deps.now();
    const [newest, summary] = await Promise.all([db.getNewestJobs(partition, offset + limit), listSummary(partition)]);
    const stamp = attentionStamp(account, now, settings.checklist);
    let counts: JobsResult['counts'];
    if (summary) counts = { ...summary.counts, attention: summary.stamp === stamp ? summary.counts.attention : 0 };
    else {
      const byStatus = await db.countJobsByStatus(partition);
      counts = { ...byStatus, all: byStatus.planning + byStatus.prepay + byStatus.selling + byStatus.archived, attention: 0 };
    }
    const result: JobsResult = {
      jobs: sortJobs(newest, 'updated').slice(offset, offset + limit),
      total: counts.all,
      counts,
      account,
      now: now.toISOString(),
    };
    void deps
      .jobIndex(partition)
      .then((jobs) => {
        const exact = jobs.query(query, account, now, settings.checklist);
        remember(partition, exact.counts, stamp);
        if (!sameList(exact, result)) deps.broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: null });
        onExact(exact);
      })
      .catch((error: unknown) => console.warn('[Job Status Companion] loading the job index failed', error));
    return result;
  }

  return { fromCache, remember, forget: () => summaries.clear() };
}

/** Whether two answers show the same rows (same versions) and the same numbers. */
function sameList(a: JobsResult, b: JobsResult): boolean {
  if (a.total !== b.total || a.jobs.length !== b.jobs.length) return false;
  if ((Object.keys(a.counts) as (keyof JobsResult['counts'])[]).some((key) => a.counts[key] !== b.counts[key])) return false;
  return a.jobs.every((job, i) => job.id === b.jobs[i]!.id && job.version === b.jobs[i]!.version);
}
