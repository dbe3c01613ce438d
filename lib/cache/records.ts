import type { IDBPTransaction } from 'idb';
import { JOB_STATUSES, type Job, type JobStatus } from '../core/types';
import type { BulkState } from '../messaging/protocol';
import { partitionKey, type BulkRecord, type CacheSchema, type JobRecord, type Partition, type StoreName, type SyncRecord } from './schema';

/**
 * The cache's record-level rules, apart from the JobCache class (cache.ts) that runs them in
 * transactions: what a job record must hold, which of two versions wins, key ranges and keys,
 * and the options and results of the class's writes. No IndexedDB is opened here.
 */

/** Activity entries kept per partition; older ones are dropped as new ones arrive. */
export const ACTIVITY_LIMIT = 5000;

export interface JobCacheOptions {
  name?: string;
  idbFactory?: IDBFactory;
  /** Defaults to ACTIVITY_LIMIT; tests lower it to exercise trimming quickly. */
  activityLimit?: number;
}

export interface PutJobsPageOptions {
  deletedIds?: string[];
  /** Generation to stamp on the page's jobs; defaults to the sync record's. */
  gen?: number;
  /** Written in the same transaction, so the cursor never runs ahead of the stored jobs. */
  sync?: SyncRecord;
}

/**
 * What a job write did with each job. A job whose cached version is higher than the one given is
 * kept (a page fetched before a status change must not put the older version back); the caller
 * updates anything kept in memory from `written` and `kept`, never from what it passed in.
 */
export interface PutJobsResult {
  /** The jobs stored as given (no version was cached, or it was the same or lower), in the order given. */
  written: Job[];
  /** For each job not stored: the newer version that is cached and stays. */
  kept: Job[];
}

export interface PutJobResult {
  /** The job as cached now: the one given, or the newer version that was kept. */
  job: Job;
  written: boolean;
}

/**
 * Job pages and single job answers are copies of the server's data that the next sync brings
 * back if a crash loses them, and the cursor is in the same transaction as its page (atomic
 * either way), so they need not wait for the disk flush. The bulk journal and the sync record
 * written alone keep the default: they are written before a request is sent.
 */
export const JOB_WRITE: IDBTransactionOptions = { durability: 'relaxed' };

export const UNFINISHED_BULK_STATES: readonly BulkState[] = ['queued', 'running', 'paused'];
export const ALL_STORES = ['jobs', 'sync', 'meta', 'bulks', 'bulkEntries', 'activity'] as const satisfies readonly StoreName[];
export const BULK_SEQ_KEY = 'bulkSeq';
export const currentKey = (origin: string) => `current:${origin}`;
export const summaryKey = (partition: Partition) => `summary:${partition}`;

/**
 * The counts of a partition's whole list as last computed (per status, all, and attention under
 * `stamp`: the day, account facts and checklist settings it depends on). Counting needs every job
 * (and IndexedDB counts walk every key); keeping the last counts lets the first popup query be
 * answered from a few records while the rest load.
 */
export interface ListSummary {
  counts: Record<JobStatus | 'attention' | 'all', number>;
  stamp: string;
}

const SUMMARY_COUNTS = ['all', 'attention', ...JOB_STATUSES] as const;

export function isListSummary(value: unknown): value is ListSummary {
  const v = value as { counts?: Record<string, unknown>; stamp?: unknown } | null;
  return (
    typeof v === 'object' && v !== null && typeof v.stamp === 'string' && typeof v.counts === 'object' && v.counts !== null &&
    SUMMARY_COUNTS.every((key) => typeof v.counts![key] === 'number')
  );
}

// Arrays sort after every string and number key, so [p, q] … [p, q, []] spans every key that starts with p, q.
export const prefixRange = (...prefix: string[]) => IDBKeyRange.bound(prefix, [...prefix, []]);

export type Tx<N extends StoreName[], M extends IDBTransactionMode> = IDBPTransaction<CacheSchema, N, M>;

/**
 * Attaches a no-op handler so a write whose transaction later aborts does not surface as an
 * unhandled rejection; the failure is reported once, through `tx.done`.
 */
export function quiet(promise: Promise<unknown>): void {
  promise.catch(() => undefined);
}

export function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted: nothing left to undo.
  }
}

export function toJobRecord(partition: Partition, job: Job, gen: number): JobRecord {
  if (typeof job !== 'object' || job === null) throw new TypeError('job cache: a job must be an object');
  if (typeof job.id !== 'string' || job.id === '') throw new TypeError('job cache: a job has no id');
  if (!(JOB_STATUSES as readonly unknown[]).includes(job.status)) {
    throw new TypeError(`job cache: job ${job.id} has no valid status`);
  }
  for (const field of ['name', 'internalName', 'organization', 'updatedAt'] as const) {
    if (typeof job[field] !== 'string') throw new TypeError(`job cache: job ${job.id} has no ${field}`);
  }
  return { partition, id: job.id, job, status: job.status, updatedAt: job.updatedAt, gen };
}

/**
 * Of jobs with the same id in one write, the highest version (the later one of equal versions):
 * what writing them one after the other would leave.
 */
export function newestPerId(records: JobRecord[]): JobRecord[] {
  if (records.length < 2) return records;
  const byId = new Map<string, JobRecord>();
  for (const record of records) {
    const seen = byId.get(record.id);
    if (!seen || seen.job.version <= record.job.version) byId.set(record.id, record);
  }
  return byId.size === records.length ? records : records.filter((record) => byId.get(record.id) === record);
}

/**
 * Writes `record` over `existing` (the same key, read in the same transaction) unless `existing`
 * has a higher version; returns whether it did. A kept job is restamped when `record`'s generation
 * is higher: the write saw the job exist, so a full sync must not remove it as unseen.
 */
export function write(store: { put(value: JobRecord): Promise<unknown> }, record: JobRecord, existing: JobRecord | undefined): boolean {
  const gen = Math.max(record.gen, existing?.gen ?? 0);
  if (existing && existing.job.version > record.job.version) {
    if (existing.gen < gen) quiet(store.put({ ...existing, gen }));
    return false;
  }
  record.gen = gen;
  quiet(store.put(record));
  return true;
}

export function assertPartition(partition: Partition, origin: string, accountId: string, what: string): void {
  if (partition !== partitionKey(origin, accountId)) {
    throw new TypeError(`job cache: ${what} partition ${partition} does not match ${origin} / ${accountId}`);
  }
}


/** Bulks in queue order. */
export function bySeq(a: BulkRecord, b: BulkRecord): number {
  return a.seq - b.seq;
}
