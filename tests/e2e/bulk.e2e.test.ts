import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, JobStatus } from '../../lib/core/types';
import type { BulkView, JobsResult, ResponseEnvelope, SyncStateView } from '../../lib/messaging/protocol';
import type { SandboxStats } from '../../sandbox/server';
import { launchE2E, type E2E } from './harness';

/**
 * The bulk engine in the real extension: the popup page asks, the service worker runs the queue
 * against the sandbox over HTTP, and the worker is stopped under it.
 */

let e2e: E2E;
let popup: Page;

beforeAll(async () => {
  e2e = await launchE2E({ jobs: 450, seed: 5 });
  popup = await openPopup();
  // A refresh may join a sync still running for the extension's default origin (the harness has
  // just pointed it at the sandbox), so ask again until the sandbox's jobs are in.
  const synced = await poll(
    async () => {
      await send<SyncStateView>(popup, 'refresh', {});
      return send<SyncStateView>(popup, 'getSyncState', {});
    },
    (view) => view.status === 'ok' && view.jobCount === 450,
    30_000,
    500,
  );
  expect(synced.status).toBe('ok');
});

/** Polls outside a test too (expect.poll may not run in hooks). */
async function poll<T>(read: () => Promise<T>, until: (value: T) => boolean, timeout: number, interval = 200): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

afterAll(async () => {
  await e2e?.close();
});

async function openPopup(): Promise<Page> {
  const page = await e2e.context.newPage();
  await page.goto(e2e.popupUrl);
  return page;
}

/** A message from the popup page, as the popup sends it; a stopped worker is woken by it. */
async function send<T>(page: Page, type: string, payload: unknown): Promise<T> {
  const response = await page.evaluate(
    ([type, payload]) => {
      const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };
      return chrome.runtime.sendMessage({ channel: 'job-status-companion/v1', type, payload });
    },
    [type, payload] as const,
  );
  const envelope = response as ResponseEnvelope | undefined;
  if (!envelope) throw new Error(`${type}: no answer`);
  if (!envelope.ok) throw new Error(`${type}: ${envelope.error.code} ${JSON.stringify(envelope.error.reason)}`);
  return envelope.data as T;
}

/**
 * Counts the extension worker's real stops as CDP reports them (Playwright fires no `close` for a
 * stopped service worker, and keeps listing it).
 */
async function watchWorker(page: Page): Promise<{ stops: number }> {
  const cdp = await e2e.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  const seen = { stops: 0 };
  let last = '';
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (!version.scriptURL.startsWith(`chrome-extension://${e2e.extensionId}/`)) continue;
      if (version.runningStatus === 'stopped' && last !== 'stopped') seen.stops++;
      last = version.runningStatus;
    }
  });
  return seen;
}

/** Reads the journal straight from the extension's IndexedDB (the popup shares the worker's origin). */
async function journalInFlight(page: Page, bulkId: string): Promise<number> {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('job-status-companion');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('bulkEntries').objectStore('bulkEntries').index('byBulkState').count([id, 'in-flight']);
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
    bulkId,
  );
}

async function sandbox<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${e2e.sandbox.url}/__sandbox${path}`, body === undefined ? {} : {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

const serverJobs = async () => (await sandbox<{ jobs: Job[] }>('/jobs?account=demo')).jobs;
const stats = () => sandbox<SandboxStats>('/stats');

async function cachedJobs(page: Page): Promise<Job[]> {
  return (await send<JobsResult>(page, 'getJobs', { limit: 20_000 })).jobs;
}

async function pick(page: Page, count: number, to: JobStatus, exclude: Iterable<string> = []): Promise<string[]> {
  const skip = new Set(exclude);
  // Every status but the target can go to planning or archived (DESIGN.md §2).
  const ids = (await cachedJobs(page)).filter((job) => job.status !== to && !skip.has(job.id)).map((job) => job.id);
  expect(ids.length).toBeGreaterThanOrEqual(count);
  return ids.slice(0, count);
}

async function waitForBulk(page: Page, id: string, until: (view: BulkView) => boolean, timeout = 60_000): Promise<BulkView> {
  const view = await poll(() => send<BulkView | null>(page, 'getBulk', { bulkId: id }), (v) => v !== null && until(v), timeout);
  return view as BulkView;
}

function expectSettled(view: BulkView): void {
  expect(view.counts.pending).toBe(0);
  expect(view.counts['in-flight']).toBe(0);
  for (const result of view.results) {
    if (result.state !== 'done') expect(result.reason, `${result.jobId} ${result.state}`).toBeTruthy();
  }
}

async function expectCacheEqualsServer(page: Page): Promise<void> {
  const cached = new Map((await cachedJobs(page)).map((job) => [job.id, job]));
  const server = await serverJobs();
  const diff = server
    .filter((job) => cached.get(job.id)?.version !== job.version || cached.get(job.id)?.status !== job.status)
    .map((job) => ({ id: job.id, server: [job.status, job.version], cache: [cached.get(job.id)?.status, cached.get(job.id)?.version] }));
  expect(diff).toEqual([]);
  expect(cached.size).toBe(server.length);
}

/** Status changes applied since `before`, per job: the sandbox counts over the whole file. */
async function changesSince(before: SandboxStats): Promise<Map<string, number>> {
  const now = await stats();
  const delta = new Map<string, number>();
  for (const [id, n] of Object.entries(now.statusChanges)) {
    const d = n - (before.statusChanges[id] ?? 0);
    if (d > 0) delta.set(id, d);
  }
  return delta;
}

async function expectNoJobChangedTwice(before: SandboxStats): Promise<Map<string, number>> {
  const delta = await changesSince(before);
  expect([...delta].filter(([, n]) => n > 1)).toEqual([]);
  return delta;
}

describe('the bulk engine in Chromium', () => {
  it('finishes a 300-job bulk while its service worker is stopped three times', async () => {
    const before = await stats();
    await e2e.faults({ latencyMs: 60, failRate: 0.1 });
    const ids = await pick(popup, 300, 'planning');
    const started = Date.now();
    const view = await send<BulkView>(popup, 'startBulk', { jobIds: ids, target: 'planning', includeCritical: false });
    expect(view.total).toBe(300);

    const workers = await watchWorker(popup);
    let stops = 0;
    let seen = 0;
    let orphans = 0;
    while (stops < 3) {
      // Some progress since the last stop (the message also wakes the stopped worker).
      const progressed = await waitForBulk(popup, view.id, (v) => v.counts.done > seen || v.state === 'done', 30_000);
      if (progressed.state === 'done') break;
      seen = progressed.counts.done;
      await e2e.stopServiceWorker();
      await poll(async () => workers.stops, (n) => n > stops, 10_000, 50);
      stops++;
      // What the dead worker had sent and not yet heard back about.
      orphans += await journalInFlight(popup, view.id);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    expect(stops).toBe(3);
    expect(orphans).toBeGreaterThan(0);

    const done = await waitForBulk(popup, view.id, (v) => v.state === 'done', 90_000);
    await e2e.faults({ latencyMs: 0, failRate: 0 });
    expectSettled(done);
    expect(done.counts.done).toBe(300);
    const changed = await expectNoJobChangedTwice(before);
    expect([...changed.keys()].sort()).toEqual([...ids].sort());
    await expectCacheEqualsServer(popup);
    const s = await stats();
    const route = 'POST /api/v1/jobs/:id/status';
    console.info(`[bulk e2e] 300 jobs with 3 worker stops in ${Date.now() - started} ms; ${(s.requests.byRoute[route] ?? 0) - (before.requests.byRoute[route] ?? 0)} status requests`);
  }, 120_000);

  it('reports jobs edited on the admin site during a bulk as conflicts', async () => {
    const before = await stats();
    await e2e.faults({ latencyMs: 40 });
    const first = await pick(popup, 60, 'archived');
    const second = await pick(popup, 10, 'archived', first);
    const a = await send<BulkView>(popup, 'startBulk', { jobIds: first, target: 'archived', includeCritical: false });
    const b = await send<BulkView>(popup, 'startBulk', { jobIds: second, target: 'archived', includeCritical: false });
    // The second bulk is planned and queued; someone edits some of its jobs in the admin meanwhile.
    const edited = second.slice(0, 4);
    for (const id of edited) await sandbox(`/edit/${id}`, { watermark: true, name: `Edited elsewhere ${id}` });

    await waitForBulk(popup, a.id, (v) => v.state === 'done');
    const view = await waitForBulk(popup, b.id, (v) => v.state === 'done');
    await e2e.faults({ latencyMs: 0 });
    expectSettled(view);
    const byId = new Map(view.results.map((r) => [r.jobId, r]));
    for (const id of second) expect(byId.get(id)?.state, id).toBe(edited.includes(id) ? 'conflict' : 'done');
    const server = new Map((await serverJobs()).map((job) => [job.id, job]));
    const cached = new Map((await cachedJobs(popup)).map((job) => [job.id, job]));
    for (const id of edited) {
      expect(server.get(id)?.status).not.toBe('archived');
      expect(cached.get(id)).toMatchObject({ version: server.get(id)?.version, name: `Edited elsewhere ${id}` });
    }
    const changed = await expectNoJobChangedTwice(before);
    expect(edited.filter((id) => changed.has(id))).toEqual([]);
    await expectCacheEqualsServer(popup);
  }, 90_000);

  it('keeps running when the popup is closed', async () => {
    const before = await stats();
    await e2e.faults({ latencyMs: 30 });
    const page = await openPopup();
    const ids = await pick(page, 60, 'planning');
    const view = await send<BulkView>(page, 'startBulk', { jobIds: ids, target: 'planning', includeCritical: false });
    await page.close();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const reopened = await openPopup();
    const done = await waitForBulk(reopened, view.id, (v) => v.state === 'done', 30_000);
    await e2e.faults({ latencyMs: 0 });
    expect(done.counts.done).toBe(60);
    expect((await expectNoJobChangedTwice(before)).size).toBe(60);
    await expectCacheEqualsServer(reopened);
    await reopened.close();
  }, 60_000);
});
