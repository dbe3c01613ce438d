import { browser } from 'wxt/browser';
import { isAbortError, isAdminApiError, isTransient } from '../admin-api/errors';
import { backoffDelay, newIdempotencyKey } from '../admin-api/http';
import { createPacer, type PacedSend, type Pacer, type PacerOptions } from '../admin-api/pacer';
import type { AdminApi } from '../admin-api/port';
import type { BulkEntry, BulkRecord, JobCache, NewActivity } from '../cache';
import { planBulk, undoPlan, type BulkEntry as PlanEntry } from '../core/bulk';
import { describeRefusal } from '../core/transitions';
import type { Account, ChecklistSettings, Job, JobStatus } from '../core/types';
import { CHANNEL, type BroadcastEvent, type BulkJobState, type BulkState, type BulkView } from '../messaging/protocol';
import { HandlerError } from '../messaging/router';
import type { Settings } from '../settings/settings';
import { loadSettings } from '../settings/store';
import type { BackgroundApp, BulkEngine } from '../background/app';
import {
  REASONS,
  activityOf,
  commonTarget,
  conflictReason,
  criticalReason,
  isFinishedBulk,
  journalEntry,
  splitPartition,
  toView,
  undoSkipReason,
  type NewEntry,
} from './journal';

/**
 * lib/bulk — the durable bulk queue: planning with lib/core, the journal in IndexedDB written
 * before each request, pacing under the admin site's rate limit, retries, cancel, retry, undo.
 * Owns: bulk records and entries, the bulk alarm. May call: lib/admin-api, lib/cache, lib/core,
 * lib/background's app (current account, job index, cache). Never: sends a request that is not
 * journalled in flight first, or overwrites a job that changed on the site. Background only.
 */

/**
 * The durable bulk queue (DESIGN.md §4, issue M1.4). IndexedDB holds the truth: every entry is
 * journalled `in-flight` before its request leaves, with an Idempotency-Key fixed when the bulk
 * was planned, so a worker stopped at any moment resumes by re-sending what was in flight and the
 * server replays instead of applying twice. Memory only holds the working copy of the bulk that
 * runs, and timers for waits short enough to survive in a live worker.
 */

export const BULK_ALARM = 'bulk';

/** Chrome's shortest alarm period; the safety net that resumes a bulk whose worker was stopped. */
const SAFETY_PERIOD_MINUTES = 0.5;
/** Waits longer than this are parked on an alarm: an idle worker may be stopped after 30 s. */
const PARK_AFTER_MS = 25_000;
/** A 429 without a usable Retry-After. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;
/** After a 401 the queue waits this long for the user to sign in again (each try counts as an attempt). */
const SIGNED_OUT_WAIT_MS = 60_000;
/** Finished entries waiting for one journal write; more than this are written at once. */
const FLUSH_BATCH = 50;

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

type Outcome =
  | { kind: 'done'; job: Job }
  | { kind: 'conflict'; job: Job }
  | { kind: 'failed'; reason: string }
  | { kind: 'transient'; reason: string }
  | { kind: 'rate-limited'; waitMs: number }
  | { kind: 'signed-out' };

/** The bulk being run: its journal's working copy and the in-memory schedule. */
interface Run {
  record: BulkRecord;
  origin: string;
  entries: Map<string, BulkEntry>;
  /** Journalled in flight by a worker that died: re-sent first, with their keys, even after a cancel. */
  orphans: string[];
  ready: string[];
  /** Backing off after a transient failure; `at` in `now()` milliseconds. */
  delayed: { id: string; at: number }[];
  inFlight: Set<string>;
  /** The admin site's rate limit as learned from its 429s; shared by every bulk on that origin. */
  pacer: Pacer;
  pausedUntil: number;
  cancelRequested: boolean;
  closed: boolean;
  /** Entries changed in memory but not yet journalled (the journal has them in flight or pending). */
  dirty: Set<string>;
  jobs: Job[];
  activity: NewActivity[];
  flushTimer: ReturnType<typeof setTimeout> | null;
  flushing: Promise<void>;
  wake: (() => void) | null;
  progressTimer: ReturnType<typeof setTimeout> | null;
  lastProgress: number;
}

interface Here {
  origin: string;
  partition: string;
  account: Account;
}

export function createBulkEngine(deps: BulkEngineDeps): DurableBulkEngine {
  const { app } = deps;
  const options = deps.options ?? {};
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  const backoff = options.backoff ?? { baseMs: 500, capMs: 10_000 };
  const random = options.random ?? Math.random;
  const progressIntervalMs = options.progressIntervalMs ?? 100;
  const parkAfterMs = options.parkAfterMs ?? PARK_AFTER_MS;
  const flushIntervalMs = options.flushIntervalMs ?? 200;
  const settings = deps.settings ?? loadSettings;

  const life = new AbortController();
  let stopped = false;
  let active: Run | null = null;
  let pump: Promise<void> | null = null;
  let kickedAgain = false;
  let lock: Promise<unknown> = Promise.resolve();
  // Per origin and kept between bulks: the limit is the session's, and a bulk right after another
  // (an undo, a retry) should not have to run into it again to learn it.
  const pacers = new Map<string, Pacer>();

  const nowMs = () => deps.now().getTime();
  const iso = () => deps.now().toISOString();

  /** Serialises picking up a bulk with cancelling one, so a cancel never races a bulk being loaded. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = lock.then(fn);
    lock = result.catch(() => undefined);
    return result;
  }

  function report(error: unknown): void {
    console.error('[Job Status Companion] bulk queue:', error);
  }

  // ── planning ─────────────────────────────────────────────────────────────────────────────

  async function requireAccount(): Promise<Here> {
    const here = await app.current();
    if (!here.partition || !here.account) {
      throw new HandlerError('no-account', 'No admin account is known yet: sign in to the admin site, then refresh.');
    }
    return { origin: here.origin, partition: here.partition, account: here.account };
  }

  async function cachedJobs(partition: string, ids: Iterable<string>): Promise<Map<string, Job>> {
    const index = await app.jobIndex(partition);
    const found = new Map<string, Job>();
    for (const id of ids) {
      const job = index.get(id);
      if (job) found.set(id, job);
    }
    return found;
  }

  /** One entry per distinct job, in request order, each planned towards its own status. */
  function planTargets(
    wanted: readonly { jobId: string; to: JobStatus; name: string }[],
    jobs: Map<string, Job>,
    account: Account,
    checklist: ChecklistSettings,
    includeCritical: boolean,
  ): NewEntry[] {
    const now = deps.now();
    const byTarget = new Map<JobStatus, Job[]>();
    for (const { jobId, to } of wanted) {
      const job = jobs.get(jobId);
      if (job) byTarget.set(to, [...(byTarget.get(to) ?? []), job]);
    }
    const planned = new Map<string, PlanEntry>();
    for (const [to, list] of byTarget) {
      for (const entry of planBulk(list, to, account, now, checklist).entries) planned.set(entry.jobId, entry);
    }
    const seen = new Set<string>();
    const result: NewEntry[] = [];
    for (const { jobId, to, name } of wanted) {
      if (seen.has(jobId)) continue;
      seen.add(jobId);
      const job = jobs.get(jobId);
      const plan = planned.get(jobId);
      if (!job || !plan) {
        result.push({ jobId, name, from: to, to, expectedVersion: 0, skip: REASONS.notInCache });
      } else if (plan.outcome === 'skip') {
        result.push({ jobId, name: job.name, from: job.status, to, expectedVersion: job.version, skip: describeRefusal(plan.reason) });
      } else {
        const critical = plan.criticalMissing.length > 0 && !includeCritical;
        result.push({
          jobId,
          name: job.name,
          from: plan.from,
          to: plan.to,
          expectedVersion: plan.version,
          skip: critical ? criticalReason(plan.criticalMissing) : null,
        });
      }
    }
    return result;
  }

  async function createBulk(
    here: Here,
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
    if (sendable) kick();
    return view;
  }

  async function finishedBulk(partition: string, bulkId: string, action: string): Promise<BulkRecord> {
    const record = await (await app.cache()).getBulk(partition, bulkId);
    if (!record) throw new HandlerError('not-found', 'No such bulk for this account.');
    if (!isFinishedBulk(record)) throw new HandlerError('busy', `The bulk has not finished yet; ${action} it when it has.`);
    return record;
  }

  // ── the queue ────────────────────────────────────────────────────────────────────────────

  function kick(): void {
    if (stopped) return;
    if (pump) {
      kickedAgain = true;
      return;
    }
    pump = runQueue()
      .catch(report)
      .finally(() => {
        pump = null;
        if (kickedAgain && !stopped) kick();
      });
  }

  async function runQueue(): Promise<void> {
    const db = await app.cache();
    for (;;) {
      kickedAgain = false;
      if (stopped) return;
      const next = (await db.listUnfinishedBulks())[0];
      if (!next) {
        await browser.alarms.clear(BULK_ALARM);
        return;
      }
      await ensureSafetyAlarm();
      const outcome = await runBulk(db, next);
      // Closed: stopped, or a journal write failed; the safety alarm tries again later.
      if (outcome === 'parked' || outcome === 'closed') return;
    }
  }

  async function ensureSafetyAlarm(): Promise<void> {
    if (!(await browser.alarms.get(BULK_ALARM))) {
      await browser.alarms.create(BULK_ALARM, { delayInMinutes: SAFETY_PERIOD_MINUTES, periodInMinutes: SAFETY_PERIOD_MINUTES });
    }
  }

  async function runBulk(db: JobCache, listed: BulkRecord): Promise<'finished' | 'parked' | 'closed' | 'gone'> {
    const run = await exclusive(async () => {
      const record = await db.getBulk(listed.partition, listed.id);
      if (!record || isFinishedBulk(record) || stopped) return null;
      const loaded = newRun(record, await db.getBulkEntries(record.id));
      active = loaded;
      return loaded;
    });
    if (!run) return 'gone';
    try {
      return await drive(db, run);
    } catch (error) {
      close(run);
      throw error;
    } finally {
      end(run);
    }
  }

  function pacerFor(origin: string): Pacer {
    let pacer = pacers.get(origin);
    if (!pacer) {
      pacer = createPacer(options.pacing);
      pacers.set(origin, pacer);
    }
    return pacer;
  }

  function newRun(record: BulkRecord, entries: BulkEntry[]): Run {
    const origin = splitPartition(record.partition).origin;
    const pacer = pacerFor(origin);
    const journalled = record.state === 'paused' && record.resumeAt ? Date.parse(record.resumeAt) : 0;
    return {
      record,
      origin,
      entries: new Map(entries.map((entry) => [entry.jobId, entry])),
      orphans: entries.filter((entry) => entry.state === 'in-flight').map((entry) => entry.jobId),
      ready: entries.filter((entry) => entry.state === 'pending').map((entry) => entry.jobId),
      delayed: [],
      inFlight: new Set(),
      pacer,
      // A Retry-After given to the bulk before (cancelled while it waited) holds for this one too.
      pausedUntil: Math.max(journalled, pacer.notBefore),
      cancelRequested: false,
      closed: false,
      dirty: new Set(),
      jobs: [],
      activity: [],
      flushTimer: null,
      flushing: Promise.resolve(),
      wake: null,
      progressTimer: null,
      lastProgress: 0,
    };
  }

  async function drive(db: JobCache, run: Run): Promise<'finished' | 'parked' | 'closed'> {
    for (;;) {
      if (run.closed) return 'closed';
      const unsettled = run.inFlight.size + run.orphans.length + run.ready.length + run.delayed.length > 0;
      if (!unsettled) break;
      const now = nowMs();
      if (run.pausedUntil > now) {
        await setState(db, run, 'paused');
        const remaining = run.pausedUntil - now;
        // Requests in flight finish first: their answers must be journalled before the worker may go.
        if (remaining > parkAfterMs && run.inFlight.size === 0) {
          await park(db, run);
          return run.closed ? 'closed' : 'parked';
        }
        await sleep(run, remaining);
        continue;
      }
      await setState(db, run, 'running');
      const batch = take(run, now);
      if (batch.length > 0) {
        // The journal first: no request leaves without its in-flight record and key.
        await db.putBulkEntries(batch);
        if (run.closed) return 'closed';
        // A 429 answered during the journal write leaves no room: what cannot go now waits, unsent,
        // at the front (the journal calls it in flight meanwhile, which a resume re-sends safely).
        const leaving = nowMs();
        const room = run.pacer.room(leaving);
        batch.forEach((entry, i) => {
          if (i < room) void send(run, entry, run.pacer.sent(leaving));
        });
        for (const entry of batch.slice(room).reverse()) {
          run.inFlight.delete(entry.jobId);
          requeue(run, { ...entry, attempt: entry.attempt - 1 }, 'front');
        }
        progress(run);
        continue;
      }
      const nextAt = run.delayed.reduce((min, { at }) => Math.min(min, at), Infinity);
      const paced = canSend(run) ? now + run.pacer.delay(now) : Infinity;
      const until = Math.min(nextAt, paced);
      await sleep(run, Number.isFinite(until) ? until - now : null);
    }
    await flush(db, run);
    if (run.closed) return 'closed';
    const cancelled = [...run.entries.values()].some((entry) => entry.state === 'cancelled');
    await setState(db, run, cancelled ? 'cancelled' : 'done');
    return 'finished';
  }

  function take(run: Run, now: number): BulkEntry[] {
    const due = run.delayed.filter(({ at }) => at <= now);
    if (due.length > 0) {
      run.delayed = run.delayed.filter(({ at }) => at > now);
      run.ready.push(...due.map(({ id }) => id));
    }
    const batch: BulkEntry[] = [];
    const at = iso();
    // Asked only when something could go: at full use of the allowance the pacer may probe higher.
    const room = canSend(run) ? run.pacer.room(now) : 0;
    while (run.inFlight.size < concurrency && batch.length < room) {
      const id = run.orphans.shift() ?? run.ready.shift();
      if (id === undefined) break;
      const entry = run.entries.get(id);
      if (!entry || (entry.state !== 'pending' && entry.state !== 'in-flight') || run.inFlight.has(id)) continue;
      const sent: BulkEntry = { ...entry, state: 'in-flight', attempt: entry.attempt + 1, updatedAt: at };
      run.entries.set(id, sent);
      run.inFlight.add(id);
      batch.push(sent);
    }
    return batch;
  }

  function canSend(run: Run): boolean {
    return run.inFlight.size < concurrency && run.orphans.length + run.ready.length > 0;
  }

  async function send(run: Run, entry: BulkEntry, paced: PacedSend): Promise<void> {
    let outcome: Outcome;
    try {
      const job = await deps.api(run.origin).setStatus(
        entry.jobId,
        { status: entry.to, expectedVersion: entry.expectedVersion },
        // No retries inside the adapter: each retry here is journalled, and survives the worker.
        { idempotencyKey: entry.idempotencyKey, retry: false, signal: life.signal },
      );
      outcome = { kind: 'done', job };
    } catch (error) {
      if (run.closed || isAbortError(error)) {
        run.pacer.answered(paced, nowMs());
        return;
      }
      outcome = classify(error);
    }
    if (outcome.kind === 'rate-limited') run.pacer.refused(paced, nowMs(), outcome.waitMs);
    else run.pacer.answered(paced, nowMs());
    if (run.closed) return;
    try {
      await settle(run, entry, outcome);
    } catch (error) {
      report(error);
      close(run);
    } finally {
      run.inFlight.delete(entry.jobId);
      wake(run);
    }
  }

  function classify(error: unknown): Outcome {
    if (isAdminApiError(error)) {
      const detail = error.detail;
      switch (detail.kind) {
        case 'conflict':
          return { kind: 'conflict', job: detail.job };
        case 'rate-limited':
          return { kind: 'rate-limited', waitMs: detail.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS };
        case 'signed-out':
          return { kind: 'signed-out' };
        case 'not-found':
          return { kind: 'failed', reason: REASONS.notFound };
        case 'not-allowed': {
          const from = detail.details.from;
          return { kind: 'failed', reason: `${error.message}${typeof from === 'string' ? ` (the admin site has it as ${from})` : ''}` };
        }
        default:
          return isTransient(error) ? { kind: 'transient', reason: error.message } : { kind: 'failed', reason: error.message };
      }
    }
    return { kind: 'failed', reason: `Unexpected error: ${error instanceof Error ? error.message : String(error)}` };
  }

  async function settle(run: Run, entry: BulkEntry, outcome: Outcome): Promise<void> {
    switch (outcome.kind) {
      case 'done':
        return finish(run, entry, 'done', null, outcome.job);
      case 'conflict':
        return finish(run, entry, 'conflict', conflictReason(outcome.job, entry.expectedVersion), outcome.job);
      case 'failed':
        return finish(run, entry, 'failed', outcome.reason);
      case 'rate-limited':
        pause(run, outcome.waitMs);
        // Refused before it was processed, so it does not use up an attempt.
        return requeue(run, { ...entry, attempt: entry.attempt - 1 }, 'front');
      case 'signed-out':
        if (entry.attempt >= maxAttempts) return finish(run, entry, 'failed', REASONS.signedOut);
        pause(run, SIGNED_OUT_WAIT_MS);
        return requeue(run, { ...entry, reason: REASONS.signedOut }, 'front');
      case 'transient':
        if (entry.attempt >= maxAttempts) return giveUp(run, entry, `${outcome.reason} (gave up after ${entry.attempt} attempts)`);
        return requeue(run, { ...entry, reason: outcome.reason }, nowMs() + backoffDelay(entry.attempt, backoff, random));
    }
  }

  /**
   * A timeout or a garbled answer may hide a change the server applied, so the last word is the
   * job as the server has it now: the journal and the cache then say what really happened.
   */
  async function giveUp(run: Run, entry: BulkEntry, reason: string): Promise<void> {
    let job: Job | 'gone' | null = null;
    for (let tries = 0; tries < 2 && job === null; tries++) {
      try {
        job = await deps.api(run.origin).getJob(entry.jobId, { signal: life.signal });
      } catch (error) {
        if (isAbortError(error) || run.closed) return;
        if (isAdminApiError(error, 'not-found')) job = 'gone';
        else if (!isTransient(error)) break;
      }
    }
    if (run.closed) return;
    if (job === 'gone') return finish(run, entry, 'failed', REASONS.notFound);
    if (job === null) return finish(run, entry, 'failed', `${reason}; whether it was applied is unknown (the job could not be read back).`);
    if (job.version === entry.expectedVersion) return finish(run, entry, 'failed', reason, job);
    if (job.version === entry.expectedVersion + 1 && job.status === entry.to) {
      return finish(run, entry, 'done', 'Applied; its answer was lost, so this was confirmed by reading the job back.', job);
    }
    return finish(run, entry, 'conflict', conflictReason(job, entry.expectedVersion), job);
  }

  function pause(run: Run, ms: number): void {
    run.pausedUntil = Math.max(run.pausedUntil, nowMs() + ms);
    wake(run);
  }

  function requeue(run: Run, entry: BulkEntry, at: 'front' | number): void {
    // Never processed and cancelled meanwhile: nothing is left to find out about it.
    if (run.cancelRequested && entry.attempt === 0) return finish(run, entry, 'cancelled', REASONS.cancelled);
    run.entries.set(entry.jobId, { ...entry, state: 'pending', updatedAt: iso() });
    if (at === 'front') run.ready.unshift(entry.jobId);
    else run.delayed.push({ id: entry.jobId, at });
    markDirty(run, entry.jobId);
  }

  function finish(run: Run, entry: BulkEntry, state: BulkJobState, reason: string | null, job?: Job): void {
    const at = iso();
    const next: BulkEntry = { ...entry, state, reason, updatedAt: at };
    delete next.serverJob;
    if (state === 'conflict' && job) next.serverJob = job;
    run.entries.set(entry.jobId, next);
    if (job) run.jobs.push(job);
    if (state === 'done' || state === 'failed' || state === 'conflict') run.activity.push(activityOf(run.record, next, state, at));
    markDirty(run, entry.jobId);
  }

  function markDirty(run: Run, jobId: string): void {
    run.dirty.add(jobId);
    progress(run);
    if (run.jobs.length + run.activity.length >= FLUSH_BATCH) {
      void app.cache().then((db) => flush(db, run)).catch(report);
    } else {
      run.flushTimer ??= setTimeout(() => {
        run.flushTimer = null;
        void app.cache().then((db) => flush(db, run)).catch(report);
      }, flushIntervalMs);
    }
  }

  /** Journals what finished since the last flush; flushes run one after another. */
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
    deps.broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: fresh.map((job) => job.id) });
    void app.refreshBadge().catch(() => undefined);
  }

  async function setState(db: JobCache, run: Run, state: BulkState): Promise<void> {
    const resumeAt = state === 'paused' ? new Date(run.pausedUntil).toISOString() : null;
    if (run.record.state === state && run.record.resumeAt === resumeAt) return;
    run.record = { ...run.record, state, resumeAt };
    await db.putBulk(run.record);
    progress(run, true);
  }

  async function park(db: JobCache, run: Run): Promise<void> {
    await flush(db, run);
    if (run.closed) return;
    // A later 429 may have pushed the pause on; journal and alarm agree on its end.
    await setState(db, run, 'paused');
    await browser.alarms.create(BULK_ALARM, { when: run.pausedUntil, periodInMinutes: SAFETY_PERIOD_MINUTES });
  }

  function sleep(run: Run, ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        if (timer !== null) clearTimeout(timer);
        if (run.wake === done) run.wake = null;
        resolve();
      };
      const timer = ms === null ? null : setTimeout(done, Math.max(0, ms));
      run.wake = done;
    });
  }

  function wake(run: Run): void {
    run.wake?.();
  }

  function close(run: Run): void {
    run.closed = true;
    wake(run);
  }

  function end(run: Run): void {
    if (run.flushTimer) clearTimeout(run.flushTimer);
    if (run.progressTimer) clearTimeout(run.progressTimer);
    run.flushTimer = null;
    run.progressTimer = null;
    if (active === run) active = null;
  }

  // ── progress ─────────────────────────────────────────────────────────────────────────────

  function broadcastView(bulk: BulkView): void {
    deps.broadcast({ channel: CHANNEL, event: 'bulkProgress', bulk });
  }

  function progress(run: Run, force = false): void {
    if (run.closed) return;
    const now = Date.now();
    const since = now - run.lastProgress;
    if (force || since >= progressIntervalMs) {
      if (run.progressTimer) clearTimeout(run.progressTimer);
      run.progressTimer = null;
      run.lastProgress = now;
      broadcastView(toView(run.record, run.entries.values()));
      return;
    }
    run.progressTimer ??= setTimeout(() => {
      run.progressTimer = null;
      progress(run, true);
    }, progressIntervalMs - since);
  }

  // ── the interface ────────────────────────────────────────────────────────────────────────

  return {
    async preview(jobIds, target) {
      const here = await requireAccount();
      const { checklist } = await settings();
      const now = deps.now();
      const jobs = await cachedJobs(here.partition, jobIds);
      // Jobs missing from the cache have no place in a BulkPlan; start() records them as skipped.
      const plan = planBulk(jobIds.flatMap((id) => jobs.get(id) ?? []), target, here.account, now, checklist);
      return { ...plan, now: now.toISOString() };
    },

    async start({ jobIds, target, includeCritical }) {
      const here = await requireAccount();
      const { checklist } = await settings();
      const jobs = await cachedJobs(here.partition, jobIds);
      const wanted = jobIds.map((jobId) => ({ jobId, to: target, name: jobId }));
      const planned = planTargets(wanted, jobs, here.account, checklist, includeCritical);
      return createBulk(here, planned, { target, includeCritical, origin: null });
    },

    async get(bulkId) {
      const here = await app.current();
      if (!here.partition) return null;
      const db = await app.cache();
      const record = bulkId ? await db.getBulk(here.partition, bulkId) : (await db.listBulks(here.partition)).at(-1);
      if (!record) return null;
      const run = active;
      if (run && run.record.id === record.id && !run.closed) return toView(run.record, run.entries.values());
      return toView(record, await db.getBulkEntries(record.id));
    },

    async cancel(bulkId) {
      const here = await requireAccount();
      const db = await app.cache();
      return exclusive(async () => {
        const run = active;
        if (run && run.record.id === bulkId && run.record.partition === here.partition && !run.closed) {
          run.cancelRequested = true;
          const at = iso();
          // Only jobs never sent are cancelled; one sent before may have been applied, so it
          // goes on (same key) until the server says what happened.
          for (const entry of run.entries.values()) {
            if (entry.state === 'pending' && entry.attempt === 0) {
              run.entries.set(entry.jobId, { ...entry, state: 'cancelled', reason: REASONS.cancelled, updatedAt: at });
              run.dirty.add(entry.jobId);
            }
          }
          const stillPending = (id: string) => run.entries.get(id)?.state === 'pending';
          run.ready = run.ready.filter(stillPending);
          run.delayed = run.delayed.filter(({ id }) => stillPending(id));
          await flush(db, run);
          wake(run);
          progress(run, true);
          return toView(run.record, run.entries.values());
        }

        const record = await db.getBulk(here.partition, bulkId);
        if (!record) throw new HandlerError('not-found', 'No such bulk for this account.');
        const entries = await db.getBulkEntries(bulkId);
        if (isFinishedBulk(record)) return toView(record, entries);
        const at = iso();
        const cancelled = entries
          .filter((entry) => entry.state === 'pending' && entry.attempt === 0)
          .map((entry): BulkEntry => ({ ...entry, state: 'cancelled', reason: REASONS.cancelled, updatedAt: at }));
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
        if (unsettled) kick();
        return view;
      });
    },

    async retry(bulkId) {
      const here = await requireAccount();
      const source = await finishedBulk(here.partition, bulkId, 'retry');
      const failed = await (await app.cache()).getBulkEntriesByState(bulkId, 'failed');
      if (failed.length === 0) throw new HandlerError('not-allowed', 'Nothing to retry: no job of this bulk failed.');
      const { checklist } = await settings();
      const jobs = await cachedJobs(here.partition, failed.map((entry) => entry.jobId));
      const wanted = failed.map(({ jobId, to, name }) => ({ jobId, to, name }));
      const planned = planTargets(wanted, jobs, here.account, checklist, source.includeCritical);
      return createBulk(here, planned, {
        target: commonTarget(planned, source.target),
        includeCritical: source.includeCritical,
        origin: { kind: 'retry', bulkId },
      });
    },

    async undo(bulkId) {
      const here = await requireAccount();
      const source = await finishedBulk(here.partition, bulkId, 'undo');
      const done = await (await app.cache()).getBulkEntriesByState(bulkId, 'done');
      if (done.length === 0) throw new HandlerError('not-allowed', 'Nothing to undo: this bulk changed no job.');
      const { checklist } = await settings();
      const jobs = await cachedJobs(here.partition, done.map((entry) => entry.jobId));
      const plan = undoPlan(done, jobs.values(), here.account, deps.now(), checklist);
      const bySource = new Map(done.map((entry) => [entry.jobId, entry]));
      const planned = plan.entries.map((entry): NewEntry => {
        const was = bySource.get(entry.jobId) as BulkEntry;
        const job = jobs.get(entry.jobId);
        if (entry.outcome === 'change') {
          return { jobId: entry.jobId, name: job?.name ?? was.name, from: entry.from, to: entry.to, expectedVersion: entry.version, skip: null };
        }
        return {
          jobId: entry.jobId,
          name: job?.name ?? was.name,
          from: job?.status ?? was.to,
          to: was.from,
          expectedVersion: job?.version ?? 0,
          skip: undoSkipReason(entry.reason),
        };
      });
      // Undo puts back what was: a job that sold before the bulk may sell again whatever its checklist says.
      return createBulk(here, planned, { target: commonTarget(planned, source.target), includeCritical: true, origin: { kind: 'undo', bulkId } });
    },

    async resume() {
      kick();
    },

    async idle() {
      while (pump) await pump;
    },

    stop() {
      stopped = true;
      life.abort();
      if (active) close(active);
    },
  };
}
