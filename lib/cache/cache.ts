import { JOB_STATUSES, type Job, type JobStatus } from '../core/types';
import type { ActivityEntry, BulkJobState } from '../messaging/protocol';
import { DEFAULT_DB_NAME, openCacheDatabase, type BulkEntry, type BulkRecord, type CacheDatabase, type NewActivity, type Partition, type StoreName, type SyncRecord } from './schema';
import {
  ACTIVITY_LIMIT, ALL_STORES, bySeq, BULK_SEQ_KEY, JOB_WRITE, UNFINISHED_BULK_STATES, abortQuietly, assertPartition, currentKey, isListSummary, newestPerId, prefixRange, quiet, summaryKey, toJobRecord, write,
  type JobCacheOptions, type ListSummary, type PutJobResult, type PutJobsPageOptions, type PutJobsResult, type Tx,
} from './records';

/**
 * The background's IndexedDB cache (DESIGN §4), one transaction per call. The record rules it
 * applies are in records.ts, the stores and numbered upgrades in schema.ts. Background only.
 */
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

  /**
   * Deletes the partition's jobs not seen by full sync `gen`; returns how many. Relaxed like the
   * job pages: a deletion lost to a power cut is made again by the next full sync (bench: 500 of
   * 10,000 in 74 ms instead of 86 ms; an index cursor took 130 ms).
   */
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
    }, JOB_WRITE);
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

export async function openJobCache(options: JobCacheOptions = {}): Promise<JobCache> {
  const factory = options.idbFactory ?? globalThis.indexedDB;
  const db = await openCacheDatabase(factory, options.name ?? DEFAULT_DB_NAME);
  return new JobCache(db, options.activityLimit);
}
