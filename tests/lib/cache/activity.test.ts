import { afterEach, describe, expect, it } from 'vitest';
import { ACTIVITY_LIMIT, type JobCache } from '../../../lib/cache';
import { P_A1, P_A2, makeActivity, openTestCache } from './helpers';

let cache: JobCache;
afterEach(() => cache?.close());

describe('activity', () => {
  it('lists a partition entries newest first, with ids and without the partition', async () => {
    ({ cache } = await openTestCache());
    await cache.addActivity([makeActivity(P_A1, 2), makeActivity(P_A1, 0)]);
    await cache.addActivity([makeActivity(P_A1, 1), makeActivity(P_A2, 5)]);

    const listed = await cache.listActivity(P_A1, 10);
    expect(listed.map((entry) => entry.jobId)).toEqual(['job-2', 'job-1', 'job-0']);
    for (const entry of listed) {
      expect(entry.id).toEqual(expect.any(Number));
      expect(entry).not.toHaveProperty('partition');
    }
    expect(new Set(listed.map((entry) => entry.id)).size).toBe(3);
    expect((await cache.listActivity(P_A2, 10)).map((entry) => entry.jobId)).toEqual(['job-5']);
  });

  it('orders entries of the same instant by insertion, newest first', async () => {
    ({ cache } = await openTestCache());
    const at = '2025-06-15T12:00:00.000Z';
    await cache.addActivity(['a', 'b', 'c'].map((jobId) => makeActivity(P_A1, 0, { at, jobId })));
    expect((await cache.listActivity(P_A1, 2)).map((entry) => entry.jobId)).toEqual(['c', 'b']);
  });

  it('adds a batch in one transaction', async () => {
    ({ cache } = await openTestCache());
    const before = cache.transactionCount;
    await cache.addActivity(Array.from({ length: 50 }, (_, i) => makeActivity(P_A1, i)));
    expect(cache.transactionCount - before).toBe(1);
  });

  it('does not mutate the entries it is given', async () => {
    ({ cache } = await openTestCache());
    const entry = makeActivity(P_A1, 0);
    await cache.addActivity([entry]);
    expect(entry).not.toHaveProperty('id');
  });

  it('trims each partition to its newest entries and leaves other partitions alone', async () => {
    ({ cache } = await openTestCache({ activityLimit: 5 }));
    await cache.addActivity(Array.from({ length: 4 }, (_, i) => makeActivity(P_A2, i)));
    await cache.addActivity(Array.from({ length: 4 }, (_, i) => makeActivity(P_A1, i)));
    await cache.addActivity(Array.from({ length: 4 }, (_, i) => makeActivity(P_A1, 10 + i)));

    expect((await cache.listActivity(P_A1, 100)).map((entry) => entry.jobId)).toEqual([
      'job-13',
      'job-12',
      'job-11',
      'job-10',
      'job-3',
    ]);
    expect(await cache.listActivity(P_A2, 100)).toHaveLength(4);
  });

  it(`keeps ${ACTIVITY_LIMIT} entries by default`, async () => {
    ({ cache } = await openTestCache());
    await cache.addActivity(Array.from({ length: ACTIVITY_LIMIT + 3 }, (_, i) => makeActivity(P_A1, i)));
    const listed = await cache.listActivity(P_A1, ACTIVITY_LIMIT + 10);
    expect(listed).toHaveLength(ACTIVITY_LIMIT);
    expect(listed.at(-1)?.jobId).toBe('job-3');
  });

  it('refuses an entry whose partition does not match its origin and account', async () => {
    ({ cache } = await openTestCache());
    await expect(cache.addActivity([makeActivity(P_A1, 1), { ...makeActivity(P_A1, 2), partition: P_A2 }])).rejects.toThrow(
      TypeError,
    );
    expect(await cache.listActivity(P_A1, 10)).toEqual([]);
  });

  it('clearPartition removes the partition activity only', async () => {
    ({ cache } = await openTestCache());
    await cache.addActivity([makeActivity(P_A1, 1), makeActivity(P_A2, 2)]);
    await cache.clearPartition(P_A1);
    expect(await cache.listActivity(P_A1, 10)).toEqual([]);
    expect(await cache.listActivity(P_A2, 10)).toHaveLength(1);
  });
});
