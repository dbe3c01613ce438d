import fc from 'fast-check';
import { IDBDatabase as FakeIDBDatabase } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobCache } from '../../../lib/cache';
import type { Job } from '../../../lib/core';
import { makeJob } from '../core/factories';
import { P_A1, makeJobs, makeSync, openTestCache } from './helpers';

/**
 * A cached job's `version` never goes down: a sync page fetched before a status change (popup,
 * page bar, bulk) and written after it, or a `getJob` revalidation answered before a change and
 * stored after it, must not put the older version back.
 */

let cache: JobCache;
afterEach(() => {
  cache?.close();
  vi.restoreAllMocks();
});

async function open(): Promise<JobCache> {
  ({ cache } = await openTestCache());
  return cache;
}

const v = (version: number, overrides: Partial<Job> = {}) =>
  makeJob({ id: 'x', version, status: version % 2 ? 'planning' : 'selling', updatedAt: `2025-06-01T08:${String(version).padStart(2, '0')}:00.000Z`, ...overrides });
const ids = (jobs: Job[]) => jobs.map((job) => job.id);

describe('putJobsPage never lowers a version', () => {
  it('keeps a newer job stored by a status change after the page was fetched', async () => {
    await open();
    await cache.putJobsPage(P_A1, [v(1), makeJob({ id: 'y', version: 1 })], { gen: 1 });
    // The page (version 1 of x) is on its way while the status change answers with version 2.
    await cache.putJob(P_A1, v(2));
    const result = await cache.putJobsPage(P_A1, [v(1), makeJob({ id: 'y', version: 4 })], { gen: 1 });

    expect(await cache.getJob(P_A1, 'x')).toEqual(v(2));
    expect((await cache.getJob(P_A1, 'y'))?.version).toBe(4);
    expect(result).toEqual({ written: [makeJob({ id: 'y', version: 4 })], kept: [v(2)] });
    expect(await cache.countJobsByStatus(P_A1)).toMatchObject({ selling: 1, planning: 1 });
  });

  it('rewrites a job of the same version, and a newer one over an older one', async () => {
    await open();
    await cache.putJobsPage(P_A1, [v(3)], { gen: 1 });
    const same = await cache.putJobsPage(P_A1, [v(3, { name: 'Renamed' })], { gen: 1 });
    expect(ids(same.written)).toEqual(['x']);
    expect((await cache.getJob(P_A1, 'x'))?.name).toBe('Renamed');

    expect((await cache.putJobsPage(P_A1, [v(5)], { gen: 1 })).kept).toEqual([]);
    expect((await cache.getJob(P_A1, 'x'))?.version).toBe(5);
  });

  it('marks a kept newer job as seen by the full sync, so it is not removed as stale', async () => {
    await open();
    await cache.putJobsPage(P_A1, [v(1), ...makeJobs(2)], { gen: 1, sync: makeSync(P_A1, { gen: 1 }) });
    await cache.putJob(P_A1, v(2)); // stamped generation 1
    // The next full sync (generation 2) brings the older x and job-0; job-1 is gone on the server.
    await cache.putJobsPage(P_A1, [v(1), makeJobs(1)[0]!], { gen: 2, sync: makeSync(P_A1, { gen: 2 }) });

    expect(await cache.removeStaleJobs(P_A1, 2)).toBe(1);
    expect(await cache.getJob(P_A1, 'x')).toEqual(v(2));
    expect(await cache.getJob(P_A1, 'job-1')).toBeUndefined();
  });

  it('never lowers the generation of a job it writes', async () => {
    await open();
    await cache.putJobsPage(P_A1, [v(1)], { gen: 3 });
    await cache.putJobsPage(P_A1, [v(2)], { gen: 2 });
    expect(await cache.removeStaleJobs(P_A1, 3)).toBe(0);
    expect((await cache.getJob(P_A1, 'x'))?.version).toBe(2);
  });

  it('of one job twice in a page, stores the higher version', async () => {
    await open();
    const result = await cache.putJobsPage(P_A1, [v(4), v(2), makeJob({ id: 'y' })], { gen: 1 });
    expect((await cache.getJob(P_A1, 'x'))?.version).toBe(4);
    expect(result).toEqual({ written: [v(4), makeJob({ id: 'y' })], kept: [] });
  });

  it('still writes the page, its deletions and its cursor in one transaction', async () => {
    await open();
    await cache.putJobsPage(P_A1, [v(5), ...makeJobs(3)], { gen: 1 });
    const before = cache.transactionCount;
    const result = await cache.putJobsPage(P_A1, [v(1), makeJob({ id: 'new' })], {
      gen: 1,
      deletedIds: ['job-1'],
      sync: makeSync(P_A1, { cursor: 'page-3' }),
    });

    expect(cache.transactionCount - before).toBe(1);
    expect(ids(result.written)).toEqual(['new']);
    expect(ids(await cache.getJobs(P_A1)).sort()).toEqual(['job-0', 'job-2', 'new', 'x']);
    expect((await cache.getSync(P_A1))?.cursor).toBe('page-3');
  });
});

describe('putJob never lowers a version', () => {
  it('keeps a newer job a sync page stored while the answer was on its way', async () => {
    await open();
    await cache.putJobsPage(P_A1, [v(3)], { gen: 1 });
    const before = cache.transactionCount;

    expect(await cache.putJob(P_A1, v(2))).toEqual({ job: v(3), written: false });
    expect(cache.transactionCount - before).toBe(1);
    expect(await cache.getJob(P_A1, 'x')).toEqual(v(3));
  });

  it('writes the same or a higher version and says so', async () => {
    await open();
    await cache.putJobsPage(P_A1, [v(3)], { gen: 1 });
    expect(await cache.putJob(P_A1, v(3, { name: 'Again' }))).toEqual({ job: v(3, { name: 'Again' }), written: true });
    expect(await cache.putJob(P_A1, v(4))).toEqual({ job: v(4), written: true });
    expect(await cache.putJob(P_A1, makeJob({ id: 'new' }))).toEqual({ job: makeJob({ id: 'new' }), written: true });
    expect((await cache.getJob(P_A1, 'x'))?.version).toBe(4);
  });

  it('a kept job still joins the full sync under way', async () => {
    await open();
    await cache.putJobsPage(P_A1, [v(3)], { gen: 1 });
    await cache.putSync(makeSync(P_A1, { gen: 2 }));
    await cache.putJob(P_A1, v(2));
    expect(await cache.removeStaleJobs(P_A1, 2)).toBe(0);
  });
});

describe('job writes use relaxed durability', () => {
  it('for sync pages and single jobs, not for the bulk journal', async () => {
    await open();
    const transaction = vi.spyOn(FakeIDBDatabase.prototype, 'transaction');
    const durabilityOf = () => (transaction.mock.calls.at(-1)?.[2] as IDBTransactionOptions | undefined)?.durability;

    await cache.putJobsPage(P_A1, makeJobs(2), { gen: 1 });
    expect(durabilityOf()).toBe('relaxed');
    await cache.putJob(P_A1, v(1));
    expect(durabilityOf()).toBe('relaxed');
    // The unseen jobs after a full sync: the next full sync removes them again if this is lost.
    await cache.removeStaleJobs(P_A1, 2);
    expect(durabilityOf()).toBe('relaxed');
    await cache.putSync(makeSync(P_A1));
    expect(durabilityOf()).toBeUndefined();
  });
});

type Op = { kind: 'page'; version: number; gen: number } | { kind: 'answer'; version: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('page' as const), version: fc.integer({ min: 1, max: 8 }), gen: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('answer' as const), version: fc.integer({ min: 1, max: 8 }) }),
);

describe('any interleaving of sync pages and status answers for one job', () => {
  it('leaves the cache at the highest version the server sent, seen by the latest full sync', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Batches run concurrently (their transactions queue in an order the batch does not
        // await one by one); the batches run one after the other.
        fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        async (batches) => {
          const { cache: c } = await openTestCache();
          try {
            let highest = 0;
            let highestGen = 0;
            for (const batch of batches) {
              const told = await Promise.all(
                batch.map(async (o) => {
                  if (o.kind === 'answer') return (await c.putJob(P_A1, v(o.version))).job;
                  const { written, kept } = await c.putJobsPage(P_A1, [v(o.version)], { gen: o.gen });
                  expect(written.length + kept.length).toBe(1);
                  return [...written, ...kept][0]!;
                }),
              );
              for (const o of batch) {
                highest = Math.max(highest, o.version);
                if (o.kind === 'page') highestGen = Math.max(highestGen, o.gen);
              }
              // What a caller is told is cached is what it wrote or newer: its in-memory index follows that.
              batch.forEach((o, i) => expect(told[i]!.version).toBeGreaterThanOrEqual(o.version));
              expect((await c.getJob(P_A1, 'x'))?.version).toBe(highest);
            }
            expect(await c.getJob(P_A1, 'x')).toEqual(v(highest));
            // Seen by every full sync that brought it, whichever version it brought.
            expect(await c.removeStaleJobs(P_A1, highestGen)).toBe(0);
            expect(await c.countJobs(P_A1)).toBe(1);
          } finally {
            c.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
