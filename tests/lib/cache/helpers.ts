// IDBKeyRange must exist as a global (the cache builds key ranges with it); each test still gets
// its own factory, so no database is shared between tests.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openJobCache, partitionKey, type BulkEntry, type BulkRecord, type JobCache, type NewActivity, type SyncRecord } from '../../../lib/cache';
import type { Job } from '../../../lib/core';
import { makeAccount, makeJob } from '../core/factories';

export const ORIGIN_A = 'https://admin.example.com';
export const ORIGIN_B = 'https://admin.example.org';
export const P_A1 = partitionKey(ORIGIN_A, 'acc-1');
export const P_A2 = partitionKey(ORIGIN_A, 'acc-2');
export const P_B1 = partitionKey(ORIGIN_B, 'acc-1');

export interface TestCache {
  cache: JobCache;
  factory: IDBFactory;
  name: string;
}

export async function openTestCache(options: { activityLimit?: number } = {}): Promise<TestCache> {
  const factory = new IDBFactory();
  const name = 'test-cache';
  const cache = await openJobCache({ name, idbFactory: factory, ...options });
  return { cache, factory, name };
}

/** `count` distinct jobs: job-0 … job-(count-1), named so that their order is predictable. */
export function makeJobs(count: number, overrides: (i: number) => Parameters<typeof makeJob>[0] = () => ({})): Job[] {
  return Array.from({ length: count }, (_, i) =>
    makeJob({ id: `job-${i}`, name: `Job ${String(i).padStart(5, '0')}`, ...overrides(i) }),
  );
}

function split(partition: string): { origin: string; accountId: string } {
  const at = partition.lastIndexOf('|');
  return { origin: partition.slice(0, at), accountId: partition.slice(at + 1) };
}

export function makeSync(partition: string, overrides: Partial<SyncRecord> = {}): SyncRecord {
  const { origin, accountId } = split(partition);
  return {
    partition,
    origin,
    accountId,
    account: makeAccount({ id: accountId }),
    phase: 'full',
    cursor: null,
    updatedSince: null,
    gen: 1,
    status: 'syncing',
    lastSuccessAt: null,
    lastError: null,
    ...overrides,
  };
}

export function makeBulk(overrides: Partial<BulkRecord> = {}): BulkRecord {
  return {
    id: 'bulk-1',
    partition: P_A1,
    createdAt: '2025-06-15T12:00:00.000Z',
    seq: 1,
    target: 'selling',
    includeCritical: false,
    state: 'queued',
    resumeAt: null,
    origin: null,
    ...overrides,
  };
}

export function makeEntry(overrides: Partial<BulkEntry> = {}): BulkEntry {
  const bulkId = overrides.bulkId ?? 'bulk-1';
  const jobId = overrides.jobId ?? 'job-1';
  return {
    bulkId,
    jobId,
    name: `Name of ${jobId}`,
    from: 'planning',
    to: 'selling',
    expectedVersion: 1,
    state: 'pending',
    attempt: 0,
    idempotencyKey: `${bulkId}:${jobId}`,
    reason: null,
    updatedAt: '2025-06-15T12:00:00.000Z',
    ...overrides,
  };
}

/** Activity entry `n` of a partition, `n` minutes after a fixed time. */
export function makeActivity(partition: string, n: number, overrides: Partial<NewActivity> = {}): NewActivity {
  const { origin, accountId } = split(partition);
  return {
    partition,
    origin,
    accountId,
    at: new Date(Date.UTC(2025, 5, 15, 12, n)).toISOString(),
    jobId: `job-${n}`,
    jobName: `Job ${n}`,
    from: 'planning',
    to: 'selling',
    result: 'done',
    reason: null,
    bulkId: null,
    ...overrides,
  };
}
