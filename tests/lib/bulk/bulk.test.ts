import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { AdminApiError } from '../../../lib/admin-api/errors';
import { reasonText } from '../../../components/labels';
import { createHttpAdminApi } from '../../../lib/admin-api/http';
import type { AdminApi } from '../../../lib/admin-api/port';
import { evaluateChecklist, missingCritical } from '../../../lib/core/checklist';
import { isTransitionAllowed } from '../../../lib/core/transitions';
import type { Job, JobStatus } from '../../../lib/core/types';
import type { BulkJobState, BulkView } from '../../../lib/messaging/protocol';
import { HandlerError } from '../../../lib/messaging/router';
import { createBackgroundApp, type BackgroundApp } from '../../../lib/background/app';
import { BULK_ALARM, createBulkEngine, type BulkEngineOptions, type DurableBulkEngine } from '../../../lib/bulk/engine';
import { login, sessionFetch } from '../../../sandbox/client-helpers';
import type { SandboxStats } from '../../../sandbox/server';
import { createTestBackground, type TestBackground } from '../background/helpers';

const STATUS_ROUTE = 'POST /api/v1/jobs/:id/status';
const FINAL: readonly BulkJobState[] = ['done', 'failed', 'conflict', 'skipped', 'cancelled'];

let bg: TestBackground;
const engines: DurableBulkEngine[] = [];

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(async () => {
  for (const engine of engines.splice(0)) engine.stop();
  await bg?.close();
});

async function setup(jobs: number, sandbox: { latencyMs?: number } = {}): Promise<TestBackground> {
  bg = await createTestBackground({ jobs, seed: 11, timeoutMs: 300, ...sandbox });
  const view = await bg.app.sync();
  expect(view.status).toBe('ok');
  return bg;
}

function engineFor(options: BulkEngineOptions = {}, app: BackgroundApp = bg.app, api: (origin: string) => AdminApi = bg.api): DurableBulkEngine {
  const engine = createBulkEngine({
    app,
    api,
    now: () => new Date(),
    broadcast: (event) => bg.broadcasts.push(event),
    settings: async () => bg.settings.current,
    options: { backoff: { baseMs: 10, capMs: 100 }, ...options },
  });
  engines.push(engine);
  return engine;
}

/** A second service worker over the same database: its own app, HTTP client and session. */
async function newWorker(options: BulkEngineOptions = {}): Promise<{ app: BackgroundApp; engine: DurableBulkEngine }> {
  const cookie = await login(bg.sandbox.url, 'demo@example.com', 'demo');
  const client = createHttpAdminApi({ origin: bg.sandbox.url, fetch: sessionFetch(cookie), timeoutMs: 300, backoff: { baseMs: 5, capMs: 50 } });
  const api = () => client;
  const app = createBackgroundApp({
    cache: async () => bg.cache,
    api,
    now: () => new Date(),
    settings: { load: async () => bg.settings.current, save: async () => bg.settings.current },
    broadcast: (event) => bg.broadcasts.push(event),
    showBadge: async () => {},
  });
  return { app, engine: engineFor(options, app, api) };
}

async function control(path: string, body: unknown = {}): Promise<unknown> {
  const res = await fetch(`${bg.sandbox.url}/__sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

async function stats(): Promise<SandboxStats> {
  return (await (await fetch(`${bg.sandbox.url}/__sandbox/stats`)).json()) as SandboxStats;
}

async function cachedJobs(app: BackgroundApp = bg.app): Promise<Job[]> {
  const here = await app.current();
  return bg.cache.getJobs(here.partition!);
}

async function expectCacheEqualsServer(app: BackgroundApp = bg.app): Promise<void> {
  const cached = new Map((await cachedJobs(app)).map((job) => [job.id, job]));
  const server = await bg.serverJobs();
  expect(cached.size).toBe(server.length);
  const diff = server
    .filter((job) => cached.get(job.id)?.version !== job.version || cached.get(job.id)?.status !== job.status)
    .map((job) => ({ id: job.id, server: [job.status, job.version], cache: [cached.get(job.id)?.status, cached.get(job.id)?.version] }));
  expect(diff).toEqual([]);
}

async function expectNoJobChangedTwice(): Promise<SandboxStats> {
  const s = await stats();
  expect(Object.entries(s.statusChanges).filter(([, n]) => n > 1)).toEqual([]);
  return s;
}

function expectSettled(view: BulkView): void {
  expect(view.counts.pending).toBe(0);
  expect(view.counts['in-flight']).toBe(0);
  for (const result of view.results) {
    expect(FINAL).toContain(result.state);
    if (result.state !== 'done') expect(result.reason, `${result.jobId} ${result.state}`).toBeTruthy();
  }
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Awaits `promise` while moving fake time on whenever nothing else (IndexedDB, answers) can progress. */
async function underFakeTime<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    for (let i = 0; i < 20 && !settled; i++) await new Promise((resolve) => setImmediate(resolve));
    if (!settled) await vi.advanceTimersToNextTimerAsync();
  }
  return promise;
}

async function changeable(to: JobStatus, count: number, exclude: Iterable<string> = []): Promise<Job[]> {
  const account = (await bg.app.current()).account!;
  const skip = new Set(exclude);
  const jobs = (await bg.serverJobs()).filter((job) => !skip.has(job.id) && isTransitionAllowed(job, account, to));
  expect(jobs.length).toBeGreaterThanOrEqual(count);
  return jobs.slice(0, count);
}

describe('bulk engine against the sandbox', () => {
  it('finishes 500 jobs through 5xx, hung requests, malformed and schema-breaking answers and 429 bursts, applying none twice', async () => {
    await setup(500);
    const engine = engineFor();
    const ids = (await cachedJobs()).map((job) => job.id);
    await bg.faults({ failRate: 0.2, hangRate: 0.03, malformedRate: 0.05, schemaBreakRate: 0.03, rateLimit: 10 });

    const started = Date.now();
    const view = await engine.start({ jobIds: ids, target: 'planning', includeCritical: false });
    expect(view.total).toBe(500);
    // Two bursts of a rate limit well below the engine's pace: on for the first second, off, on again.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await bg.faults({ rateLimit: 0 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await bg.faults({ rateLimit: 10 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await bg.faults({ rateLimit: 0 });
    await engine.idle();
    const elapsed = Date.now() - started;

    const done = (await engine.get(view.id))!;
    expect(done.state).toBe('done');
    expectSettled(done);
    const sent = done.total - done.counts.skipped;
    expect(sent).toBeGreaterThan(300);
    expect(done.counts.done).toBeGreaterThan(sent * 0.9);
    expect(done.counts.skipped).toBe(done.results.filter((r) => typeof r.reason === 'object' && r.reason?.code === 'same-status').length);

    const s = await expectNoJobChangedTwice();
    expect(s.faultsServed.rateLimited).toBeGreaterThan(0);
    expect(s.faultsServed.error5xx).toBeGreaterThan(0);
    expect(s.faultsServed.hang).toBeGreaterThan(0);
    // Every job journalled done changed exactly once on the server, every other job not at all.
    const changedIds = Object.keys(s.statusChanges).sort();
    expect(changedIds).toEqual(done.results.filter((r) => r.state === 'done').map((r) => r.jobId).sort());
    await bg.faults({ failRate: 0, hangRate: 0, malformedRate: 0, schemaBreakRate: 0 });
    await expectCacheEqualsServer();

    const activity = await bg.app.handlers(engine).getActivity({ limit: 5000 }, { kind: 'popup' } as never);
    const logged = activity.filter((entry) => entry.bulkId === view.id);
    expect(logged).toHaveLength(done.counts.done + done.counts.failed + done.counts.conflict);

    const posts = s.requests.byRoute[STATUS_ROUTE] ?? 0;
    console.info(
      `[bulk] 500 jobs (${sent} sent) in ${elapsed} ms; ${posts} status requests (${(posts / sent).toFixed(2)} per job); ` +
        `faults: ${JSON.stringify(s.faultsServed)}; done ${done.counts.done}, failed ${done.counts.failed}`,
    );
  }, 90_000);

  it('resumes after the worker dies mid-bulk, re-sending in-flight jobs with the same key', async () => {
    await setup(300, { latencyMs: 40 });
    const first = engineFor();
    const jobs = await changeable('archived', 120);
    const view = await first.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false });
    await waitFor(async () => (await bg.cache.getBulkEntriesByState(view.id, 'done')).length >= 20 && (await bg.cache.getBulkEntriesByState(view.id, 'in-flight')).length > 0);
    first.stop();
    await first.idle();
    const orphans = await bg.cache.getBulkEntriesByState(view.id, 'in-flight');
    expect(orphans.length).toBeGreaterThan(0);
    // Let the server finish what the dead worker sent: those changes are applied, their answers lost.
    await new Promise((resolve) => setTimeout(resolve, 150));

    const second = await newWorker();
    await second.engine.resume();
    await second.engine.idle();
    const finished = (await second.engine.get(view.id))!;
    expect(finished.state).toBe('done');
    expectSettled(finished);
    expect(finished.counts.done).toBe(120);
    const after = new Map((await bg.cache.getBulkEntries(view.id)).map((e) => [e.jobId, e]));
    for (const orphan of orphans) {
      expect(after.get(orphan.jobId)?.idempotencyKey).toBe(orphan.idempotencyKey);
      expect(after.get(orphan.jobId)?.attempt).toBeGreaterThan(orphan.attempt);
    }
    const s = await expectNoJobChangedTwice();
    expect(Object.keys(s.statusChanges)).toHaveLength(120);
    await expectCacheEqualsServer(second.app);
    expect(await fakeBrowser.alarms.get(BULK_ALARM)).toBeUndefined();
  }, 60_000);

  it('pauses while another account is signed in on the site, sends it nothing, and resumes when its own is back', async () => {
    await setup(60);
    const jobs = await changeable('archived', 24);
    await bg.faults({ latencyMs: 40 });
    const engine = engineFor();
    const view = await engine.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false });
    await expect.poll(async () => Object.keys((await stats()).statusChanges).length, { timeout: 10_000, interval: 20 }).toBeGreaterThan(2);
    await bg.signIn('other');

    await expect.poll(async () => (await engine.get(view.id))?.waitingFor, { timeout: 10_000 }).toEqual({ kind: 'account', accountName: 'Demo Photography' });
    const paused = (await engine.get(view.id))!;
    expect(paused.state).toBe('paused');
    expect(paused.counts.failed).toBe(0);
    const during = await stats();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Nothing more reaches the site while it serves the other account, and none of its jobs changed.
    expect((await stats()).requests.byRoute[STATUS_ROUTE]).toBe(during.requests.byRoute[STATUS_ROUTE]);
    const otherIds = new Set((await bg.serverJobs('other')).map((j) => j.id));
    expect(Object.keys(during.statusChanges).filter((id) => otherIds.has(id))).toEqual([]);

    await bg.signIn('demo');
    // As the alarm (or the next wake) does.
    await engine.resume();
    await engine.idle();
    const final = (await engine.get(view.id))!;
    expect(final).toMatchObject({ state: 'done', waitingFor: null, counts: { done: 24, failed: 0, conflict: 0 } });
    const s = await expectNoJobChangedTwice();
    for (const job of jobs) expect(s.statusChanges[job.id]).toBe(1);
  });

  it('a retry after the server forgot its key (24 h) is told apart from a conflict: our own change is done, not a conflict', async () => {
    await setup(30);
    const jobs = await changeable('archived', 4);
    const expired = jobs[0]!;
    // The change applies, its answer is lost, and by the retry the server no longer knows the key.
    const faulty = failingOnce(expired.id, async (apply) => {
      await apply();
      const res = await fetch(`${bg.sandbox.url}/__sandbox/idempotency/expire`, { method: 'POST' });
      expect(res.ok).toBe(true);
      throw new AdminApiError({ kind: 'timeout' });
    });
    const engine = engineFor({ maxAttempts: 3 }, bg.app, faulty);
    const view = await engine.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false });
    await engine.idle();

    const final = (await engine.get(view.id))!;
    const result = final.results.find((r) => r.jobId === expired.id)!;
    expect(result).toMatchObject({ state: 'done', attempt: 2, reason: { code: 'confirmed-by-readback' } });
    expect(final.counts).toMatchObject({ done: 4, conflict: 0 });
    // Applied once: the retry was refused (409), not applied again.
    const s = await stats();
    expect(s.statusChanges[expired.id]).toBe(1);
    expect((await bg.serverJobs()).find((j) => j.id === expired.id)).toMatchObject({ status: 'archived', version: expired.version + 1 });
  });

  it('after a retry, a conflict with someone else’s change is still a conflict', async () => {
    await setup(30);
    const jobs = await changeable('archived', 2);
    const edited = jobs[0]!;
    // Someone edits the job on the site while our first attempt is lost on the way.
    const faulty = failingOnce(edited.id, async () => {
      await fetch(`${bg.sandbox.url}/__sandbox/edit/${edited.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Edited meanwhile' }) });
      throw new AdminApiError({ kind: 'network' });
    });
    const engine = engineFor({ maxAttempts: 3 }, bg.app, faulty);
    const view = await engine.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false });
    await engine.idle();
    const result = (await engine.get(view.id))!.results.find((r) => r.jobId === edited.id)!;
    expect(result).toMatchObject({ state: 'conflict', attempt: 2 });
  });

  it('after giving up on lost answers, reads the job back so the journal and the cache say what happened', async () => {
    await setup(60);
    const jobs = await changeable('archived', 10);
    const lost = new Set(jobs.slice(0, 3).map((j) => j.id));
    const refused = new Set(jobs.slice(3, 6).map((j) => j.id));
    // Deterministic faults: some changes apply but every answer is lost; others never get through.
    const faulty = (origin: string): AdminApi => {
      const real = bg.api(origin);
      return {
        ...real,
        async setStatus(id, body, opts) {
          if (refused.has(id)) throw new AdminApiError({ kind: 'server', status: 503 });
          const job = await real.setStatus(id, body, opts);
          if (lost.has(id)) throw new AdminApiError({ kind: 'timeout' });
          return job;
        },
      };
    };
    const engine = engineFor({ maxAttempts: 2 }, bg.app, faulty);
    const view = await engine.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false });
    await engine.idle();

    const final = (await engine.get(view.id))!;
    expectSettled(final);
    for (const result of final.results) {
      if (lost.has(result.jobId)) expect(worded(result)).toMatchObject({ state: 'done', attempt: 2, reason: expect.stringMatching(/confirmed by reading/) });
      else if (refused.has(result.jobId)) expect(worded(result)).toMatchObject({ state: 'failed', attempt: 2, reason: expect.stringMatching(/gave up after 2 attempts/i) });
      else expect(result).toMatchObject({ state: 'done', attempt: 1, reason: null });
    }
    const s = await expectNoJobChangedTwice();
    expect(Object.keys(s.statusChanges).sort()).toEqual(final.results.filter((r) => r.state === 'done').map((r) => r.jobId).sort());
    await expectCacheEqualsServer();
  });

  it('reports jobs edited on the admin site after planning as conflicts, with the server version in the cache', async () => {
    await setup(80, { latencyMs: 20 });
    const engine = engineFor();
    const firstJobs = await changeable('archived', 20);
    const secondJobs = await changeable('archived', 10, firstJobs.map((j) => j.id));
    const a = await engine.start({ jobIds: firstJobs.map((j) => j.id), target: 'archived', includeCritical: false });
    const b = await engine.start({ jobIds: secondJobs.map((j) => j.id), target: 'archived', includeCritical: false });
    expect(b.state).toBe('queued');
    const edited = secondJobs.slice(0, 4);
    for (const job of edited) await control(`/edit/${job.id}`, { name: `${job.name} (edited elsewhere)` });
    await engine.idle();

    expect((await engine.get(a.id))!.counts.done).toBe(20);
    const view = (await engine.get(b.id))!;
    expectSettled(view);
    const editedIds = new Set(edited.map((j) => j.id));
    for (const result of view.results) {
      if (editedIds.has(result.jobId)) {
        expect(result.state).toBe('conflict');
        expect(worded(result).reason).toMatch(/version \d+/);
        expect(result.attempt).toBe(1);
      } else {
        expect(result.state).toBe('done');
      }
    }
    const server = new Map((await bg.serverJobs()).map((j) => [j.id, j]));
    const cached = new Map((await cachedJobs()).map((j) => [j.id, j]));
    for (const job of edited) {
      // Never overwritten: the status is the one the other editor left, the cache has their version.
      expect(server.get(job.id)).toMatchObject({ status: job.status, version: job.version + 1 });
      expect(cached.get(job.id)).toMatchObject({ status: job.status, version: job.version + 1, name: `${job.name} (edited elsewhere)` });
    }
    const entries = await bg.cache.getBulkEntriesByState(b.id, 'conflict');
    expect(entries.map((e) => e.serverJob?.version).sort()).toEqual(edited.map((j) => j.version + 1).sort());
    await expectNoJobChangedTwice();
  }, 30_000);

  it('runs queued bulks one after another, in order', async () => {
    await setup(60);
    const sent: string[] = [];
    const recording = (origin: string): AdminApi => {
      const real = bg.api(origin);
      return {
        ...real,
        setStatus: (id, body, opts) => {
          sent.push(id);
          return real.setStatus(id, body, opts);
        },
      };
    };
    const engine = engineFor({}, bg.app, recording);
    const first = await changeable('archived', 15);
    const second = await changeable('archived', 15, first.map((j) => j.id));
    const a = await engine.start({ jobIds: first.map((j) => j.id), target: 'archived', includeCritical: false });
    const b = await engine.start({ jobIds: second.map((j) => j.id), target: 'archived', includeCritical: false });
    await engine.idle();
    expect((await engine.get(a.id))!.state).toBe('done');
    expect((await engine.get(b.id))!.state).toBe('done');
    const firstIds = new Set(first.map((j) => j.id));
    const lastOfFirst = sent.map((id) => firstIds.has(id)).lastIndexOf(true);
    const firstOfSecond = sent.findIndex((id) => !firstIds.has(id));
    expect(lastOfFirst).toBeLessThan(firstOfSecond);
    expect((await engine.get())!.id).toBe(b.id);
  });

  it('cancel stops sending, lets in-flight jobs finish and keeps the journal exact', async () => {
    await setup(200, { latencyMs: 30 });
    const engine = engineFor();
    const jobs = await changeable('archived', 80);
    const view = await engine.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false });
    await waitFor(async () => (await bg.cache.getBulkEntriesByState(view.id, 'done')).length >= 8);
    const cancelled = await engine.cancel(view.id);
    expect(cancelled.counts.pending).toBe(0);
    expect(cancelled.counts.cancelled).toBeGreaterThan(0);
    await engine.idle();

    const final = (await engine.get(view.id))!;
    expect(final.state).toBe('cancelled');
    expectSettled(final);
    expect(final.counts.done + final.counts.cancelled).toBe(80);
    const s = await expectNoJobChangedTwice();
    const doneIds = final.results.filter((r) => r.state === 'done').map((r) => r.jobId).sort();
    expect(Object.keys(s.statusChanges).sort()).toEqual(doneIds);
    await expectCacheEqualsServer();
    expect(await engine.cancel(view.id)).toMatchObject({ state: 'cancelled' });
  });

  it('cancels a queued bulk without sending anything of it', async () => {
    await setup(60, { latencyMs: 20 });
    const engine = engineFor();
    const first = await changeable('archived', 10);
    const second = await changeable('archived', 10, first.map((j) => j.id));
    const a = await engine.start({ jobIds: first.map((j) => j.id), target: 'archived', includeCritical: false });
    const b = await engine.start({ jobIds: second.map((j) => j.id), target: 'archived', includeCritical: false });
    const cancelled = await engine.cancel(b.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', counts: { cancelled: 10 } });
    await engine.idle();
    expect((await engine.get(a.id))!.counts.done).toBe(10);
    expect(Object.keys((await stats()).statusChanges).sort()).toEqual(first.map((j) => j.id).sort());
  });

  it('pauses the queue on a 429 and parks a long wait on the alarm', async () => {
    await setup(40);
    // One request at a time: the 429 finds nothing in flight, so its pause is parked at once
    // (later windows are paced under the learned limit and see no 429 to park on).
    const engine = engineFor({ parkAfterMs: 200, concurrency: 1 });
    const jobs = await changeable('archived', 10);
    await bg.faults({ rateLimit: 2 });
    const view = await engine.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false });
    await engine.idle();

    const parked = (await engine.get(view.id))!;
    expect(parked.state).toBe('paused');
    expect(parked.resumeAt).not.toBeNull();
    expect(parked.counts['in-flight']).toBe(0);
    expect(parked.counts.pending).toBeGreaterThan(0);
    const alarm = await fakeBrowser.alarms.get(BULK_ALARM);
    expect(alarm?.scheduledTime).toBe(Date.parse(parked.resumeAt!));
    expect(bg.broadcasts.some((e) => e.event === 'bulkProgress' && e.bulk.state === 'paused')).toBe(true);

    // A worker woken before the time only parks again.
    await engine.resume();
    await engine.idle();
    if (Date.now() < Date.parse(parked.resumeAt!)) expect((await engine.get(view.id))!.state).toBe('paused');

    await bg.faults({ rateLimit: 0 });
    await waitFor(() => Date.now() >= Date.parse(parked.resumeAt!));
    await engine.resume();
    await engine.idle();
    const done = (await engine.get(view.id))!;
    expect(done).toMatchObject({ state: 'done', resumeAt: null, counts: { done: 10 } });
    // 429s were refused before processing: they do not use up attempts.
    expect(done.results.every((r) => r.attempt === 1)).toBe(true);
    expect(await fakeBrowser.alarms.get(BULK_ALARM)).toBeUndefined();
    await expectNoJobChangedTwice();
  });

  it('waits out a short 429 in memory and keeps a safety alarm while a bulk is unfinished', async () => {
    await setup(40);
    const engine = engineFor();
    const jobs = await changeable('archived', 12);
    await bg.faults({ rateLimit: 3 });
    const view = await engine.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false });
    await waitFor(async () => (await fakeBrowser.alarms.get(BULK_ALARM)) !== undefined);
    expect((await fakeBrowser.alarms.get(BULK_ALARM))?.periodInMinutes).toBe(0.5);
    await engine.idle();
    const done = (await engine.get(view.id))!;
    expect(done).toMatchObject({ state: 'done', counts: { done: 12 } });
    expect((await stats()).faultsServed.rateLimited).toBeGreaterThan(0);
    expect(bg.broadcasts.some((e) => e.event === 'bulkProgress' && e.bulk.id === view.id && e.bulk.state === 'paused')).toBe(true);
    expect(await fakeBrowser.alarms.get(BULK_ALARM)).toBeUndefined();
  });

  it('learns the limit from the first 429s, then stays under it and never sends before Retry-After', async () => {
    await setup(120);
    const jobs = await changeable('archived', 40);
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const LIMIT = 10;
    const ANSWER_MS = 5;
    // A server counting per second on the engine's clock, which runs only when the test moves it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.parse('2031-03-03T10:00:00.400Z') });
    try {
      const calls: { at: number; jobId: string; key: string; refused: boolean }[] = [];
      const windows = new Map<number, number>();
      const limited = (origin: string): AdminApi => ({
        ...bg.api(origin),
        async setStatus(id, body, opts) {
          const at = Date.now();
          const window = Math.floor(at / 1000);
          const count = (windows.get(window) ?? 0) + 1;
          windows.set(window, count);
          calls.push({ at, jobId: id, key: opts?.idempotencyKey ?? '', refused: count > LIMIT });
          await new Promise((resolve) => setTimeout(resolve, ANSWER_MS));
          if (count > LIMIT) throw new AdminApiError({ kind: 'rate-limited', status: 429, retryAfterMs: 1000 });
          const job = byId.get(id)!;
          return { ...job, status: body.status, version: job.version + 1, updatedAt: new Date().toISOString() };
        },
      });
      const engine = engineFor({}, bg.app, limited);
      const view = await underFakeTime(engine.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false }));
      await underFakeTime(engine.idle());

      const done = (await underFakeTime(engine.get(view.id)))!;
      expect(done).toMatchObject({ state: 'done', counts: { done: 40 } });
      expect(done.results.every((r) => r.attempt === 1)).toBe(true);
      const keys = new Map((await underFakeTime(bg.cache.getBulkEntries(view.id))).map((e) => [e.jobId, e.idempotencyKey]));
      expect(calls.every((call) => call.key === keys.get(call.jobId))).toBe(true);
      // Only the first second, sent before any 429, ran into the limit.
      const first = calls[0]!.at;
      const refused = calls.filter((call) => call.refused);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.length).toBeLessThanOrEqual(4);
      expect(new Set(refused.map((call) => Math.floor(call.at / 1000)))).toEqual(new Set([Math.floor(first / 1000)]));
      for (const call of refused) {
        const answered = call.at + ANSWER_MS;
        expect(calls.filter((c) => c.at > answered && c.at < answered + 1000)).toEqual([]);
      }
      // Four windows' worth at the limit: the first, then three paced ones a little over a second apart.
      expect(calls.at(-1)!.at - first).toBeLessThan(3200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never retries 409, 422, 403 or 404', async () => {
    await setup(60);
    const engine = engineFor();
    const [conflicted, forbidden, deleted] = await changeable('archived', 3);
    const account = (await bg.app.current()).account!;
    // A planning proofing job the cache wrongly believes sells by prepay: lib/core allows the
    // switch, the server refuses it with 422.
    const proofing = (await bg.serverJobs()).find((j) => j.status === 'planning' && j.salesMethod === 'proofing' && ![conflicted, forbidden, deleted].some((x) => x!.id === j.id))!;
    expect(account.features.prepay).toBe(true);
    const here = await bg.app.current();
    const lie = { ...proofing, salesMethod: 'prepay' as const };
    await bg.cache.putJob(here.partition!, lie);
    (await bg.app.jobIndex(here.partition!)).upsert([lie]);

    await control(`/edit/${conflicted!.id}`, { watermark: !conflicted!.watermark });
    await control('/faults', { forbidJobIds: [forbidden!.id] });
    await control(`/delete/${deleted!.id}`);

    const a = await engine.start({ jobIds: [conflicted!.id, forbidden!.id, deleted!.id], target: 'archived', includeCritical: false });
    const b = await engine.start({ jobIds: [proofing.id], target: 'prepay', includeCritical: true });
    await engine.idle();

    const byId = new Map([...(await engine.get(a.id))!.results, ...(await engine.get(b.id))!.results].map((r) => [r.jobId, r]));
    expect(byId.get(conflicted!.id)).toMatchObject({ state: 'conflict', attempt: 1 });
    expect(worded(byId.get(forbidden!.id))).toMatchObject({ state: 'failed', attempt: 1, reason: expect.stringMatching(/permitted/i) });
    expect(worded(byId.get(deleted!.id))).toMatchObject({ state: 'failed', attempt: 1, reason: expect.stringMatching(/not found/i) });
    expect(worded(byId.get(proofing.id))).toMatchObject({ state: 'failed', attempt: 1, reason: expect.stringMatching(/does not allow/i) });
    expect((await stats()).requests.byRoute[STATUS_ROUTE]).toBe(4);
  });

  it('records skipped jobs with their reasons before sending, critical items unless included', async () => {
    await setup(120);
    const engine = engineFor();
    const account = (await bg.app.current()).account!;
    const now = new Date();
    const jobs = await bg.serverJobs();
    const critical = jobs.filter((j) => isTransitionAllowed(j, account, 'selling') && missingCritical(evaluateChecklist('go-live', j, account, now)).length > 0);
    const clean = jobs.filter((j) => isTransitionAllowed(j, account, 'selling') && missingCritical(evaluateChecklist('go-live', j, account, now)).length === 0);
    const selling = jobs.find((j) => j.status === 'selling')!;
    expect(critical.length).toBeGreaterThan(1);
    expect(clean.length).toBeGreaterThan(0);

    const ids = [critical[0]!.id, clean[0]!.id, selling.id, 'no-such-job', critical[0]!.id];
    const view = await engine.start({ jobIds: ids, target: 'selling', includeCritical: false });
    expect(view.total).toBe(4);
    const byId = new Map(view.results.map((r) => [r.jobId, r]));
    const items = missingCritical(evaluateChecklist('go-live', critical[0]!, account, now));
    expect(byId.get(critical[0]!.id)).toMatchObject({ state: 'skipped', reason: { code: 'critical-missing', params: { items } } });
    expect(byId.get(selling.id)).toMatchObject({ state: 'skipped', reason: { code: 'same-status', params: { status: 'selling' } } });
    expect(worded(byId.get(selling.id)).reason).toBe('The job is already Selling.');
    expect(worded(byId.get('no-such-job'))).toMatchObject({ state: 'skipped', reason: expect.stringMatching(/not found in the cache/i) });
    expect(byId.get(clean[0]!.id)).toMatchObject({ state: 'pending', attempt: 0 });
    // Already journalled, with one key per job.
    const journal = await bg.cache.getBulkEntries(view.id);
    expect(journal.filter((e) => e.state === 'skipped')).toHaveLength(3);
    expect(new Set(journal.map((e) => e.idempotencyKey)).size).toBe(4);

    const withCritical = await engine.start({ jobIds: [critical[1]!.id], target: 'selling', includeCritical: true });
    expect(withCritical.counts.pending).toBe(1);
    await engine.idle();
    expect((await engine.get(withCritical.id))!.counts.done).toBe(1);

    const allSkipped = await engine.start({ jobIds: [selling.id], target: 'selling', includeCritical: false });
    expect(allSkipped).toMatchObject({ state: 'done', counts: { skipped: 1 } });
  });

  it('retries the failed jobs (not the conflicts) and undoes what a bulk changed', async () => {
    await setup(60);
    const engine = engineFor();
    const jobs = await changeable('archived', 6);
    const [c1, c2, c3, f1, f2, x1] = jobs as [Job, Job, Job, Job, Job, Job];
    await control('/faults', { forbidJobIds: [f1.id, f2.id] });
    await control(`/edit/${x1.id}`, { watermark: !x1.watermark });
    const source = await engine.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false });
    await expect(engine.undo(source.id)).rejects.toMatchObject({ code: 'busy' });
    await engine.idle();
    const ran = (await engine.get(source.id))!;
    expect(ran.counts).toMatchObject({ done: 3, failed: 2, conflict: 1 });

    await control('/faults', { forbidJobIds: [] });
    const retry = await engine.retry(source.id);
    expect(retry.origin).toEqual({ kind: 'retry', bulkId: source.id });
    expect(retry.results.map((r) => r.jobId).sort()).toEqual([f1.id, f2.id].sort());
    await engine.idle();
    expect((await engine.get(retry.id))!.counts.done).toBe(2);
    await expect(engine.retry(retry.id)).rejects.toBeInstanceOf(HandlerError);

    // Someone moves c3 on meanwhile: undo leaves it alone.
    await control(`/edit/${c3.id}`, { status: 'planning' });
    await bg.app.sync();
    const undo = await engine.undo(source.id);
    expect(undo.origin).toEqual({ kind: 'undo', bulkId: source.id });
    const byId = new Map(undo.results.map((r) => [r.jobId, r]));
    expect(undo.total).toBe(3);
    expect(byId.get(c1.id)).toMatchObject({ state: 'pending', from: 'archived', to: c1.status });
    expect(byId.get(c2.id)).toMatchObject({ state: 'pending', from: 'archived', to: c2.status });
    expect(worded(byId.get(c3.id))).toMatchObject({ state: 'skipped', reason: expect.stringMatching(/now planning/i) });
    await engine.idle();
    expect((await engine.get(undo.id))!.counts.done).toBe(2);
    const server = new Map((await bg.serverJobs()).map((j) => [j.id, j]));
    expect(server.get(c1.id)?.status).toBe(c1.status);
    expect(server.get(c2.id)?.status).toBe(c2.status);
    await expectCacheEqualsServer();
  });

  it('throttles progress broadcasts and batches cache notifications', async () => {
    await setup(200, { latencyMs: 5 });
    const engine = engineFor();
    const jobs = await changeable('archived', 100);
    bg.broadcasts.length = 0;
    const started = Date.now();
    const view = await engine.start({ jobIds: jobs.map((j) => j.id), target: 'archived', includeCritical: false });
    await engine.idle();
    const elapsed = Date.now() - started;
    const progress = bg.broadcasts.filter((e) => e.event === 'bulkProgress');
    const changed = bg.broadcasts.filter((e) => e.event === 'jobsChanged');
    // ~10 a second, plus one per state change.
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 6);
    expect(progress.at(-1)).toMatchObject({ bulk: { id: view.id, state: 'done', counts: { done: 100 } } });
    expect(changed.length).toBeLessThan(20);
    expect(new Set(changed.flatMap((e) => (e.event === 'jobsChanged' ? (e.jobIds ?? []) : [])))).toEqual(new Set(jobs.map((j) => j.id)));
  });

  it('answers getBulk with the latest bulk, or null, and refuses unknown ids', async () => {
    await setup(20);
    const engine = engineFor();
    expect(await engine.get()).toBeNull();
    expect(await engine.get('nope')).toBeNull();
    await expect(engine.cancel('nope')).rejects.toMatchObject({ code: 'not-found' });
    const [job] = await changeable('archived', 1);
    const view = await engine.start({ jobIds: [job!.id], target: 'archived', includeCritical: false });
    await engine.idle();
    expect(await engine.get()).toMatchObject({ id: view.id, state: 'done', total: 1 });
    const spy = vi.spyOn(console, 'error');
    expect(spy).not.toHaveBeenCalled();
  });
});

/** A result as the popup shows it: its reason in (English) words. */
function worded<T extends { reason: BulkView['results'][number]['reason'] }>(result: T | undefined): Omit<T, 'reason'> & { reason: string | null } {
  if (!result) throw new Error('no such result');
  return { ...result, reason: result.reason === null ? null : reasonText(result.reason) };
}

/** The sandbox's API, except that the first status change of `jobId` runs `first` instead (given the real call). */
function failingOnce(jobId: string, first: (apply: () => Promise<Job>) => Promise<Job>): (origin: string) => AdminApi {
  let pending = true;
  return (origin) => {
    const real = bg.api(origin);
    return {
      ...real,
      setStatus(id, body, opts) {
        if (id !== jobId || !pending) return real.setStatus(id, body, opts);
        pending = false;
        return first(() => real.setStatus(id, body, opts));
      },
    };
  };
}
