import { afterEach, describe, expect, it } from 'vitest';
import type { JobCache } from '../../../lib/cache';
import { sortJobs } from '../../../lib/core/sort';
import { makeJob } from '../core/factories';
import { P_A1, P_A2, makeJobs, makeSync, openTestCache } from './helpers';

let cache: JobCache;
afterEach(() => cache?.close());

async function open(): Promise<JobCache> {
  ({ cache } = await openTestCache());
  return cache;
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

describe('reads for the first popup rows', () => {
  it('getNewestJobs reads the newest jobs of one partition, with every job tied with the last one', async () => {
    await open();
    // job-i at minute 20 - i, except job-15 and job-16, which share minute 3 with job-17.
    const jobs = makeJobs(20, (i) => ({ updatedAt: at(i === 15 || i === 16 ? 3 : 20 - i) }));
    await cache.putJobsPage(P_A1, jobs);
    await cache.putJobsPage(P_A2, [makeJob({ id: 'other', updatedAt: at(99) })]);

    const newest = await cache.getNewestJobs(P_A1, 5);
    expect(newest.map((job) => job.id)).toEqual(['job-0', 'job-1', 'job-2', 'job-3', 'job-4']);
    // The 16th and 17th newest are two of the three jobs of minute 3: all three come back, and sorting settles their order.
    const tied = await cache.getNewestJobs(P_A1, 17);
    expect(tied).toHaveLength(18);
    expect(sortJobs(tied, 'updated').slice(0, 17)).toEqual(sortJobs(jobs, 'updated').slice(0, 17));
    expect(await cache.getNewestJobs(P_A1, 0)).toEqual([]);
    expect(await cache.getNewestJobs(P_A1, 100)).toHaveLength(20);
  });

  it('getJobsByIds reads the cached ones of the given IDs, of one partition only', async () => {
    await open();
    await cache.putJobsPage(P_A1, makeJobs(5));
    await cache.putJobsPage(P_A2, [makeJob({ id: 'job-9' })]);
    const found = await cache.getJobsByIds(P_A1, ['job-3', 'job-9', 'job-1']);
    expect(found.map((job) => job.id)).toEqual(['job-3', 'job-1']);
  });

  it('keeps one list summary per partition, ignores a malformed one and clears it with the partition', async () => {
    await open();
    const counts = { all: 3, attention: 1, planning: 1, prepay: 0, selling: 2, archived: 0 };
    await cache.putListSummary(P_A1, { counts, stamp: 'day|true|{}' });
    expect(await cache.getListSummary(P_A1)).toEqual({ counts, stamp: 'day|true|{}' });
    expect(await cache.getListSummary(P_A2)).toBeUndefined();
    await cache.putListSummary(P_A2, { counts: { ...counts, all: 'many' } as never, stamp: 'x' });
    expect(await cache.getListSummary(P_A2)).toBeUndefined();
    await cache.putSync(makeSync(P_A1));
    await cache.clearPartition(P_A1);
    expect(await cache.getListSummary(P_A1)).toBeUndefined();
  });
});
