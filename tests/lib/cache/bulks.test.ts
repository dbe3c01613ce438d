import { afterEach, describe, expect, it } from 'vitest';
import { openJobCache, type JobCache } from '../../../lib/cache';
import { P_A1, P_A2, makeBulk, makeEntry, openTestCache } from './helpers';

let cache: JobCache;
afterEach(() => cache?.close());

describe('bulks', () => {
  it('createBulk writes the bulk and all its entries in one transaction', async () => {
    ({ cache } = await openTestCache());
    const bulk = makeBulk();
    const entries = ['j1', 'j2', 'j3'].map((jobId) => makeEntry({ jobId }));
    const before = cache.transactionCount;
    await cache.createBulk(bulk, entries);

    expect(cache.transactionCount - before).toBe(1);
    expect(await cache.getBulk(P_A1, bulk.id)).toEqual(bulk);
    expect(await cache.getBulkEntries(bulk.id)).toEqual(entries);
  });

  it('createBulk refuses entries of another bulk and writes nothing', async () => {
    ({ cache } = await openTestCache());
    await expect(cache.createBulk(makeBulk(), [makeEntry({ bulkId: 'bulk-2' })])).rejects.toThrow(TypeError);
    expect(await cache.getBulk(P_A1, 'bulk-1')).toBeUndefined();
  });

  it('getBulk hides a bulk of another partition', async () => {
    ({ cache } = await openTestCache());
    await cache.putBulk(makeBulk({ id: 'b', partition: P_A1 }));
    expect(await cache.getBulk(P_A1, 'b')).toBeDefined();
    expect(await cache.getBulk(P_A2, 'b')).toBeUndefined();
  });

  it('lists a partition bulks in queue order', async () => {
    ({ cache } = await openTestCache());
    await cache.putBulk(makeBulk({ id: 'z', seq: 1 }));
    await cache.putBulk(makeBulk({ id: 'a', seq: 3, state: 'done' }));
    await cache.putBulk(makeBulk({ id: 'm', seq: 2 }));
    await cache.putBulk(makeBulk({ id: 'other', seq: 4, partition: P_A2 }));

    expect((await cache.listBulks(P_A1)).map((bulk) => bulk.id)).toEqual(['z', 'm', 'a']);
    expect((await cache.listBulks(P_A2)).map((bulk) => bulk.id)).toEqual(['other']);
  });

  it('updates a bulk in place', async () => {
    ({ cache } = await openTestCache());
    await cache.putBulk(makeBulk());
    await cache.putBulk(makeBulk({ state: 'paused', resumeAt: '2025-06-15T12:01:00.000Z' }));
    expect(await cache.listBulks(P_A1)).toEqual([makeBulk({ state: 'paused', resumeAt: '2025-06-15T12:01:00.000Z' })]);
  });

  it('lists unfinished bulks of every partition in queue order', async () => {
    ({ cache } = await openTestCache());
    const states = ['done', 'paused', 'queued', 'cancelled', 'running', 'queued'] as const;
    for (const [i, state] of states.entries()) {
      await cache.putBulk(makeBulk({ id: `b${i}`, seq: 10 - i, state, partition: i % 2 ? P_A1 : P_A2 }));
    }
    expect((await cache.listUnfinishedBulks()).map((bulk) => bulk.id)).toEqual(['b5', 'b4', 'b2', 'b1']);
  });

  it('hands out increasing queue positions that survive reopening', async () => {
    const opened = await openTestCache();
    cache = opened.cache;
    expect(await cache.nextBulkSeq()).toBe(1);
    expect(await cache.nextBulkSeq()).toBe(2);
    cache.close();

    cache = await openJobCache({ name: opened.name, idbFactory: opened.factory });
    expect(await cache.nextBulkSeq()).toBe(3);
  });
});

describe('bulk entries', () => {
  it('putBulkEntries updates one entry in one transaction, leaving the others', async () => {
    ({ cache } = await openTestCache());
    await cache.createBulk(makeBulk(), [makeEntry({ jobId: 'j1' }), makeEntry({ jobId: 'j2' })]);
    const before = cache.transactionCount;
    await cache.putBulkEntries([makeEntry({ jobId: 'j1', state: 'in-flight', attempt: 1 })]);

    expect(cache.transactionCount - before).toBe(1);
    expect(await cache.getBulkEntries('bulk-1')).toEqual([
      makeEntry({ jobId: 'j1', state: 'in-flight', attempt: 1 }),
      makeEntry({ jobId: 'j2' }),
    ]);
  });

  it('putBulkEntries writes many in one transaction', async () => {
    ({ cache } = await openTestCache());
    const entries = Array.from({ length: 300 }, (_, i) => makeEntry({ jobId: `j${i}` }));
    const before = cache.transactionCount;
    await cache.putBulkEntries(entries);
    expect(cache.transactionCount - before).toBe(1);
    expect(await cache.getBulkEntries('bulk-1')).toHaveLength(300);
  });

  it('finds a bulk entries by state, never another bulk', async () => {
    ({ cache } = await openTestCache());
    await cache.putBulkEntries([
      makeEntry({ jobId: 'j1', state: 'done' }),
      makeEntry({ jobId: 'j2', state: 'pending' }),
      makeEntry({ jobId: 'j3', state: 'done' }),
      makeEntry({ bulkId: 'bulk-2', jobId: 'j1', state: 'done' }),
    ]);
    const done = await cache.getBulkEntriesByState('bulk-1', 'done');
    expect(done.map((entry) => entry.jobId)).toEqual(['j1', 'j3']);
    expect(await cache.getBulkEntriesByState('bulk-1', 'conflict')).toEqual([]);
    expect(await cache.getBulkEntries('bulk-2')).toHaveLength(1);
  });

  it('clearPartition removes the partition bulks with their entries only', async () => {
    ({ cache } = await openTestCache());
    await cache.createBulk(makeBulk({ id: 'mine' }), [makeEntry({ bulkId: 'mine' })]);
    await cache.createBulk(makeBulk({ id: 'theirs', partition: P_A2 }), [makeEntry({ bulkId: 'theirs' })]);
    await cache.clearPartition(P_A1);

    expect(await cache.listBulks(P_A1)).toEqual([]);
    expect(await cache.getBulkEntries('mine')).toEqual([]);
    expect(await cache.getBulk(P_A2, 'theirs')).toBeDefined();
    expect(await cache.getBulkEntries('theirs')).toHaveLength(1);
  });
});
