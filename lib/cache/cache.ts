import type { IDBPTransaction } from 'idb';
import { JOB_STATUSES, type Job, type JobStatus } from '../core/types';
import type { ActivityEntry, BulkJobState, BulkState } from '../messaging/protocol';
import {
  DEFAULT_DB_NAME,
  openCacheDatabase,
  partitionKey,
  type BulkEntry,
  type BulkRecord,
  type CacheDatabase,
  type CacheSchema,
  type JobRecord,
  type NewActivity,
  type Partition,
  type StoreName,
  type SyncRecord,
} from './schema';

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
const JOB_WRITE: IDBTransactionOptions = { durability: 'relaxed' };

const UNFINISHED_BULK_STATES: readonly BulkState[] = ['queued', 'running', 'paused'];
const ALL_STORES = ['jobs', 'sync', 'meta', 'bulks', 'bulkEntries', 'activity'] as const satisfies readonly StoreName[];
const BULK_SEQ_KEY = 'bulkSeq';
const currentKey = (origin: string) => `current:${origin}`;
const summaryKey = (partition: Partition) => `summary:${partition}`;

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

function isListSummary(value: unknown): value is ListSummary {
  const v = value as { counts?: Record<string, unknown>; stamp?: unknown } | null;
  return (
    typeof v === 'object' && v !== null && typeof v.stamp === 'string' && typeof v.counts === 'object' && v.counts !== null &&
    SUMMARY_COUNTS.every((key) => typeof v.counts![key] === 'number')
  );
}

// Arrays sort after every string and number key, so [p, q] … [p, q, []] spans every key that starts with p, q.
const prefixRange = (...prefix: string[]) => IDBKeyRange.bound(prefix, [...prefix, []]);

type Tx<N extends StoreName[], M extends IDBTransactionMode> = IDBPTransaction<CacheSchema, N, M>;

/**
 * Attaches a no-op handler so a write whose transaction later aborts does not surface as an
 * unhandled rejection; the failure is reported once, through `tx.done`.
 */
function quiet(promise: Promise<unknown>): void {
  promise.catch(() => undefined);
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted: nothing left to undo.
  }
}

function toJobRecord(partition: Partition, job: Job, gen: number): JobRecord {
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
function newestPerId(records: JobRecord[]): JobRecord[] {
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
function write(store: { put(value: JobRecord): Promise<unknown> }, record: JobRecord, existing: JobRecord | undefined): boolean {
  const gen = Math.max(record.gen, existing?.gen ?? 0);
  if (existing && existing.job.version > record.job.version) {
    if (existing.gen < gen) quiet(store.put({ ...existing, gen }));
    return false;
  }
  record.gen = gen;
  quiet(store.put(record));
  return true;
}

function assertPartition(partition: Partition, origin: string, accountId: string, what: string): void {
  if (partition !== partitionKey(origin, accountId)) {
    throw new TypeError(`job cache: ${what} partition ${partition} does not match ${origin} / ${accountId}`);
  }
}

export class JobCache {
  readonly #db: CacheDatabase;
  readonly #activityLimit: number;
  #transactions = 0;

  constructor(db: CacheDatabase, activityLimit: number = ACTIVITY_LIMIT) {
    this.#db = db;
    this.#activityLimit = activityLimit;
    // A newer schema (an updated extension) cannot open while this connection stays open.
    db.addEventListener('versionchange', () => db.close());
  }

  /** Transactions this cache has opened; the benchmark checks one per synced page. */
  get transactionCount(): number {
    return this.#transactions;
  }

  close(): void {
    this.#db.close();
  }

  /**
   * Runs `body` in one transaction and resolves once it committed. Any failure (thrown by the
   * body, by a request, or by the commit) aborts the whole transaction.
   */
  async #run<N extends StoreName[], M extends IDBTransactionMode, R>(
    stores: N,
    mode: M,
    body: (tx: Tx<N, M>) => Promise<R> | R,
    options?: IDBTransactionOptions,
  ): Promise<R> {
    const tx = this.#db.transaction(stores, mode, options) as Tx<N, M>;
    this.#transactions++;
    const done = tx.done;
    quiet(done);
    try {
      const result = await body(tx);
      await done;
      return result;
    } catch (error) {
      abortQuietly(tx);
      throw error;
    }
  }

  // ── jobs ──────────────────────────────────────────────────────────────────────────────

  /**
   * Stores one synced page: upserts `jobs`, deletes `deletedIds` and writes `sync`, all in one
   * transaction. Throws without writing anything if any job is malformed.
   *
   * A cached job with a higher `version` than the page's is kept (the page was fetched before a
   * status change that is already stored); it is still stamped with the page's generation, since
   * the page saw the job exist. No job's generation is lowered.
   */
  async putJobsPage(partition: Partition, jobs: Job[], opts: PutJobsPageOptions = {}): Promise<PutJobsResult> {
    const { deletedIds = [], sync } = opts;
    if (sync && sync.partition !== partition) {
      throw new TypeError(`job cache: sync record of ${sync.partition} written to ${partition}`);
    }
    if (sync) assertPartition(sync.partition, sync.origin, sync.accountId, 'sync record');
    const explicitGen = opts.gen ?? sync?.gen;
    // Validated before the transaction opens, so a bad job costs no transaction at all.
    const records = newestPerId(jobs.map((job) => toJobRecord(partition, job, explicitGen ?? 0)));

    return this.#run(
      ['jobs', 'sync'],
      'readwrite',
      async (tx) => {
        const store = tx.objectStore('jobs');
        // All reads are sent at once; the writes follow in the same transaction, so no other
        // write can come between a job's read and its write.
        const [storedGen, cached] = await Promise.all([
          explicitGen === undefined && records.length > 0 ? tx.objectStore('sync').get(partition).then((r) => r?.gen ?? 0) : explicitGen ?? 0,
          Promise.all(records.map((record) => store.get([partition, record.id]))),
        ]);
        const result: PutJobsResult = { written: [], kept: [] };
        records.forEach((record, i) => {
          // An incremental page belongs to the current full-sync generation; stamping it 0 would
          // let a full sync that is under way remove jobs that exist.
          record.gen = storedGen;
          const existing = cached[i];
          const stored = write(store, record, existing);
          (stored ? result.written : result.kept).push(stored ? record.job : existing!.job);
        });
        for (const id of deletedIds) quiet(store.delete([partition, id]));
        if (sync) quiet(tx.objectStore('sync').put(sync));
        return result;
      },
      JOB_WRITE,
    );
  }

  /** Deletes the partition's jobs not seen by full sync `gen`; returns how many. */
  async removeStaleJobs(partition: Partition, gen: number): Promise<number> {
    return this.#run(['jobs'], 'readwrite', async (tx) => {
      const store = tx.objectStore('jobs');
      const index = store.index('byStatusGen');
      // One range per status covers every job: toJobRecord stores no other status.
      const stale = await Promise.all(
        JOB_STATUSES.map((status) =>
          index.getAllKeys(IDBKeyRange.bound([partition, status, -Infinity], [partition, status, gen], false, true)),
        ),
      );
      const keys = stale.flat();
      for (const key of keys) quiet(store.delete(key));
      return keys.length;
    });
  }

  async getJob(partition: Partition, id: string): Promise<Job | undefined> {
    const record = await this.#run(['jobs'], 'readonly', (tx) => tx.objectStore('jobs').get([partition, id]));
    return record?.job;
  }

  async getJobs(partition: Partition): Promise<Job[]> {
    const records = await this.#run(['jobs'], 'readonly', (tx) =>
      tx.objectStore('jobs').getAll(prefixRange(partition)),
    );
    return records.map((record) => record.job);
  }

  /**
   * The `count` most recently updated jobs, newest first by the `byUpdated` index, plus any more
   * that share the last one's `updatedAt` (the index orders those by key, the UI by id; the caller
   * sorts). Reads only those records: the popup paints them before the whole cache is loaded.
   */
  async getNewestJobs(partition: Partition, count: number): Promise<Job[]> {
    return this.#run(['jobs'], 'readonly', async (tx) => {
      const jobs: Job[] = [];
      if (count <= 0) return jobs;
      let cursor = await tx.objectStore('jobs').index('byUpdated').openCursor(prefixRange(partition), 'prev');
      while (cursor) {
        const record = cursor.value;
        if (jobs.length >= count && record.updatedAt !== jobs[jobs.length - 1]!.updatedAt) break;
        jobs.push(record.job);
        cursor = await cursor.continue();
      }
      return jobs;
    });
  }

  /** The jobs of `ids` that are cached, in one transaction (an overview page's badges without loading every job). */
  async getJobsByIds(partition: Partition, ids: readonly string[]): Promise<Job[]> {
    const records = await this.#run(['jobs'], 'readonly', (tx) => {
      const store = tx.objectStore('jobs');
      return Promise.all(ids.map((id) => store.get([partition, id])));
    });
    return records.flatMap((record) => (record ? [record.job] : []));
  }

  async countJobs(partition: Partition): Promise<number> {
    return this.#run(['jobs'], 'readonly', (tx) => tx.objectStore('jobs').count(prefixRange(partition)));
  }

  async countJobsByStatus(partition: Partition): Promise<Record<JobStatus, number>> {
    return this.#run(['jobs'], 'readonly', async (tx) => {
      const index = tx.objectStore('jobs').index('byStatusGen');
      const counts = await Promise.all(JOB_STATUSES.map((status) => index.count(prefixRange(partition, status))));
      return Object.fromEntries(JOB_STATUSES.map((status, i) => [status, counts[i] ?? 0])) as Record<JobStatus, number>;
    });
  }

  /**
   * Upserts one job (a status change's answer, a revalidated `getJob`), never lowering the
   * generation it was seen in, and never replacing a cached job of a higher version (a sync page
   * or another answer that arrived first is newer). Resolves with the job as cached now.
   */
  async putJob(partition: Partition, job: Job): Promise<PutJobResult> {
    const record = toJobRecord(partition, job, 0);
    return this.#run(
      ['jobs', 'sync'],
      'readwrite',
      async (tx) => {
        const store = tx.objectStore('jobs');
        const [existing, sync] = await Promise.all([store.get([partition, job.id]), tx.objectStore('sync').get(partition)]);
        // The job exists right now, so it also belongs to a full sync that is under way.
        record.gen = sync?.gen ?? 0;
        const written = write(store, record, existing);
        return { job: written ? job : existing!.job, written };
      },
      JOB_WRITE,
    );
  }

  async deleteJob(partition: Partition, id: string): Promise<void> {
    await this.#run(['jobs'], 'readwrite', (tx) => tx.objectStore('jobs').delete([partition, id]));
  }

  // ── sync state and current account ────────────────────────────────────────────────────

  async getSync(partition: Partition): Promise<SyncRecord | undefined> {
    return this.#run(['sync'], 'readonly', (tx) => tx.objectStore('sync').get(partition));
  }

  async putSync(record: SyncRecord): Promise<void> {
    assertPartition(record.partition, record.origin, record.accountId, 'sync record');
    await this.#run(['sync'], 'readwrite', (tx) => tx.objectStore('sync').put(record));
  }

  /** The partition of the account last seen behind the session for `origin`. */
  async getCurrentPartition(origin: string): Promise<Partition | undefined> {
    const value = await this.#run(['meta'], 'readonly', (tx) => tx.objectStore('meta').get(currentKey(origin)));
    return typeof value === 'string' && value.startsWith(`${origin}|`) ? value : undefined;
  }

  /** The counts the popup's unfiltered list last had (see ListSummary). */
  async getListSummary(partition: Partition): Promise<ListSummary | undefined> {
    const value = await this.#run(['meta'], 'readonly', (tx) => tx.objectStore('meta').get(summaryKey(partition)));
    return isListSummary(value) ? value : undefined;
  }

  async putListSummary(partition: Partition, summary: ListSummary): Promise<void> {
    const value: ListSummary = { counts: { ...summary.counts }, stamp: summary.stamp };
    await this.#run(['meta'], 'readwrite', (tx) => tx.objectStore('meta').put(value, summaryKey(partition)));
  }

  async setCurrentPartition(origin: string, partition: Partition): Promise<void> {
    if (!partition.startsWith(`${origin}|`)) {
      throw new TypeError(`job cache: partition ${partition} is not of origin ${origin}`);
    }
    await this.#run(['meta'], 'readwrite', (tx) => tx.objectStore('meta').put(partition, currentKey(origin)));
  }

  // ── bulk journal ──────────────────────────────────────────────────────────────────────

  async putBulk(record: BulkRecord): Promise<void> {
    await this.#run(['bulks'], 'readwrite', (tx) => tx.objectStore('bulks').put(record));
  }

  /** The bulk, if it exists and belongs to `partition`. */
  async getBulk(partition: Partition, id: string): Promise<BulkRecord | undefined> {
    const record = await this.#run(['bulks'], 'readonly', (tx) => tx.objectStore('bulks').get(id));
    return record?.partition === partition ? record : undefined;
  }

  /** The partition's bulks in queue order. */
  async listBulks(partition: Partition): Promise<BulkRecord[]> {
    const records = await this.#run(['bulks'], 'readonly', (tx) =>
      tx.objectStore('bulks').index('byPartition').getAll(partition),
    );
    return records.sort(bySeq);
  }

  /** Queued, running and paused bulks of every partition in queue order: what a woken worker resumes. */
  async listUnfinishedBulks(): Promise<BulkRecord[]> {
    const lists = await this.#run(['bulks'], 'readonly', (tx) => {
      const index = tx.objectStore('bulks').index('byState');
      return Promise.all(UNFINISHED_BULK_STATES.map((state) => index.getAll(state)));
    });
    return lists.flat().sort(bySeq);
  }

  /** A queue position greater than every earlier one, also across restarts. */
  async nextBulkSeq(): Promise<number> {
    return this.#run(['meta'], 'readwrite', async (tx) => {
      const store = tx.objectStore('meta');
      const last = await store.get(BULK_SEQ_KEY);
      const next = (typeof last === 'number' ? last : 0) + 1;
      quiet(store.put(next, BULK_SEQ_KEY));
      return next;
    });
  }

  /** Writes the bulk and its entries atomically, so a worker never finds one without the other. */
  async createBulk(record: BulkRecord, entries: BulkEntry[]): Promise<void> {
    for (const entry of entries) {
      if (entry.bulkId !== record.id) throw new TypeError(`job cache: entry ${entry.jobId} is not of bulk ${record.id}`);
    }
    await this.#run(['bulks', 'bulkEntries'], 'readwrite', (tx) => {
      quiet(tx.objectStore('bulks').put(record));
      const store = tx.objectStore('bulkEntries');
      for (const entry of entries) quiet(store.put(entry));
    });
  }

  async putBulkEntries(entries: BulkEntry[]): Promise<void> {
    await this.#run(['bulkEntries'], 'readwrite', (tx) => {
      const store = tx.objectStore('bulkEntries');
      for (const entry of entries) quiet(store.put(entry));
    });
  }

  /** Entries of a bulk, by job ID. Take `bulkId` from a partition-checked `getBulk`/`listBulks`. */
  async getBulkEntries(bulkId: string): Promise<BulkEntry[]> {
    return this.#run(['bulkEntries'], 'readonly', (tx) => tx.objectStore('bulkEntries').index('byBulk').getAll(bulkId));
  }

  async getBulkEntriesByState(bulkId: string, state: BulkJobState): Promise<BulkEntry[]> {
    return this.#run(['bulkEntries'], 'readonly', (tx) =>
      tx.objectStore('bulkEntries').index('byBulkState').getAll([bulkId, state]),
    );
  }

  // ── activity log ──────────────────────────────────────────────────────────────────────

  /** Appends entries in one transaction, then keeps only the newest entries of each partition touched. */
  async addActivity(entries: NewActivity[]): Promise<void> {
    for (const entry of entries) assertPartition(entry.partition, entry.origin, entry.accountId, 'activity entry');
    if (entries.length === 0) return;
    const partitions = [...new Set(entries.map((entry) => entry.partition))];
    await this.#run(['activity'], 'readwrite', async (tx) => {
      const store = tx.objectStore('activity');
      // Copies: the store writes the generated id into the value it is given.
      for (const entry of entries) quiet(store.add({ ...entry }));
      const index = store.index('byPartitionAt');
      for (const partition of partitions) {
        const range = prefixRange(partition);
        const excess = (await index.count(range)) - this.#activityLimit;
        if (excess <= 0) continue;
        for (const key of await index.getAllKeys(range, excess)) quiet(store.delete(key));
      }
    });
  }

  /** The partition's newest `limit` entries, newest first. */
  async listActivity(partition: Partition, limit: number): Promise<ActivityEntry[]> {
    // A partition holds at most the activity limit, so reading it whole stays small and avoids a cursor.
    const records = await this.#run(['activity'], 'readonly', (tx) =>
      tx.objectStore('activity').index('byPartitionAt').getAll(prefixRange(partition)),
    );
    const newest: ActivityEntry[] = [];
    for (let i = records.length - 1; i >= 0 && newest.length < limit; i--) {
      const { partition: _partition, id, ...entry } = records[i]!;
      newest.push({ id: id ?? 0, ...entry });
    }
    return newest;
  }

  // ── clearing ──────────────────────────────────────────────────────────────────────────

  /** Removes everything of one partition (jobs, sync state, bulks, activity); returns the job count removed. */
  async clearPartition(partition: Partition): Promise<number> {
    return this.#run(['jobs', 'sync', 'meta', 'bulks', 'bulkEntries', 'activity'], 'readwrite', async (tx) => {
      const jobs = tx.objectStore('jobs');
      const range = prefixRange(partition);
      const removed = await jobs.count(range);
      quiet(jobs.delete(range));
      quiet(tx.objectStore('sync').delete(partition));
      quiet(tx.objectStore('meta').delete(summaryKey(partition)));

      const bulks = tx.objectStore('bulks');
      const entries = tx.objectStore('bulkEntries');
      for (const bulkId of await bulks.index('byPartition').getAllKeys(partition)) {
        quiet(entries.delete(prefixRange(bulkId)));
        quiet(bulks.delete(bulkId));
      }

      const activity = tx.objectStore('activity');
      for (const key of await activity.index('byPartitionAt').getAllKeys(range)) quiet(activity.delete(key));
      return removed;
    });
  }

  /** Empties every store; returns the job count removed. */
  async clearAll(): Promise<number> {
    return this.#run([...ALL_STORES], 'readwrite', async (tx) => {
      const removed = await tx.objectStore('jobs').count();
      for (const name of ALL_STORES) quiet(tx.objectStore(name).clear());
      return removed;
    });
  }
}

function bySeq(a: BulkRecord, b: BulkRecord): number {
  return a.seq - b.seq;
}

export async function openJobCache(options: JobCacheOptions = {}): Promise<JobCache> {
  const factory = options.idbFactory ?? globalThis.indexedDB;
  const db = await openCacheDatabase(factory, options.name ?? DEFAULT_DB_NAME);
  return new JobCache(db, options.activityLimit);
}
