import { afterEach, describe, expect, it } from 'vitest';
import { partitionKey, type JobCache } from '../../../lib/cache';
import { ORIGIN_A, ORIGIN_B, P_A1, P_A2, P_B1, makeJobs, makeSync, openTestCache } from './helpers';

let cache: JobCache;
afterEach(() => cache?.close());

describe('partitionKey', () => {
  it('joins origin and account', () => {
    expect(partitionKey('https://admin.example.com', 'acc-7')).toBe('https://admin.example.com|acc-7');
  });
});

describe('sync records', () => {
  it('stores one record per partition', async () => {
    ({ cache } = await openTestCache());
    expect(await cache.getSync(P_A1)).toBeUndefined();

    const a1 = makeSync(P_A1, { phase: 'incremental', updatedSince: '2025-06-15T11:00:00.000Z', status: 'ok' });
    const a2 = makeSync(P_A2, {
      status: 'error',
      lastError: { kind: 'network', message: 'offline', at: '2025-06-15T12:00:00.000Z' },
    });
    await cache.putSync(a1);
    await cache.putSync(a2);

    expect(await cache.getSync(P_A1)).toEqual(a1);
    expect(await cache.getSync(P_A2)).toEqual(a2);
    expect(await cache.getSync(P_B1)).toBeUndefined();
  });

  it('replaces the record as a full sync advances page by page', async () => {
    ({ cache } = await openTestCache());
    await cache.putJobsPage(P_A1, makeJobs(2), { gen: 3, sync: makeSync(P_A1, { gen: 3, cursor: 'p2' }) });
    await cache.putJobsPage(P_A1, makeJobs(2), { gen: 3, sync: makeSync(P_A1, { gen: 3, cursor: 'p3' }) });
    await cache.putJobsPage(P_A1, [], {
      gen: 3,
      sync: makeSync(P_A1, { gen: 3, cursor: null, phase: 'incremental', status: 'ok', updatedSince: '2025-06-15T12:00:00Z' }),
    });

    expect(await cache.getSync(P_A1)).toMatchObject({ cursor: null, phase: 'incremental', status: 'ok', gen: 3 });
  });

  it('refuses a record whose partition does not match its origin and account', async () => {
    ({ cache } = await openTestCache());
    await expect(cache.putSync({ ...makeSync(P_A1), accountId: 'acc-2' })).rejects.toThrow(TypeError);
    expect(await cache.getSync(P_A1)).toBeUndefined();
  });
});

describe('current partition per origin', () => {
  it('remembers the account last seen behind each origin', async () => {
    ({ cache } = await openTestCache());
    expect(await cache.getCurrentPartition(ORIGIN_A)).toBeUndefined();

    await cache.setCurrentPartition(ORIGIN_A, P_A1);
    await cache.setCurrentPartition(ORIGIN_B, P_B1);
    await cache.setCurrentPartition(ORIGIN_A, P_A2);

    expect(await cache.getCurrentPartition(ORIGIN_A)).toBe(P_A2);
    expect(await cache.getCurrentPartition(ORIGIN_B)).toBe(P_B1);
  });

  it('refuses a partition of another origin', async () => {
    ({ cache } = await openTestCache());
    await expect(cache.setCurrentPartition(ORIGIN_A, P_B1)).rejects.toThrow(TypeError);
    expect(await cache.getCurrentPartition(ORIGIN_A)).toBeUndefined();
  });

  it('survives clearing the partition (the same account is still signed in)', async () => {
    ({ cache } = await openTestCache());
    await cache.setCurrentPartition(ORIGIN_A, P_A1);
    await cache.clearPartition(P_A1);
    expect(await cache.getCurrentPartition(ORIGIN_A)).toBe(P_A1);
  });
});
