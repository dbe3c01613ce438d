import { newIdempotencyKey } from '../admin-api/http';
import { createPacer, type Pacer, type PacerOptions } from '../admin-api/pacer';
import type { AdminApi } from '../admin-api/port';
import type { BulkEntry, BulkRecord } from '../cache';
import { planBulk } from '../core/bulk';
import { reason } from '../core/reasons';
import type { Job } from '../core/types';
import type { BroadcastEvent, BulkView } from '../messaging/protocol';
import { HandlerError } from '../messaging/router';
import type { Settings } from '../settings/settings';
import { loadSettings } from '../settings/store';
import type { BackgroundApp, BulkEngine, SignedIn } from '../background/app';
import { createBulkFlusher } from './flush';
import { commonTarget, isFinishedBulk, journalEntry, toView, type NewEntry } from './journal';
import { planTargets, planUndoEntries } from './planning';
import { createBulkProgress } from './progress';
import { createBulkQueue } from './queue';
import { wake } from './run';

export { BULK_ALARM } from './queue';

/**
 * lib/bulk — the durable bulk queue: planning with lib/core, the journal in IndexedDB written
 * before each request, pacing under the admin site's rate limit, retries, cancel, retry, undo.
 * Owns: bulk records and entries, the bulk alarm. May call: lib/admin-api, lib/cache, lib/core,
 * lib/background's app (current account, job index, cache). Never: sends a request that is not
 * journalled in flight first, or overwrites a job that changed on the site. Background only.
 *
 * The parts: engine.ts (this file: the messages' side — preview, start, get, cancel, retry, undo),
 * planning.ts (what was asked → journal entries), queue.ts (concurrency, pauses, retries, alarms),
 * run.ts (the running bulk in memory), classify.ts (what an answer means), flush.ts (batched
 * journal writes), progress.ts (throttled broadcasts), journal.ts (entries, reasons, views).
 */

/**
 * DESIGN.md §4, issue M1.4: IndexedDB holds the truth. Every entry is journalled `in-flight`
 * before its request leaves, with an Idempotency-Key fixed when the bulk was planned, so a worker
 * stopped at any moment resumes by re-sending what was in flight and the server replays instead
 * of applying twice. Memory only holds the working copy of the bulk that runs, and timers for
 * waits short enough to survive in a live worker.
 */

/** Waits longer than this are parked on an alarm: an idle worker may be stopped after 30 s. */
const PARK_AFTER_MS = 25_000;

export interface BulkEngineOptions {
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Sends per job, the first included, before a transient failure is final. Default 6. */
  maxAttempts?: number;
  /** Full-jitter backoff between transient failures of one job. */
  backoff?: { baseMs: number; capMs: number };
  random?: () => number;
  /** Least time between two progress broadcasts that are not state changes. Default 100. */
  progressIntervalMs?: number;
  /** Default 25 000; tests lower it to see a pause parked without waiting that long. */
  parkAfterMs?: number;
  /** Finished entries are journalled in batches at least this often. Default 200. */
  flushIntervalMs?: number;
  /** How sends are spaced once the admin site has answered 429 (lib/admin-api/pacer.ts). */
  pacing?: PacerOptions;
}

export interface BulkEngineDeps {
  app: BackgroundApp;
  api(origin: string): AdminApi;
  now(): Date;
  broadcast(event: BroadcastEvent): void;
  /** Checklist severities for planning; defaults to the stored settings. */
  settings?(): Promise<Settings>;
  options?: BulkEngineOptions;
}

export interface DurableBulkEngine extends BulkEngine {
  /** Continues unfinished bulks (every worker start, and the alarm). Returns once the queue is kicked. */
  resume(): Promise<void>;
  /** Resolves when no bulk is running: all finished, or the first one parked on the alarm. */
  idle(): Promise<void>;
  /** For tests: dies like a stopped worker, abandoning in-flight requests without writing anything more. */
  stop(): void;
}


export function createBulkEngine(deps: BulkEngineDeps): DurableBulkEngine {
  const { app } = deps;
  const options = deps.options ?? {};
  const settings = deps.settings ?? loadSettings;
  const iso = () => deps.now().toISOString();
  const report = (error: unknown) => console.error('[Job Status Companion] bulk queue:', error);

  // Per origin and kept between bulks: the limit is the session's, and a bulk right after another
  // (an undo, a retry) should not have to run into it again to learn it.
  const pacers = new Map<string, Pacer>();
  function pacerFor(origin: string): Pacer {
    let pacer = pacers.get(origin);
    if (!pacer) {
      pacer = createPacer(options.pacing);
      pacers.set(origin, pacer);
    }
    return pacer;
  }

  const { broadcastView, progress } = createBulkProgress(deps.broadcast, options.progressIntervalMs ?? 100);
  const flusher = createBulkFlusher({ app, broadcast: deps.broadcast, progress, report, intervalMs: options.flushIntervalMs ?? 200 });
  const queue = createBulkQueue({
    app,
    api: deps.api,
    nowMs: () => deps.now().getTime(),
    iso,
    report,
    pacerFor,
    flusher,
    progress,
    concurrency: Math.max(1, options.concurrency ?? 4),
    maxAttempts: Math.max(1, options.maxAttempts ?? 6),
    backoff: options.backoff ?? { baseMs: 500, capMs: 10_000 },
    random: options.random ?? Math.random,
    parkAfterMs: options.parkAfterMs ?? PARK_AFTER_MS,
  });



  async function cachedJobs(partition: string, ids: Iterable<string>): Promise<Map<string, Job>> {
    const index = await app.jobIndex(partition);
    const found = new Map<string, Job>();
    for (const id of ids) {
      const job = index.get(id);
      if (job) found.set(id, job);
    }
    return found;
  }

  async function createBulk(
    here: SignedIn,
    planned: NewEntry[],
    spec: Pick<BulkRecord, 'target' | 'includeCritical' | 'origin'>,
  ): Promise<BulkView> {
    const db = await app.cache();
    const seq = await db.nextBulkSeq();
    const at = iso();
    const sendable = planned.some((entry) => entry.skip === null);
    const record: BulkRecord = {
      id: crypto.randomUUID(),
      partition: here.partition,
      createdAt: at,
      seq,
      ...spec,
      state: sendable ? 'queued' : 'done',
      resumeAt: null,
    };
    const entries = planned.map((entry) => journalEntry(record.id, entry, at, newIdempotencyKey));
    // One transaction: skipped jobs and their reasons are on record before any request is sent.
    await db.createBulk(record, entries);
    const view = toView(record, entries);
    broadcastView(view);
    if (sendable) queue.kick();
    return view;
  }

  async function finishedBulk(partition: string, bulkId: string, action: 'retry' | 'undo'): Promise<BulkRecord> {
    const record = await (await app.cache()).getBulk(partition, bulkId);
    if (!record) throw new HandlerError('not-found', reason('no-such-bulk'));
    if (!isFinishedBulk(record)) throw new HandlerError('busy', reason('bulk-not-finished', { action }));
    return record;
  }

  // ── the interface ────────────────────────────────────────────────────────────────────────

  return {
    async preview(jobIds, target) {
      const here = await app.requireAccount();
      const { checklist } = await settings();
      const now = deps.now();
      const jobs = await cachedJobs(here.partition, jobIds);
      // Jobs missing from the cache have no place in a BulkPlan; start() records them as skipped.
      const plan = planBulk(jobIds.flatMap((id) => jobs.get(id) ?? []), target, here.account, now, checklist);
      return { ...plan, now: now.toISOString() };
    },

    async start({ jobIds, target, includeCritical }) {
      const here = await app.requireAccount();
      const { checklist } = await settings();
      const jobs = await cachedJobs(here.partition, jobIds);
      const wanted = jobIds.map((jobId) => ({ jobId, to: target, name: jobId }));
      const planned = planTargets(wanted, jobs, here.account, checklist, includeCritical, deps.now());
      return createBulk(here, planned, { target, includeCritical, origin: null });
    },

    async get(bulkId) {
      const here = await app.current();
      if (!here.partition) return null;
      const db = await app.cache();
      const record = bulkId ? await db.getBulk(here.partition, bulkId) : (await db.listBulks(here.partition)).at(-1);
      if (!record) return null;
      const run = queue.active();
      if (run && run.record.id === record.id && !run.closed) return toView(run.record, run.entries.values());
      return toView(record, await db.getBulkEntries(record.id));
    },

    async cancel(bulkId) {
      const here = await app.requireAccount();
      const db = await app.cache();
      return queue.exclusive(async () => {
        const run = queue.active();
        if (run && run.record.id === bulkId && run.record.partition === here.partition && !run.closed) {
          run.cancelRequested = true;
          const at = iso();
          // Only jobs never sent are cancelled; one sent before may have been applied, so it
          // goes on (same key) until the server says what happened.
          for (const entry of run.entries.values()) {
            if (entry.state === 'pending' && entry.attempt === 0) {
              run.entries.set(entry.jobId, { ...entry, state: 'cancelled', reason: reason('cancelled'), updatedAt: at });
              run.dirty.add(entry.jobId);
            }
          }
          const stillPending = (id: string) => run.entries.get(id)?.state === 'pending';
          run.ready = run.ready.filter(stillPending);
          run.delayed = run.delayed.filter(({ id }) => stillPending(id));
          await flusher.flush(db, run);
          wake(run);
          progress(run, true);
          return toView(run.record, run.entries.values());
        }

        const record = await db.getBulk(here.partition, bulkId);
        if (!record) throw new HandlerError('not-found', reason('no-such-bulk'));
        const entries = await db.getBulkEntries(bulkId);
        if (isFinishedBulk(record)) return toView(record, entries);
        const at = iso();
        const cancelled = entries
          .filter((entry) => entry.state === 'pending' && entry.attempt === 0)
          .map((entry): BulkEntry => ({ ...entry, state: 'cancelled', reason: reason('cancelled'), updatedAt: at }));
        if (cancelled.length > 0) await db.putBulkEntries(cancelled);
        const byId = new Map(entries.map((entry) => [entry.jobId, entry]));
        for (const entry of cancelled) byId.set(entry.jobId, entry);
        const unsettled = [...byId.values()].some((entry) => entry.state === 'pending' || entry.state === 'in-flight');
        let next = record;
        if (!unsettled) {
          next = { ...record, state: 'cancelled', resumeAt: null };
          await db.putBulk(next);
        }
        const view = toView(next, byId.values());
        broadcastView(view);
        // Jobs a dead worker left in flight still need their answers before the bulk can end.
        if (unsettled) queue.kick();
        return view;
      });
    },

    async retry(bulkId) {
      const here = await app.requireAccount();
      const source = await finishedBulk(here.partition, bulkId, 'retry');
      const failed = await (await app.cache()).getBulkEntriesByState(bulkId, 'failed');
      if (failed.length === 0) throw new HandlerError('not-allowed', reason('nothing-to-retry'));
      const { checklist } = await settings();
      const jobs = await cachedJobs(here.partition, failed.map((entry) => entry.jobId));
      const wanted = failed.map(({ jobId, to, name }) => ({ jobId, to, name }));
      const planned = planTargets(wanted, jobs, here.account, checklist, source.includeCritical, deps.now());
      return createBulk(here, planned, {
        target: commonTarget(planned, source.target),
        includeCritical: source.includeCritical,
        origin: { kind: 'retry', bulkId },
      });
    },

    async undo(bulkId) {
      const here = await app.requireAccount();
      const source = await finishedBulk(here.partition, bulkId, 'undo');
      const done = await (await app.cache()).getBulkEntriesByState(bulkId, 'done');
      if (done.length === 0) throw new HandlerError('not-allowed', reason('nothing-to-undo'));
      const { checklist } = await settings();
      const jobs = await cachedJobs(here.partition, done.map((entry) => entry.jobId));
      const planned = planUndoEntries(done, jobs, here.account, checklist, deps.now());
      // Undo puts back what was: a job that sold before the bulk may sell again whatever its checklist says.
      return createBulk(here, planned, { target: commonTarget(planned, source.target), includeCritical: true, origin: { kind: 'undo', bulkId } });
    },

    async resume() {
      queue.kick();
    },

    idle: () => queue.idle(),

    stop: () => queue.stop(),
  };
}
