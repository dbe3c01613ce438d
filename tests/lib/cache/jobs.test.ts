import { afterEach, describe, expect, it } from 'vitest';
import { openCacheDatabase, type JobCache } from '../../../lib/cache';
import { makeJob } from '../core/factories';
import { P_A1, P_A2, P_B1, makeJobs, makeSync, openTestCache } from './helpers';

let cache: JobCache;
afterEach(() => cache?.close());

async function open(): Promise<JobCache> {
  ({ cache } = await openTestCache());
  return cache;
}

const ids = (jobs: { id: string }[]) => jobs.map((job) => job.id).sort();

describe('partitioning', () => {
  it('never shows one origin or account the jobs of another', async () => {
    await open();
    await cache.putJobsPage(P_A1, [makeJob({ id: 'a1', name: 'Only A1' })]);
    await cache.putJobsPage(P_A2, [makeJob({ id: 'a2' })]);
    await cache.putJobsPage(P_B1, [makeJob({ id: 'b1' })]);

    expect(ids(await cache.getJobs(P_A1))).toEqual(['a1']);
    expect(ids(await cache.getJobs(P_A2))).toEqual(['a2']);
    expect(ids(await cache.getJobs(P_B1))).toEqual(['b1']);
    expect(await cache.getJob(P_A2, 'a1')).toBeUndefined();
    expect(await cache.getJob(P_B1, 'a1')).toBeUndefined();
    expect(await cache.countJobs(P_A1)).toBe(1);
    expect(await cache.countJobsByStatus(P_B1)).toEqual({ planning: 1, prepay: 0, selling: 0, archived: 0 });
  });

  it('keeps the same job ID in two partitions as two records', async () => {
    await open();
    await cache.putJobsPage(P_A1, [makeJob({ id: 'same', name: 'In A1' })]);
    await cache.putJobsPage(P_A2, [makeJob({ id: 'same', name: 'In A2' })]);
    await cache.deleteJob(P_A1, 'same');

    expect(await cache.getJob(P_A1, 'same')).toBeUndefined();
    expect((await cache.getJob(P_A2, 'same'))?.name).toBe('In A2');
  });

  it('does not let a partition that is a prefix of another see its jobs', async () => {
    await open();
    const short = P_A1.slice(0, -1);
    await cache.putJobsPage(P_A1, makeJobs(3));
    expect(await cache.getJobs(short)).toEqual([]);
    expect(await cache.clearPartition(short)).toBe(0);
    expect(await cache.countJobs(P_A1)).toBe(3);
  });

  it('clearPartition removes one partition and leaves the others intact', async () => {
    await open();
    await cache.putJobsPage(P_A1, makeJobs(5), { sync: makeSync(P_A1) });
    await cache.putJobsPage(P_A2, makeJobs(2), { sync: makeSync(P_A2) });

    expect(await cache.clearPartition(P_A1)).toBe(5);
    expect(await cache.countJobs(P_A1)).toBe(0);
    expect(await cache.getSync(P_A1)).toBeUndefined();
    expect(await cache.countJobs(P_A2)).toBe(2);
    expect(await cache.getSync(P_A2)).toBeDefined();
  });

  it('clearAll removes every partition and reports the job count', async () => {
    await open();
    await cache.putJobsPage(P_A1, makeJobs(3));
    await cache.putJobsPage(P_B1, makeJobs(4));
    await cache.setCurrentPartition('https://admin.example.com', P_A1);

    expect(await cache.clearAll()).toBe(7);
    expect(await cache.countJobs(P_A1)).toBe(0);
    expect(await cache.countJobs(P_B1)).toBe(0);
    expect(await cache.getCurrentPartition('https://admin.example.com')).toBeUndefined();
    expect(await cache.clearAll()).toBe(0);
  });
});

describe('putJobsPage', () => {
  it('writes a page of 500 jobs and its sync record in one transaction', async () => {
    await open();
    const before = cache.transactionCount;
    await cache.putJobsPage(P_A1, makeJobs(500), { gen: 1, sync: makeSync(P_A1, { cursor: 'page-2' }) });

    expect(cache.transactionCount - before).toBe(1);
    expect(await cache.countJobs(P_A1)).toBe(500);
    expect((await cache.getSync(P_A1))?.cursor).toBe('page-2');
  });

  it('upserts: a job written again is replaced, not duplicated', async () => {
    await open();
    await cache.putJobsPage(P_A1, [makeJob({ id: 'x', version: 1, status: 'planning' })]);
    await cache.putJobsPage(P_A1, [makeJob({ id: 'x', version: 2, status: 'selling' })]);

    expect(await cache.countJobs(P_A1)).toBe(1);
    expect(await cache.getJob(P_A1, 'x')).toMatchObject({ version: 2, status: 'selling' });
    expect(await cache.countJobsByStatus(P_A1)).toEqual({ planning: 0, prepay: 0, selling: 1, archived: 0 });
  });

  it.each([
    ['without an id', { id: undefined }],
    ['with an empty id', { id: '' }],
    ['without a status', { status: undefined }],
    ['with an unknown status', { status: 'deleted' }],
    ['without a name', { name: undefined }],
  ])('writes nothing and opens no transaction if one job is %s', async (_label, broken) => {
    await open();
    await cache.putJobsPage(P_A1, [makeJob({ id: 'old' })], { gen: 1, sync: makeSync(P_A1, { cursor: 'c1' }) });
    const before = cache.transactionCount;
    const page = makeJobs(10);
    page[7] = { ...page[7]!, ...broken } as never;

    await expect(
      cache.putJobsPage(P_A1, page, { deletedIds: ['old'], gen: 2, sync: makeSync(P_A1, { gen: 2, cursor: 'c2' }) }),
    ).rejects.toThrow(TypeError);
    expect(cache.transactionCount).toBe(before);
    expect(ids(await cache.getJobs(P_A1))).toEqual(['old']);
    expect((await cache.getSync(P_A1))?.cursor).toBe('c1');
  });

  it('rolls the whole page back when a write fails inside the transaction', async () => {
    await open();
    await cache.putJobsPage(P_A1, [makeJob({ id: 'old' })], { gen: 1, sync: makeSync(P_A1, { cursor: 'c1' }) });
    const page = makeJobs(10);
    // Valid to the checks, but it cannot be stored (functions do not structured-clone).
    page[5] = { ...page[5]!, extra: () => undefined } as never;

    await expect(
      cache.putJobsPage(P_A1, page, { deletedIds: ['old'], gen: 2, sync: makeSync(P_A1, { gen: 2, cursor: 'c2' }) }),
    ).rejects.toMatchObject({ name: 'DataCloneError' });
    expect(ids(await cache.getJobs(P_A1))).toEqual(['old']);
    expect((await cache.getSync(P_A1))?.cursor).toBe('c1');
  });

  it('refuses a sync record of another partition', async () => {
    await open();
    await expect(cache.putJobsPage(P_A1, makeJobs(1), { sync: makeSync(P_A2) })).rejects.toThrow(TypeError);
    expect(await cache.countJobs(P_A1)).toBe(0);
  });

  it('deletes deletedIds of its own partition only', async () => {
    await open();
    await cache.putJobsPage(P_A1, makeJobs(3));
    await cache.putJobsPage(P_A2, makeJobs(3));
    await cache.putJobsPage(P_A1, [makeJob({ id: 'new' })], { deletedIds: ['job-0', 'job-2', 'unknown'] });

    expect(ids(await cache.getJobs(P_A1))).toEqual(['job-1', 'new']);
    expect(await cache.countJobs(P_A2)).toBe(3);
  });

  it('stamps jobs with the given generation, else the sync record one, else the stored sync one', async () => {
    await open();
    await cache.putJobsPage(P_A1, [makeJob({ id: 'plain' })]);
    await cache.putJobsPage(P_A1, [makeJob({ id: 'sync' })], { sync: makeSync(P_A1, { gen: 4 }) });
    await cache.putJobsPage(P_A1, [makeJob({ id: 'incremental' })]);
    await cache.putJobsPage(P_A1, [makeJob({ id: 'explicit' })], { gen: 5 });

    // Generation 4 ended: only jobs stamped below 4 are stale.
    expect(await cache.removeStaleJobs(P_A1, 4)).toBe(1);
    expect(ids(await cache.getJobs(P_A1))).toEqual(['explicit', 'incremental', 'sync']);
  });
});

describe('removeStaleJobs', () => {
  it('finds the unseen jobs of every status, also of a status that changed since', async () => {
    await open();
    const statuses = ['planning', 'prepay', 'selling', 'archived'] as const;
    await cache.putJobsPage(P_A1, makeJobs(8, (i) => ({ status: statuses[i % 4] })), { gen: 1 });
    // Seen again: job-0 … job-3, each now in the next status (archived wraps to planning).
    await cache.putJobsPage(P_A1, makeJobs(4, (i) => ({ status: statuses[(i + 1) % 4] })), { gen: 2 });

    expect(await cache.removeStaleJobs(P_A1, 2)).toBe(4);
    expect(ids(await cache.getJobs(P_A1))).toEqual(['job-0', 'job-1', 'job-2', 'job-3']);
    expect(await cache.countJobsByStatus(P_A1)).toEqual({ planning: 1, prepay: 1, selling: 1, archived: 1 });
  });

  it('removes the partition jobs a full sync did not see, in one transaction', async () => {
    await open();
    await cache.putJobsPage(P_A1, makeJobs(6), { gen: 1 });
    await cache.putJobsPage(P_A2, makeJobs(2), { gen: 1 });
    await cache.putJobsPage(P_A1, makeJobs(4), { gen: 2 });
    const before = cache.transactionCount;

    expect(await cache.removeStaleJobs(P_A1, 2)).toBe(2);
    expect(cache.transactionCount - before).toBe(1);
    expect(ids(await cache.getJobs(P_A1))).toEqual(['job-0', 'job-1', 'job-2', 'job-3']);
    expect(await cache.countJobs(P_A2)).toBe(2);
    expect(await cache.removeStaleJobs(P_A1, 2)).toBe(0);
  });
});

describe('single job writes', () => {
  it('putJob upserts one job and keeps its generation', async () => {
    await open();
    await cache.putJobsPage(P_A1, makeJobs(2), { gen: 3 });
    const before = cache.transactionCount;
    await cache.putJob(P_A1, makeJob({ id: 'job-0', status: 'selling', version: 2 }));

    expect(cache.transactionCount - before).toBe(1);
    expect(await cache.getJob(P_A1, 'job-0')).toMatchObject({ status: 'selling', version: 2 });
    expect(await cache.removeStaleJobs(P_A1, 3)).toBe(0);
  });

  it('putJob stamps the current full-sync generation, so a sync under way keeps the job', async () => {
    await open();
    await cache.putJobsPage(P_A1, [makeJob({ id: 'old' })], { gen: 1 });
    await cache.putSync(makeSync(P_A1, { gen: 2 }));
    await cache.putJob(P_A1, makeJob({ id: 'old', status: 'selling' }));
    await cache.putJob(P_A1, makeJob({ id: 'fresh' }));

    expect(await cache.removeStaleJobs(P_A1, 2)).toBe(0);
    expect(await cache.countJobs(P_A1)).toBe(2);
  });

  it('putJob refuses a malformed job', async () => {
    await open();
    await expect(cache.putJob(P_A1, { ...makeJob(), id: undefined } as never)).rejects.toThrow(TypeError);
    expect(await cache.countJobs(P_A1)).toBe(0);
  });

  it('deleteJob removes one job', async () => {
    await open();
    await cache.putJobsPage(P_A1, makeJobs(2));
    await cache.deleteJob(P_A1, 'job-1');
    expect(ids(await cache.getJobs(P_A1))).toEqual(['job-0']);
  });
});

describe('indexes', () => {
  it('counts per status', async () => {
    await open();
    const statuses = ['planning', 'prepay', 'selling', 'selling', 'archived', 'archived', 'archived'] as const;
    await cache.putJobsPage(P_A1, makeJobs(statuses.length, (i) => ({ status: statuses[i] })));
    await cache.putJobsPage(P_A2, makeJobs(2, () => ({ status: 'selling' })));

    expect(await cache.countJobsByStatus(P_A1)).toEqual({ planning: 1, prepay: 1, selling: 2, archived: 3 });
  });

  it('stores a job with only what its indexes need beside it', async () => {
    const opened = await openTestCache();
    cache = opened.cache;
    const job = makeJob({ id: 'x', status: 'selling' });
    await cache.putJobsPage(P_A1, [job], { gen: 3 });

    const db = await openCacheDatabase(opened.factory, opened.name);
    const record = await db.get('jobs', [P_A1, 'x']);
    db.close();
    // Every index and stored field is paid for on each job a sync writes.
    expect(record).toEqual({ partition: P_A1, id: 'x', job, status: 'selling', updatedAt: job.updatedAt, gen: 3 });
  });

  it('getJobs returns 10,000 jobs of a partition', async () => {
    await open();
    for (let page = 0; page < 20; page++) {
      await cache.putJobsPage(P_A1, makeJobs(500, (i) => ({ id: `job-${page}-${i}` })), { gen: 1 });
    }
    const jobs = await cache.getJobs(P_A1);
    expect(jobs).toHaveLength(10_000);
    expect(new Set(jobs.map((job) => job.id)).size).toBe(10_000);
  });
});
