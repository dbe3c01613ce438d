import { browser } from 'wxt/browser';
import { isAbortError, isAdminApiError, isTransient } from '../admin-api/errors';
import { backoffDelay } from '../admin-api/http';
import type { PacedSend, Pacer } from '../admin-api/pacer';
import type { AdminApi } from '../admin-api/port';
import type { BulkEntry, BulkRecord, JobCache } from '../cache';
import { reason, withApiDetail, type Reason } from '../core/reasons';
import type { Job } from '../core/types';
import type { BulkJobState, BulkState } from '../messaging/protocol';
import type { BackgroundApp } from '../background/app';
import { createAccountGuard } from './account';
import { classifyAttempt, isOwnChange, type Outcome } from './classify';
import type { BulkFlusher } from './flush';
import { activityOf, conflictReason, isFinishedBulk, splitPartition } from './journal';
import type { BulkProgress } from './progress';
import { canSend, clearRunTimers, close, newRun, sleep, takeBatch, wake, type Run } from './run';

/**
 * The queue: one bulk at a time, oldest first, each driven until it is finished or parked.
 * Owns the concurrency (requests in flight), the pause after 429s and sign-outs, retries with
 * backoff, and the alarms that bring a stopped worker back. Every request is journalled in
 * flight before it leaves.
 */

export const BULK_ALARM = 'bulk';

/** Chrome's shortest alarm period; the safety net that resumes a bulk whose worker was stopped. */
const SAFETY_PERIOD_MINUTES = 0.5;
/** After a 401 the queue waits this long for the user to sign in again (each try counts as an attempt). */
const SIGNED_OUT_WAIT_MS = 60_000;
/** Signed in as another account: how often the parked bulk looks whether its account is back. */
const OTHER_ACCOUNT_WAIT_MS = 30_000;

export interface BulkQueueDeps {
  app: BackgroundApp;
  api(origin: string): AdminApi;
  nowMs(): number;
  iso(): string;
  report(error: unknown): void;
  pacerFor(origin: string): Pacer;
  flusher: BulkFlusher;
  progress: BulkProgress['progress'];
  concurrency: number;
  maxAttempts: number;
  backoff: { baseMs: number; capMs: number };
  random(): number;
  parkAfterMs: number;
}

export interface BulkQueue {
  /** Starts the queue, or makes the running one look again once its bulk is done. */
  kick(): void;
  /** Serialises picking up a bulk with cancelling one, so a cancel never races a bulk being loaded. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** The bulk being run, if any. */
  active(): Run | null;
  idle(): Promise<void>;
  stop(): void;
}

export function createBulkQueue(deps: BulkQueueDeps): BulkQueue {
  const { app, nowMs, iso, report, flusher, progress, concurrency, maxAttempts } = deps;
  const life = new AbortController();
  const accounts = createAccountGuard({ app, api: deps.api, signal: life.signal });
  let stopped = false;
  let active: Run | null = null;
  let pump: Promise<void> | null = null;
  let kickedAgain = false;
  let lock: Promise<unknown> = Promise.resolve();

  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = lock.then(fn);
    lock = result.catch(() => undefined);
    return result;
  }

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
      const loaded = newRun(record, await db.getBulkEntries(record.id), deps.pacerFor);
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
      clearRunTimers(run);
      if (active === run) active = null;
    }
  }

  async function drive(db: JobCache, run: Run): Promise<'finished' | 'parked' | 'closed'> {
    // Parked for another account: back only once the site says this bulk's account is signed in.
    if (run.record.waitingFor) {
      if (await accounts.otherAccount(run.record, run.origin)) await waitForAccount(db, run);
      else await setWaitingFor(db, run, null);
    }
    for (;;) {
      if (run.closed) return 'closed';
      const unsettled = run.inFlight.size + run.orphans.length + run.ready.length + run.delayed.length > 0;
      if (!unsettled) break;
      if (!run.record.waitingFor && run.pausedUntil <= nowMs() && (await accounts.seenOtherAccount(run.record, run.origin))) {
        if (await accounts.otherAccount(run.record, run.origin)) await waitForAccount(db, run);
      }
      const now = nowMs();
      if (run.pausedUntil > now) {
        await setState(db, run, 'paused');
        const remaining = run.pausedUntil - now;
        // Requests in flight finish first: their answers must be journalled before the worker may go.
        if (remaining > deps.parkAfterMs && run.inFlight.size === 0) {
          await park(db, run);
          return run.closed ? 'closed' : 'parked';
        }
        await sleep(run, remaining);
        continue;
      }
      await setState(db, run, 'running');
      const batch = takeBatch(run, now, concurrency, iso());
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
      const paced = canSend(run, concurrency) ? now + run.pacer.delay(now) : Infinity;
      const until = Math.min(nextAt, paced);
      await sleep(run, Number.isFinite(until) ? until - now : null);
    }
    await flusher.flush(db, run);
    if (run.closed) return 'closed';
    const cancelled = [...run.entries.values()].some((entry) => entry.state === 'cancelled');
    await setState(db, run, cancelled ? 'cancelled' : 'done');
    return 'finished';
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
      outcome = classifyAttempt(error);
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

  async function settle(run: Run, entry: BulkEntry, outcome: Outcome): Promise<void> {
    switch (outcome.kind) {
      case 'done':
        return finish(run, entry, 'done', null, outcome.job);
      case 'conflict':
        // Sent before, the 409 may be our own change meeting itself (the server forgot the key).
        if (entry.attempt > 1 && isOwnChange(entry, outcome.job)) return finish(run, entry, 'done', reason('confirmed-by-readback'), outcome.job);
        return finish(run, entry, 'conflict', conflictReason(outcome.job, entry.expectedVersion), outcome.job);
      case 'failed':
        // A 404 may mean the site now serves another account: then the job waits, unsent, for ours.
        if (outcome.reason.code === 'api' && outcome.reason.params.kind === 'not-found' && (await accounts.otherAccount(run.record, run.origin))) {
          requeue(run, { ...entry, attempt: entry.attempt - 1 }, 'front');
          return waitForAccount(await app.cache(), run);
        }
        return finish(run, entry, 'failed', outcome.reason);
      case 'rate-limited':
        pause(run, outcome.waitMs);
        // Refused before it was processed, so it does not use up an attempt.
        return requeue(run, { ...entry, attempt: entry.attempt - 1 }, 'front');
      case 'signed-out':
        if (entry.attempt >= maxAttempts) return finish(run, entry, 'failed', reason('api', { kind: 'signed-out' }));
        pause(run, SIGNED_OUT_WAIT_MS);
        return requeue(run, { ...entry, reason: reason('waiting-for-sign-in') }, 'front');
      case 'transient':
        if (entry.attempt >= maxAttempts) return giveUp(run, entry, withApiDetail(outcome.reason, { attempts: entry.attempt }));
        return requeue(run, { ...entry, reason: outcome.reason }, nowMs() + backoffDelay(entry.attempt, deps.backoff, deps.random));
    }
  }

  /**
   * A timeout or a garbled answer may hide a change the server applied, so the last word is the
   * job as the server has it now: the journal and the cache then say what really happened.
   */
  async function giveUp(run: Run, entry: BulkEntry, why: Reason): Promise<void> {
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
    if (job === 'gone') return finish(run, entry, 'failed', reason('api', { kind: 'not-found' }));
    if (job === null) return finish(run, entry, 'failed', withApiDetail(why, { unknown: true }));
    if (job.version === entry.expectedVersion) return finish(run, entry, 'failed', why, job);
    if (isOwnChange(entry, job)) {
      return finish(run, entry, 'done', reason('confirmed-by-readback'), job);
    }
    return finish(run, entry, 'conflict', conflictReason(job, entry.expectedVersion), job);
  }

  function pause(run: Run, ms: number): void {
    run.pausedUntil = Math.max(run.pausedUntil, nowMs() + ms);
    wake(run);
  }

  function requeue(run: Run, entry: BulkEntry, at: 'front' | number): void {
    // Never processed and cancelled meanwhile: nothing is left to find out about it.
    if (run.cancelRequested && entry.attempt === 0) return finish(run, entry, 'cancelled', reason('cancelled'));
    run.entries.set(entry.jobId, { ...entry, state: 'pending', updatedAt: iso() });
    if (at === 'front') run.ready.unshift(entry.jobId);
    else run.delayed.push({ id: entry.jobId, at });
    flusher.markDirty(run, entry.jobId);
  }

  function finish(run: Run, entry: BulkEntry, state: BulkJobState, why: Reason | null, job?: Job): void {
    const at = iso();
    const next: BulkEntry = { ...entry, state, reason: why, updatedAt: at };
    delete next.serverJob;
    if (state === 'conflict' && job) next.serverJob = job;
    run.entries.set(entry.jobId, next);
    if (job) run.jobs.push(job);
    if (state === 'done' || state === 'failed' || state === 'conflict') run.activity.push(activityOf(run.record, next, state, at));
    flusher.markDirty(run, entry.jobId);
  }

  async function setState(db: JobCache, run: Run, state: BulkState): Promise<void> {
    const resumeAt = state === 'paused' ? new Date(run.pausedUntil).toISOString() : null;
    if (run.record.state === state && run.record.resumeAt === resumeAt) return;
    run.record = { ...run.record, state, resumeAt };
    await db.putBulk(run.record);
    progress(run, true);
  }

  /** Holds the bulk until its account is signed in again: paused, rechecked by the alarm. */
  async function waitForAccount(db: JobCache, run: Run): Promise<void> {
    if (!run.record.waitingFor) {
      const accountId = splitPartition(run.record.partition).accountId;
      const accountName = (await db.getSync(run.record.partition))?.account.name ?? accountId;
      await setWaitingFor(db, run, { kind: 'account', accountId, accountName });
    }
    pause(run, OTHER_ACCOUNT_WAIT_MS);
  }

  async function setWaitingFor(db: JobCache, run: Run, waitingFor: BulkRecord['waitingFor']): Promise<void> {
    run.record = { ...run.record, waitingFor };
    if (!waitingFor) run.pausedUntil = Math.min(run.pausedUntil, nowMs());
    await db.putBulk(run.record);
    progress(run, true);
  }

  async function park(db: JobCache, run: Run): Promise<void> {
    await flusher.flush(db, run);
    if (run.closed) return;
    // A later 429 may have pushed the pause on; journal and alarm agree on its end.
    await setState(db, run, 'paused');
    await browser.alarms.create(BULK_ALARM, { when: run.pausedUntil, periodInMinutes: SAFETY_PERIOD_MINUTES });
  }

  return {
    kick,
    exclusive,
    active: () => active,
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
