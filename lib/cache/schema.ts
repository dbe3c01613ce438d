import { unwrap, wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { StoredReason } from '../core/reasons';
import type { Account, Job, JobStatus } from '../core/types';
import type { ActivityEntry, BulkJobState, BulkState, SyncStateView, SyncStatus } from '../messaging/protocol';

/**
 * The IndexedDB schema of the background's cache (DESIGN §4): record types, stores, and the
 * numbered upgrade steps. Only the background opens this database.
 */

export const DEFAULT_DB_NAME = 'job-status-companion';

/** `${origin}|${accountId}`: every record belongs to one admin origin and account. */
export type Partition = string;

export function partitionKey(origin: string, accountId: string): Partition {
  return `${origin}|${accountId}`;
}

export interface JobRecord {
  partition: Partition;
  id: string;
  job: Job;
  status: JobStatus;
  updatedAt: string;
  /** The full-sync generation that last saw this job; older ones are removed when a full sync ends. */
  gen: number;
}

export interface SyncRecord {
  partition: Partition;
  origin: string;
  accountId: string;
  account: Account;
  phase: 'full' | 'incremental';
  /** The next page during a full sync, so a stopped worker resumes where it was. */
  cursor: string | null;
  /** Server time of the last completed sync; the next incremental sync asks for changes since. */
  updatedSince: string | null;
  /** Generation of the current full sync. */
  gen: number;
  status: SyncStatus;
  lastSuccessAt: string | null;
  lastError: SyncStateView['lastError'];
  /**
   * Jobs cached when the last sync ended. IndexedDB counts by walking every key, which at 10,000
   * jobs holds up the popup's first reads; absent in records written before it existed.
   */
  jobCount?: number;
}

export interface BulkRecord {
  id: string;
  partition: Partition;
  createdAt: string;
  /** Queue order, from `nextBulkSeq()`. */
  seq: number;
  target: JobStatus;
  includeCritical: boolean;
  state: BulkState;
  resumeAt: string | null;
  origin: { kind: 'retry' | 'undo'; bulkId: string } | null;
  /** Set while the site is signed in as another account: nothing is sent until this one is back. */
  waitingFor?: BulkWaitingFor | null;
}

export interface BulkWaitingFor {
  kind: 'account';
  accountId: string;
  accountName: string;
}

export interface BulkEntry {
  bulkId: string;
  jobId: string;
  name: string;
  from: JobStatus;
  to: JobStatus;
  expectedVersion: number;
  state: BulkJobState;
  attempt: number;
  idempotencyKey: string;
  reason: StoredReason | null;
  updatedAt: string;
  serverJob?: Job;
}

export type NewActivity = Omit<ActivityEntry, 'id'> & { partition: Partition };
/** `id` is assigned by the store on insert, so it is absent on the value being added. */
export type ActivityRecord = NewActivity & { id?: number };

export interface CacheSchema extends DBSchema {
  jobs: {
    key: [Partition, string];
    value: JobRecord;
    indexes: {
      byUpdated: [Partition, string];
      byStatusGen: [Partition, JobStatus, number];
    };
  };
  sync: { key: Partition; value: SyncRecord };
  /** Small values under string keys, e.g. `current:<origin>` and the bulk sequence counter. */
  meta: { key: string; value: unknown };
  bulks: { key: string; value: BulkRecord; indexes: { byPartition: Partition; byState: BulkState } };
  bulkEntries: {
    key: [string, string];
    value: BulkEntry;
    indexes: { byBulk: string; byBulkState: [string, BulkJobState] };
  };
  activity: { key: number; value: ActivityRecord; indexes: { byPartitionAt: [Partition, string] } };
}

export type StoreName = StoreNames<CacheSchema>;
export type CacheDatabase = IDBPDatabase<CacheSchema>;
export type UpgradeTransaction = IDBPTransaction<CacheSchema, StoreName[], 'versionchange'>;
export type Upgrade = (db: CacheDatabase, tx: UpgradeTransaction) => void;

/**
 * `UPGRADES[n]` takes the database from version n to n + 1. Steps are never edited once
 * released: a user's database may be at any earlier version, and the next version adds a step
 * (and a test that opens a database built at the previous version, see tests/lib/cache).
 */
export const UPGRADES: readonly Upgrade[] = [
  // 0 → 1
  (db) => {
    // Unwrapped because CacheSchema no longer names the indexes that version 2 drops.
    const jobs = unwrap(db.createObjectStore('jobs', { keyPath: ['partition', 'id'] }));
    jobs.createIndex('byPartition', 'partition');
    jobs.createIndex('byStatus', ['partition', 'status']);
    jobs.createIndex('byUpdated', ['partition', 'updatedAt']);
    jobs.createIndex('bySearch', ['partition', 'search']);
    // Lets the end of a full sync find the jobs it did not see without reading every job.
    jobs.createIndex('byGen', ['partition', 'gen']);

    db.createObjectStore('sync', { keyPath: 'partition' });
    db.createObjectStore('meta');

    const bulks = db.createObjectStore('bulks', { keyPath: 'id' });
    bulks.createIndex('byPartition', 'partition');
    bulks.createIndex('byState', 'state');

    const entries = db.createObjectStore('bulkEntries', { keyPath: ['bulkId', 'jobId'] });
    entries.createIndex('byBulk', 'bulkId');
    entries.createIndex('byBulkState', ['bulkId', 'state']);

    const activity = db.createObjectStore('activity', { keyPath: 'id', autoIncrement: true });
    activity.createIndex('byPartitionAt', ['partition', 'at']);
  },
  // 1 → 2
  (_db, tx) => {
    // Every index costs each job write its own entry, and a full sync is bound by these writes.
    // Searches, filters and counts run in the background's in-memory index; the partition's
    // jobs are a key range of the store itself. What is left: byUpdated, the popup's first rows
    // before that index loads, and one index for both per-status counts and the jobs a full sync
    // did not see (one range per status). Records keep their `search` field until next written:
    // nothing reads it, and rewriting every job would hold up this first open after the update.
    const jobs = tx.objectStore('jobs');
    for (const name of ['byPartition', 'byStatus', 'bySearch', 'byGen']) jobs.deleteIndex(name);
    jobs.createIndex('byStatusGen', ['partition', 'status', 'gen']);
  },
];

export const DB_VERSION = UPGRADES.length;

/**
 * Opens (creating or upgrading) the database. idb's `openDB` always uses the global
 * `indexedDB`; this does the same through `wrap` on the given factory so tests can isolate a
 * database per test.
 */
export function openCacheDatabase(
  factory: IDBFactory,
  name: string,
  version: number = DB_VERSION,
): Promise<CacheDatabase> {
  if (!Number.isInteger(version) || version < 1 || version > UPGRADES.length) {
    return Promise.reject(new RangeError(`no schema for version ${version}`));
  }
  const request = factory.open(name, version);
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as CacheDatabase;
    const tx = wrap(request.transaction as IDBTransaction) as unknown as UpgradeTransaction;
    for (let from = event.oldVersion; from < version; from++) UPGRADES[from]?.(db, tx);
  });
  return wrap(request) as Promise<CacheDatabase>;
}
