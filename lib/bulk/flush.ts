import type { BulkEntry, JobCache } from '../cache';
import type { Job } from '../core/types';
import { CHANNEL, type BroadcastEvent } from '../messaging/protocol';
import type { BackgroundApp } from '../background/app';
import type { BulkProgress } from './progress';
import { close, type Run } from './run';

/**
 * Journal writes for what finished: entries, the jobs the server answered with and the activity
 * log, batched so a bulk of 500 costs tens of transactions, not 1,500. Order matters: the cache
 * before the journal, so an entry journalled done always has its job in the cache.
 */

/** Finished entries waiting for one journal write; more than this are written at once. */
const FLUSH_BATCH = 50;

export interface BulkFlusher {
  /** An entry changed in memory: journal it soon (at once when the batch is full). */
  markDirty(run: Run, jobId: string): void;
  /** Journals what finished since the last flush; flushes run one after another. */
  flush(db: JobCache, run: Run): Promise<void>;
}

export interface BulkFlusherDeps {
  app: BackgroundApp;
  broadcast(event: BroadcastEvent): void;
  progress: BulkProgress['progress'];
  report(error: unknown): void;
  intervalMs: number;
}

export function createBulkFlusher({ app, broadcast, progress, report, intervalMs }: BulkFlusherDeps): BulkFlusher {
  function markDirty(run: Run, jobId: string): void {
    run.dirty.add(jobId);
    progress(run);
    if (run.jobs.length + run.activity.length >= FLUSH_BATCH) {
      void app.cache().then((db) => flush(db, run)).catch(report);
    } else {
      run.flushTimer ??= setTimeout(() => {
        run.flushTimer = null;
        void app.cache().then((db) => flush(db, run)).catch(report);
      }, intervalMs);
    }
  }

  function flush(db: JobCache, run: Run): Promise<void> {
    if (run.flushTimer) {
      clearTimeout(run.flushTimer);
      run.flushTimer = null;
    }
    const result = run.flushing.then(() => writeFinished(db, run));
    run.flushing = result.catch(() => undefined);
    return result;
  }

  async function writeFinished(db: JobCache, run: Run): Promise<void> {
    if (run.closed) return;
    const jobs = run.jobs.splice(0);
    const activity = run.activity.splice(0);
    const snapshot = [...run.dirty].map((id) => run.entries.get(id)).filter((entry): entry is BulkEntry => entry !== undefined);
    run.dirty.clear();
    try {
      // The cache before the journal: an entry journalled done whose job never reached the cache
      // would never be re-sent, and the cache would stay behind the server.
      await storeJobs(db, run.record.partition, jobs);
      if (activity.length > 0) await db.addActivity(activity);
      // An entry that moved on meanwhile was journalled by its dispatch, or is dirty again.
      const current = snapshot.filter((entry) => run.entries.get(entry.jobId) === entry);
      if (current.length > 0 && !run.closed) await db.putBulkEntries(current);
    } catch (error) {
      // Like a stopped worker: what is not journalled is re-sent, with the same keys, on resume.
      close(run);
      throw error;
    }
  }

  /** The server's jobs into the cache in one transaction, never replacing a newer version. */
  async function storeJobs(db: JobCache, partition: string, jobs: Job[]): Promise<void> {
    if (jobs.length === 0) return;
    const here = await app.current();
    const index = here.partition === partition ? await app.jobIndex(partition) : null;
    const latest = new Map<string, Job>();
    for (const job of jobs) {
      // A replayed answer can be older than what a sync or a conflict brought in since.
      const known = latest.get(job.id) ?? index?.get(job.id);
      if (!known || known.version <= job.version) latest.set(job.id, job);
    }
    const fresh = [...latest.values()];
    if (fresh.length === 0) return;
    await db.putJobsPage(partition, fresh);
    index?.upsert(fresh);
    broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: fresh.map((job) => job.id) });
    void app.refreshBadge().catch(() => undefined);
  }

  return { markDirty, flush };
}
