import { afterEach, describe, expect, it } from 'vitest';
import { partitionKey } from '../../../lib/cache';
import { applySettingsPatch } from '../../../lib/settings/settings';
import { createTestBackground, type TestBackground } from '../background/helpers';

let bg: TestBackground;
afterEach(async () => {
  await bg?.close();
});

async function cachedJobs(b: TestBackground) {
  const here = await b.app.current();
  return here.partition ? b.cache.getJobs(here.partition) : [];
}

function byId<T extends { id: string }>(jobs: T[]): Map<string, T> {
  return new Map(jobs.map((job) => [job.id, job]));
}

describe('sync against the sandbox', () => {
  it('a full sync caches every job of the signed-in account, in pages of one transaction each', async () => {
    bg = await createTestBackground({ jobs: 1200 });
    const before = bg.cache.transactionCount;
    const view = await bg.app.sync();
    expect(view).toMatchObject({ status: 'ok', jobCount: 1200, account: { name: 'Demo Photography' } });
    const server = await bg.serverJobs();
    expect(byId(await cachedJobs(bg))).toEqual(byId(server));
    // 3 pages of ≤ 500: far fewer transactions than jobs.
    expect(bg.cache.transactionCount - before).toBeLessThan(30);
  });

  it('an incremental sync picks up changes and deletions since the last one', async () => {
    bg = await createTestBackground();
    await bg.app.sync();
    const [first, second] = await bg.serverJobs();
    await fetch(`${bg.sandbox.url}/__sandbox/edit/${first!.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Renamed outside' }) });
    await fetch(`${bg.sandbox.url}/__sandbox/delete/${second!.id}`, { method: 'POST' });
    const view = await bg.app.sync();
    expect(view.status).toBe('ok');
    const cached = byId(await cachedJobs(bg));
    expect(cached.get(first!.id)?.name).toBe('Renamed outside');
    expect(cached.has(second!.id)).toBe(false);
    expect(byId(await cachedJobs(bg))).toEqual(byId(await bg.serverJobs()));
    expect(bg.broadcasts.some((e) => e.event === 'jobsChanged' && e.jobIds?.includes(first!.id))).toBe(true);
  });

  it('signed out (401): state signed-out, the cache is kept, no badge', async () => {
    bg = await createTestBackground();
    await bg.app.sync();
    const count = (await cachedJobs(bg)).length;
    await bg.signIn(null);
    const view = await bg.app.sync();
    expect(view.status).toBe('signed-out');
    expect(await cachedJobs(bg)).toHaveLength(count);
    expect(bg.badges.at(-1)?.text).toBe('');
  });

  it('a different account behind the session gets its own partition and never sees the other jobs', async () => {
    bg = await createTestBackground();
    const demo = await bg.app.sync();
    const demoIds = new Set((await cachedJobs(bg)).map((j) => j.id));
    await bg.signIn('other');
    const view = await bg.app.sync();
    expect(view.account?.name).toBe('Other Studio');
    const otherJobs = await cachedJobs(bg);
    expect(otherJobs.length).toBeGreaterThan(0);
    expect(otherJobs.some((j) => demoIds.has(j.id))).toBe(false);
    const listed = await bg.app.handlers(null as never).getJobs({ limit: 10_000 }, { kind: 'popup' });
    expect(listed.jobs.some((j) => demoIds.has(j.id))).toBe(false);
    // The demo account's jobs are still cached in their own partition.
    expect(await bg.cache.countJobs(partitionKey(bg.sandbox.url, demo.account!.id))).toBe(demoIds.size);
  });

  it('offline: the cache is kept, state offline with the time of the last good sync', async () => {
    bg = await createTestBackground();
    const ok = await bg.app.sync();
    await bg.sandbox.close();
    const view = await bg.app.sync();
    expect(view.status).toBe('offline');
    expect(view.lastSuccessAt).toBe(ok.lastSuccessAt);
    expect(view.lastError?.kind).toMatch(/network|timeout/);
    expect((await cachedJobs(bg)).length).toBe(ok.jobCount);
    expect(bg.badges.at(-1)?.text).toBe('!');
  });

  it('an invalid page is never written: state error naming the field, cache unchanged', async () => {
    bg = await createTestBackground();
    await bg.app.sync();
    const before = byId(await cachedJobs(bg));
    const [job] = await bg.serverJobs();
    await fetch(`${bg.sandbox.url}/__sandbox/edit/${job!.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Changed' }) });
    await bg.faults({ schemaBreakRate: 1 });
    const view = await bg.app.sync();
    expect(view.status).toBe('error');
    expect(view.lastError?.kind).toBe('invalid-response');
    expect(view.lastError).toMatchObject({ reason: { code: 'api', params: { kind: 'invalid-response', path: expect.stringMatching(/\./) } } });
    expect(byId(await cachedJobs(bg))).toEqual(before);
    await bg.faults({ schemaBreakRate: 0 });
    expect((await bg.app.sync()).status).toBe('ok');
    expect(byId(await cachedJobs(bg)).get(job!.id)?.name).toBe('Changed');
  });

  it('a full sync interrupted after a page resumes from its cursor without losing jobs', async () => {
    bg = await createTestBackground({ jobs: 1100 });
    // Fail the second page: the first page and its cursor are already written.
    let calls = 0;
    const api = bg.api(bg.sandbox.url);
    const original = api.listJobs.bind(api);
    api.listJobs = async (params, opts) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('connection reset'), { name: 'TypeError' });
      return original(params, opts);
    };
    expect((await bg.app.sync()).status).not.toBe('ok');
    const partial = (await cachedJobs(bg)).length;
    expect(partial).toBe(500);
    expect((await bg.app.sync()).status).toBe('ok');
    expect(byId(await cachedJobs(bg))).toEqual(byId(await bg.serverJobs()));
  });
});

describe('a sync belongs to one admin origin', () => {
  it('a refresh after the origin changed starts its own sync instead of reporting the old origin’s', async () => {
    bg = await createTestBackground();
    await bg.faults({ latencyMs: 300 });
    const old = bg.app.sync();
    const elsewhere = 'http://127.0.0.1:9';
    bg.settings.current = applySettingsPatch(bg.settings.current, { adminOrigin: elsewhere });
    const fresh = await bg.app.sync();
    expect(fresh.origin).toBe(elsewhere);
    expect(fresh.status).toBe('offline');
    // The old origin's sync still finished for its own origin.
    expect(await old).toMatchObject({ origin: bg.sandbox.url, status: 'ok' });
  });

  it('two refreshes for the same origin still share one sync', async () => {
    bg = await createTestBackground();
    const [a, b] = await Promise.all([bg.app.sync(), bg.app.sync()]);
    expect(a).toEqual(b);
    const stats = (await (await fetch(`${bg.sandbox.url}/__sandbox/stats`)).json()) as { requests: { byRoute: Record<string, number> } };
    expect(stats.requests.byRoute['GET /api/v1/session']).toBe(1);
  });
});
