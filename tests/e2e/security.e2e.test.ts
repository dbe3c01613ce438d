/**
 * The sender policy, tried for real in Chromium (DESIGN §5): who can make the extension act.
 *
 * Method. Each message leaves from the genuine context it claims to be: a web page on another
 * origin, the popup and options pages (chrome-extension:// pages sending through
 * chrome.runtime), and the content script's own isolated world in a real admin tab, reached
 * through the DevTools protocol (Runtime.evaluate in the execution context Chromium created for
 * the content script). The background therefore sees the sender fields the browser fills in
 * (tab, frame, origin, URL) — which no page can forge — and the test judges the result on the sandbox
 * server, the source of truth, not on the extension's own answer alone.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, MESSAGE_TYPES, type MessageType, type RequestOf, type ResponseEnvelope } from '../../lib/messaging/protocol';
import { launchE2E, type E2E } from './harness';
import { contentScriptWorld, extensionPage, sandboxJob, sandboxJobs, syncNow, waitForContentScript, type SandboxJob, type Sender } from './security-helpers';

let e2e: E2E;
let foreign: Server;
let foreignUrl: string;
let jobs: SandboxJob[];

beforeAll(async () => {
  e2e = await launchE2E();
  await syncNow(e2e);
  jobs = (await sandboxJobs(e2e)).filter((job) => job.status === 'planning');
  if (jobs.length < 6) throw new Error('the sandbox seed has too few planning jobs');

  // Another origin: 127.0.0.2 is loopback too, but not an origin the extension knows (its
  // sandbox host permissions cover 127.0.0.1 and localhost only).
  foreign = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('frame');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>Elsewhere</title><h1>Another site</h1>${target ? `<iframe src="${target}" width="800" height="600"></iframe>` : ''}`);
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.2', resolve));
  foreignUrl = `http://127.0.0.2:${(foreign.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await e2e?.close();
  foreign?.closeAllConnections();
  await new Promise<void>((resolve) => (foreign ? foreign.close(() => resolve()) : resolve()));
});

async function snapshot(): Promise<Record<string, string>> {
  return Object.fromEntries((await sandboxJobs(e2e)).map((job) => [job.id, `${job.status}@${job.version}`]));
}

async function storedSettings(): Promise<unknown> {
  const worker = await e2e.serviceWorker();
  return worker.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } } }).chrome;
    return (await chrome.storage.local.get('settings')).settings;
  });
}

const refused = (answer: ResponseEnvelope) => !answer.ok && answer.error.code === 'sender-refused';

describe('a page on another origin', () => {
  it('has no way to reach the extension, and nothing changes', async () => {
    const before = await snapshot();
    const settingsBefore = await storedSettings();
    const page = await e2e.context.newPage();
    await page.goto(foreignUrl);
    const victim = jobs[0]!;
    const attempt = await page.evaluate(
      async ({ extensionId, message }) => {
        const chrome = (globalThis as unknown as { chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => Promise<unknown> } } }).chrome;
        const visible = typeof chrome?.runtime?.sendMessage;
        let error: string | null = null;
        try {
          await chrome!.runtime!.sendMessage!(extensionId, message);
        } catch (e) {
          error = String(e);
        }
        // Nothing in the extension listens to window messages either.
        window.postMessage(message, '*');
        return { visible, error };
      },
      {
        extensionId: e2e.extensionId,
        message: { channel: CHANNEL, type: 'setJobStatus', payload: { jobId: victim.id, to: 'archived', expectedVersion: victim.version } },
      },
    );
    // No externally_connectable: Chromium gives web pages no runtime API for this extension.
    expect(attempt.visible).toBe('undefined');
    expect(attempt.error).toMatch(/TypeError/);
    await page.waitForTimeout(500);
    expect(await snapshot()).toEqual(before);
    expect(await storedSettings()).toEqual(settingsBefore);
    await page.close();
  });

  it('framing the admin page gets no content script inside the frame', async () => {
    const victim = jobs[0]!;
    const page = await e2e.context.newPage();
    await page.goto(`${foreignUrl}?frame=${encodeURIComponent(`${e2e.sandbox.url}/jobs/${victim.id}/settings`)}`);
    const frame = page.frames().find((f) => f.url().startsWith(e2e.sandbox.url));
    expect(frame).toBeDefined();
    await frame!.waitForLoadState('load');
    await page.waitForTimeout(1000);
    // The content script runs in top frames only (the policy also refuses frameId ≠ 0).
    expect(await frame!.evaluate(() => document.documentElement.dataset.jobStatusCompanion ?? null)).toBeNull();
    await page.close();
  });

  it("the admin page's own scripts (main world) cannot reach the extension either", async () => {
    await e2e.page.goto(`${e2e.sandbox.url}/jobs`);
    await waitForContentScript(e2e.page, 'new:overview');
    expect(await e2e.page.evaluate(() => typeof (globalThis as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage)).toBe('undefined');
  });
});

describe('the admin page (its content script)', () => {
  let own: SandboxJob;
  let other: SandboxJob;
  let world: Sender;

  beforeAll(async () => {
    [own, other] = [jobs[1]!, jobs[2]!];
    await e2e.page.goto(`${e2e.sandbox.url}/jobs/${own.id}/settings`);
    await waitForContentScript(e2e.page, `new:settings:${own.id}`);
    world = await contentScriptWorld(e2e, e2e.page);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('cannot change another job than its own', async () => {
    const before = await sandboxJob(e2e, other.id);
    const answer = await world.send('setJobStatus', { jobId: other.id, to: 'archived', expectedVersion: before.version });
    expect(refused(answer)).toBe(true);
    expect(await sandboxJob(e2e, other.id)).toEqual(before);
  });

  it('cannot read another job either', async () => {
    expect(refused(await world.send('getJob', { jobId: other.id }))).toBe(true);
  });

  it('cannot start a bulk, change settings or clear the cache', async () => {
    const settingsBefore = await storedSettings();
    expect(refused(await world.send('startBulk', { jobIds: [other.id], target: 'archived', includeCritical: true }))).toBe(true);
    expect(refused(await world.send('setSettings', { adminOrigin: 'https://evil.example.com', customOrigins: ['https://evil.example.com'] }))).toBe(true);
    expect(refused(await world.send('clearCache', { scope: 'all' }))).toBe(true);
    expect(refused(await world.send('getJobs', {}))).toBe(true);
    expect(await storedSettings()).toEqual(settingsBefore);
    expect((await sandboxJob(e2e, other.id)).status).toBe('planning');
  });

  it('can change its own job (the same path works, so the refusals above are the policy)', async () => {
    const answer = await world.send('setJobStatus', { jobId: own.id, to: 'archived', expectedVersion: own.version });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    await expect.poll(async () => (await sandboxJob(e2e, own.id)).status).toBe('archived');
  });

  it('on the overview, may read badge summaries but change no job', async () => {
    await e2e.page.goto(`${e2e.sandbox.url}/jobs`);
    await waitForContentScript(e2e.page, 'new:overview');
    const overview = await contentScriptWorld(e2e, e2e.page);
    try {
      const summaries = await overview.send('getJobSummaries', { jobIds: [other.id] });
      expect(summaries.ok).toBe(true);
      const before = await sandboxJob(e2e, other.id);
      expect(refused(await overview.send('setJobStatus', { jobId: other.id, to: 'archived', expectedVersion: before.version }))).toBe(true);
      expect(await sandboxJob(e2e, other.id)).toEqual(before);
    } finally {
      await overview.close();
    }
  });
});

describe('bulk changes', () => {
  it('are refused from the options page', async () => {
    const target = jobs[3]!;
    const options = await extensionPage(e2e, 'options.html');
    try {
      for (const type of ['previewBulk', 'startBulk'] as const) {
        const payload = type === 'startBulk' ? { jobIds: [target.id], target: 'archived' as const, includeCritical: true } : { jobIds: [target.id], target: 'archived' as const };
        const answer = await options.send(type, payload as RequestOf<typeof type>);
        expect(refused(answer), `${type}: ${JSON.stringify(answer)}`).toBe(true);
      }
      await options.page.waitForTimeout(500);
      expect((await sandboxJob(e2e, target.id)).status).toBe('planning');
    } finally {
      await options.close();
    }
  });

  it('are carried out from the popup', async () => {
    const target = jobs[3]!;
    const popup = await extensionPage(e2e, 'popup.html');
    try {
      const answer = await popup.send('startBulk', { jobIds: [target.id], target: 'archived', includeCritical: true });
      expect(answer.ok, JSON.stringify(answer)).toBe(true);
      await expect.poll(async () => (await sandboxJob(e2e, target.id)).status, { timeout: 30_000 }).toBe('archived');
    } finally {
      await popup.close();
    }
  });
});

describe('no credentials or tokens are kept', () => {
  it('after a sync, a status change and a bulk, no storage holds the session id, the CSRF token or a password', async () => {
    // The secrets as the admin site knows them.
    const sid = (await e2e.context.cookies(e2e.sandbox.url)).find((cookie) => cookie.name === 'sid')?.value;
    expect(sid).toBeTruthy();
    await e2e.page.goto(`${e2e.sandbox.url}/jobs`);
    const csrf = await e2e.page.evaluate(async () => ((await (await fetch('/api/v1/session')).json()) as { csrfToken: string }).csrfToken);
    expect(csrf).toBeTruthy();

    const worker = await e2e.serviceWorker();
    const dump = await worker.evaluate(async () => {
      type Area = { get(keys: null): Promise<Record<string, unknown>> };
      const chrome = (globalThis as unknown as { chrome: { storage: { local: Area; session: Area; sync: Area } } }).chrome;
      const out: Record<string, unknown> = {
        local: await chrome.storage.local.get(null),
        session: await chrome.storage.session.get(null),
        sync: await chrome.storage.sync.get(null).catch(() => ({})),
      };
      for (const info of await indexedDB.databases()) {
        if (!info.name) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(info.name!);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const stores: Record<string, unknown[]> = {};
        for (const name of [...db.objectStoreNames]) {
          stores[name] = await new Promise<unknown[]>((resolve, reject) => {
            const request = db.transaction(name).objectStore(name).getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
        }
        db.close();
        out[`indexedDB:${info.name}`] = stores;
      }
      return out;
    });
    const text = JSON.stringify(dump);
    // The dump is real: it holds the synced jobs.
    expect(text).toContain(jobs[0]!.id);
    expect(Object.keys(dump).some((key) => key.startsWith('indexedDB:'))).toBe(true);
    expect(text).not.toContain(sid!);
    expect(text).not.toContain(csrf);
    expect(text).not.toMatch(/csrf|password|passwd|"sid"|cookie|secret/i);
  });
});

describe('the whole matrix: every message type from every context', () => {
  /** Whether each context may send each type (DESIGN §4), written out here, not read from the code under test. */
  const ALLOWED: Record<MessageType, { popup: boolean; options: boolean; ownJobPage: boolean; overviewPage: boolean }> = {
    getJobs: { popup: true, options: true, ownJobPage: false, overviewPage: false },
    getJob: { popup: true, options: true, ownJobPage: true, overviewPage: false },
    getJobSummaries: { popup: true, options: true, ownJobPage: false, overviewPage: true },
    getSyncState: { popup: true, options: true, ownJobPage: false, overviewPage: false },
    refresh: { popup: true, options: true, ownJobPage: false, overviewPage: false },
    setJobStatus: { popup: true, options: true, ownJobPage: true, overviewPage: false },
    previewBulk: { popup: true, options: false, ownJobPage: false, overviewPage: false },
    startBulk: { popup: true, options: false, ownJobPage: false, overviewPage: false },
    getBulk: { popup: true, options: false, ownJobPage: false, overviewPage: false },
    cancelBulk: { popup: true, options: false, ownJobPage: false, overviewPage: false },
    retryBulk: { popup: true, options: false, ownJobPage: false, overviewPage: false },
    undoBulk: { popup: true, options: false, ownJobPage: false, overviewPage: false },
    getActivity: { popup: true, options: true, ownJobPage: false, overviewPage: false },
    getSettings: { popup: true, options: true, ownJobPage: false, overviewPage: false },
    setSettings: { popup: true, options: true, ownJobPage: false, overviewPage: false },
    clearCache: { popup: true, options: true, ownJobPage: false, overviewPage: false },
  };

  it('refuses exactly what the policy forbids, and nothing acts on the server', async () => {
    await syncNow(e2e);
    const job = jobs[4]!;
    const fresh = await sandboxJob(e2e, job.id);
    // Valid payloads that pass the schema but change nothing when allowed (same status, unknown bulk…).
    const payloads: { [T in MessageType]: RequestOf<T> } = {
      getJobs: { limit: 1 },
      getJob: { jobId: job.id },
      getJobSummaries: { jobIds: [job.id] },
      getSyncState: {},
      refresh: { ifOlderThanMs: 3_600_000 },
      setJobStatus: { jobId: job.id, to: fresh.status, expectedVersion: fresh.version },
      previewBulk: { jobIds: [job.id], target: 'archived' },
      startBulk: { jobIds: ['no-such-job'], target: 'archived', includeCritical: true },
      getBulk: {},
      cancelBulk: { bulkId: 'no-such-bulk' },
      retryBulk: { bulkId: 'no-such-bulk' },
      undoBulk: { bulkId: 'no-such-bulk' },
      getActivity: { limit: 1 },
      getSettings: {},
      setSettings: {},
      clearCache: { scope: 'account' },
    };
    const before = await snapshot();

    await e2e.page.goto(`${e2e.sandbox.url}/jobs/${job.id}/settings`);
    await waitForContentScript(e2e.page, `new:settings:${job.id}`);
    const ownJobPage = await contentScriptWorld(e2e, e2e.page);
    const overviewTab = await e2e.context.newPage();
    await overviewTab.goto(`${e2e.sandbox.url}/jobs`);
    await waitForContentScript(overviewTab, 'new:overview');
    const overviewPage = await contentScriptWorld(e2e, overviewTab);
    const popup = await extensionPage(e2e, 'popup.html');
    const options = await extensionPage(e2e, 'options.html');
    const senders = { ownJobPage, overviewPage, options, popup };

    const mismatches: string[] = [];
    try {
      // clearCache is last in MESSAGE_TYPES: the cache is needed until then.
      for (const type of MESSAGE_TYPES) {
        for (const [name, sender] of Object.entries(senders) as [keyof typeof senders, Sender][]) {
          const answer = await sender.send(type, payloads[type] as never);
          const allowed = ALLOWED[type][name];
          if (refused(answer) === allowed) mismatches.push(`${type} from ${name}: expected ${allowed ? 'allowed' : 'refused'}, got ${JSON.stringify(answer).slice(0, 200)}`);
        }
      }
    } finally {
      await Promise.all([ownJobPage.close(), overviewPage.close(), popup.close(), options.close(), overviewTab.close()]);
    }
    expect(mismatches).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
