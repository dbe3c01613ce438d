import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { login } from '../../sandbox/client-helpers';
import type { RunningSandbox } from '../../sandbox/server';
import type { Job } from '../../lib/core/types';
import { client, control, findJob, start, type Client } from './helpers';

interface Page {
  jobs: Job[];
  deletedIds: string[];
  nextCursor: string | null;
  serverTime: string;
}

let sandbox: RunningSandbox;
let url: string;
let demo: Client;
let other: Client;

beforeAll(async () => {
  sandbox = await start({ jobs: 60, seed: 7 });
  url = sandbox.url;
  demo = await client(url);
  other = await client(url, 'other@example.com', 'other');
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.state.reset({ jobs: 60, seed: 7 }));

const sortKey = (j: Job) => [Date.parse(j.updatedAt), j.id] as const;
function isOrdered(jobs: Job[]): boolean {
  return jobs.every((job, i) => {
    if (i === 0) return true;
    const [am, aid] = sortKey(jobs[i - 1] as Job);
    const [bm, bid] = sortKey(job);
    return am < bm || (am === bm && aid < bid);
  });
}

async function allPages(c: Client, query: string, startCursor: string | null = null): Promise<{ jobs: Job[]; pages: Page[] }> {
  const pages: Page[] = [];
  let cursor: string | null = startCursor;
  do {
    const sep = query ? '&' : '';
    const page: Page = await c.json<Page>(`/api/v1/jobs?${query}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return { jobs: pages.flatMap((p) => p.jobs), pages };
}

describe('login and session', () => {
  it('signs in with the form: 302 to /jobs and an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=demo%40example.com&password=demo',
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location') as string, url).pathname).toBe('/jobs');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sid=')) as string;
    expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{20,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });

  it('re-shows the form with an error (401) for a wrong password, and sets no cookie', async () => {
    const res = await fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=demo%40example.com&password=wrong',
      redirect: 'manual',
    });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([]);
    const body = await res.text();
    expect(body).toContain('Wrong email or password.');
    expect(body).toContain('name="password"');
    await expect(login(url, 'demo@example.com', 'nope')).rejects.toThrow(/login failed/);
  });

  it('GET /session is 401 signed_out without a valid session', async () => {
    for (const headers of [{}, { cookie: 'sid=forged' }] as Record<string, string>[]) {
      const res = await fetch(`${url}/api/v1/session`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'signed_out' });
    }
  });

  it('GET /session returns user, account and CSRF token', async () => {
    const body = await demo.json<Record<string, unknown>>('/api/v1/session');
    expect(body).toEqual({
      user: { id: 'u-1001', name: 'Dana Demo', email: 'demo@example.com', role: 'owner' },
      account: { id: 'acc-5001', name: 'Demo Photography', features: { prepay: true }, invoiceSettingsComplete: true },
      csrfToken: demo.csrfToken,
    });
    const o = await other.json<{ account: unknown }>('/api/v1/session');
    expect(o.account).toEqual({ id: 'acc-5002', name: 'Other Studio', features: { prepay: false }, invoiceSettingsComplete: false });
  });

  it('every API route is 401 without a session', async () => {
    const id = findJob(sandbox, () => true).id;
    const calls: [string, string][] = [
      ['GET', '/api/v1/jobs'],
      ['GET', `/api/v1/jobs/${id}`],
      ['POST', `/api/v1/jobs/${id}/status`],
      ['PATCH', `/api/v1/jobs/${id}`],
      ['GET', '/api/v1/nothing-here'],
    ];
    for (const [method, path] of calls) {
      const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('logout ends the session', async () => {
    const c = await client(url);
    const res = await c.fetch(`${url}/logout`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location') as string, url).pathname).toBe('/login');
    expect((await c.req('GET', '/api/v1/session')).status).toBe(401);
  });
});

describe('GET /jobs', () => {
  it('pages through all jobs in (updatedAt, id) order, each exactly once', async () => {
    const { jobs, pages } = await allPages(demo, 'limit=7');
    expect(pages).toHaveLength(Math.ceil(60 / 7));
    expect(pages.slice(0, -1).every((p) => p.jobs.length === 7 && p.nextCursor)).toBe(true);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    expect(jobs).toHaveLength(60);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(60);
    expect(isOrdered(jobs)).toBe(true);
    expect(pages.every((p) => p.deletedIds.length === 0)).toBe(true);
    expect(Number.isNaN(Date.parse(pages[0]?.serverTime as string))).toBe(false);
  });

  it('defaults to 100 per page and allows up to 500', async () => {
    sandbox.state.reset({ jobs: 520, seed: 7 });
    expect((await demo.json<Page>('/api/v1/jobs')).jobs).toHaveLength(100);
    const big = await demo.json<Page>('/api/v1/jobs?limit=500');
    expect(big.jobs).toHaveLength(500);
    expect(big.nextCursor).not.toBeNull();
    const rest = await demo.json<Page>(`/api/v1/jobs?limit=500&cursor=${big.nextCursor}`);
    expect(rest.jobs).toHaveLength(20);
    expect(rest.nextCursor).toBeNull();
  });

  it('answers 400 for bad parameters', async () => {
    for (const q of ['limit=0', 'limit=501', 'limit=abc', 'limit=-1', 'cursor=%%%', 'cursor=bm9wZQ', 'updatedSince=yesterday', 'updatedSince=2026-13-45T00:00:00Z']) {
      const res = await demo.req('GET', `/api/v1/jobs?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_param');
    }
  });

  it('a job changed while paging moves to the end and is not lost', async () => {
    const first = await demo.json<Page>('/api/v1/jobs?limit=10');
    const moved = first.jobs[2] as Job;
    const edited = (await (await control(url, `/edit/${moved.id}`, { name: 'Renamed while paging' })).json()) as Job;
    const rest = await allPages(demo, 'limit=10', first.nextCursor);
    const all = [...first.jobs, ...rest.jobs];
    expect(new Set(all.map((j) => j.id)).size).toBe(60);
    expect(rest.jobs.at(-1)).toEqual(edited);
  });

  it('updatedSince returns exactly the jobs changed after it, and deletedIds on the first page only', async () => {
    const { serverTime } = await demo.json<Page>('/api/v1/jobs?limit=1');
    const [a, b, c] = sandbox.state.accounts.demo.store.all();
    const changed = (await (await demo.setStatus((a as Job).id, (a as Job).status === 'archived' ? 'planning' : 'archived', (a as Job).version)).json()) as Job;
    const edited = (await (await control(url, `/edit/${(b as Job).id}`, {})).json()) as Job;
    expect((await control(url, `/delete/${(c as Job).id}`, {})).status).toBe(200);

    const since = await demo.json<Page>(`/api/v1/jobs?updatedSince=${encodeURIComponent(serverTime)}`);
    expect(since.jobs).toEqual([changed, edited]);
    expect(since.deletedIds).toEqual([(c as Job).id]);
    expect(Date.parse(since.serverTime)).toBeGreaterThanOrEqual(Date.parse(edited.updatedAt));

    // Paged: deletedIds only without a cursor.
    const p1 = await demo.json<Page>(`/api/v1/jobs?limit=1&updatedSince=${encodeURIComponent(serverTime)}`);
    expect(p1.jobs).toEqual([changed]);
    expect(p1.deletedIds).toEqual([(c as Job).id]);
    const p2 = await demo.json<Page>(`/api/v1/jobs?limit=1&updatedSince=${encodeURIComponent(serverTime)}&cursor=${p1.nextCursor}`);
    expect(p2.jobs).toEqual([edited]);
    expect(p2.deletedIds).toEqual([]);
    expect(p2.nextCursor).toBeNull();

    // Nothing after the latest serverTime.
    const after = await demo.json<Page>(`/api/v1/jobs?updatedSince=${encodeURIComponent(since.serverTime)}`);
    expect(after).toMatchObject({ jobs: [], deletedIds: [], nextCursor: null });
    // Without updatedSince there are no deletedIds, and the deleted job is gone.
    const full = await allPages(demo, 'limit=500');
    expect(full.pages[0]?.deletedIds).toEqual([]);
    expect(full.jobs.map((j) => j.id)).not.toContain((c as Job).id);
  });

  it('every change gets a strictly increasing updatedAt, later than the last serverTime', async () => {
    const { serverTime } = await demo.json<Page>('/api/v1/jobs?limit=1');
    let last = Date.parse(serverTime);
    for (const job of sandbox.state.accounts.demo.store.all().slice(0, 5)) {
      const res = await control(url, `/edit/${job.id}`, {});
      const ms = Date.parse(((await res.json()) as Job).updatedAt);
      expect(ms).toBeGreaterThan(last);
      last = ms;
    }
  });
});

describe('GET /jobs/:id', () => {
  it('returns the job with ETag "<version>" and answers If-None-Match with 304', async () => {
    const job = findJob(sandbox, () => true);
    const res = await demo.req('GET', `/api/v1/jobs/${job.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${job.version}"`);
    expect(await res.json()).toEqual(job);

    const same = await demo.req('GET', `/api/v1/jobs/${job.id}`, undefined, { 'if-none-match': `"${job.version}"` });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(`"${job.version}"`);
    const stale = await demo.req('GET', `/api/v1/jobs/${job.id}`, undefined, { 'if-none-match': `"${job.version - 1}"` });
    expect(stale.status).toBe(200);
  });

  it('404 not_found for an unknown id', async () => {
    const res = await demo.req('GET', '/api/v1/jobs/999999999');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found' });
  });
});

describe('POST /jobs/:id/status', () => {
  const planning = () => findJob(sandbox, (j) => j.status === 'planning' && j.salesMethod === 'proofing');

  it('200: applies the change, bumps version and updatedAt', async () => {
    const job = planning();
    const res = await demo.setStatus(job.id, 'selling', job.version);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Job;
    expect(body).toMatchObject({ id: job.id, status: 'selling', version: job.version + 1 });
    expect(Date.parse(body.updatedAt)).toBeGreaterThan(Date.parse(job.updatedAt));
    expect(res.headers.get('etag')).toBe(`"${job.version + 1}"`);
    expect(sandbox.state.accounts.demo.store.get(job.id)).toEqual(body);
    expect(sandbox.state.getStats().statusChanges).toEqual({ [job.id]: 1 });
  });

  it('409 version_conflict with the current job when expectedVersion is stale', async () => {
    const job = planning();
    const res = await demo.setStatus(job.id, 'selling', job.version - 1);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: 'version_conflict', job });
  });

  it('422 transition_not_allowed, with from/to/allowed, for a move outside the table or to the same status', async () => {
    const selling = findJob(sandbox, (j) => j.status === 'selling');
    let res = await demo.setStatus(selling.id, 'prepay', selling.version);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'transition_not_allowed', from: 'selling', to: 'prepay', allowed: ['planning', 'archived'] });
    res = await demo.setStatus(selling.id, 'selling', selling.version);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'transition_not_allowed', from: 'selling', to: 'selling' });
    // A proofing job cannot go to prepay even with the feature on.
    const job = planning();
    res = await demo.setStatus(job.id, 'prepay', job.version);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'transition_not_allowed', reason: 'sales-method-not-prepay' });
    expect(sandbox.state.getStats().statusChanges).toEqual({});
  });

  it('422 prepay_not_enabled when the account lacks the prepay feature', async () => {
    const job = findJob(sandbox, (j) => j.status === 'planning', 'other');
    const res = await other.setStatus(job.id, 'prepay', job.version);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'prepay_not_enabled' });

    const off = await start({ prepay: false, jobs: 20 });
    try {
      const c = await client(off.url);
      const pj = findJob(off, (j) => j.status === 'planning' && j.salesMethod !== 'proofing');
      const r = await c.setStatus(pj.id, 'prepay', pj.version);
      expect(r.status).toBe(422);
      expect(await r.json()).toMatchObject({ error: 'prepay_not_enabled' });
    } finally {
      await off.close();
    }
  });

  it('planning → prepay works for a prepay job on a prepay account', async () => {
    const job = findJob(sandbox, (j) => j.status === 'planning' && j.salesMethod !== 'proofing');
    const res = await demo.setStatus(job.id, 'prepay', job.version);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Job).status).toBe('prepay');
  });

  it('403 csrf without or with a wrong X-CSRF-Token (checked before anything else)', async () => {
    const job = planning();
    for (const headers of [{ 'x-csrf-token': '' }, { 'x-csrf-token': 'wrong' }]) {
      const res = await demo.req('POST', `/api/v1/jobs/${job.id}/status`, { status: 'selling', expectedVersion: job.version }, headers);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'csrf' });
    }
    const unknown = await demo.req('POST', '/api/v1/jobs/999999999/status', { status: 'selling', expectedVersion: 1 }, { 'x-csrf-token': 'wrong' });
    expect(unknown.status).toBe(403);
    // Another session's token is wrong too.
    const res = await demo.req('POST', `/api/v1/jobs/${job.id}/status`, { status: 'selling', expectedVersion: job.version }, { 'x-csrf-token': other.csrfToken });
    expect(res.status).toBe(403);
    expect(sandbox.state.accounts.demo.store.get(job.id)).toEqual(job);
  });

  it('403 forbidden for a job in forbidJobIds', async () => {
    const job = planning();
    await control(url, '/faults', { forbidJobIds: [job.id, '424242'] });
    const res = await demo.setStatus(job.id, 'selling', job.version);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'forbidden' });
    // Forbidden comes before 404.
    expect((await demo.setStatus('424242', 'selling', 1)).status).toBe(403);
    expect(sandbox.state.accounts.demo.store.get(job.id)).toEqual(job);
    expect(sandbox.state.getStats().faultsServed.forbidden).toBe(2);
  });

  it('404 for an unknown job and for another account’s job', async () => {
    const demoJob = planning();
    let res = await other.setStatus(demoJob.id, 'selling', demoJob.version);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found' });
    res = await demo.setStatus('999999999', 'selling', 1);
    expect(res.status).toBe(404);
  });

  it('400 for an invalid body', async () => {
    const job = planning();
    const bodies: unknown[] = [
      { status: 'live', expectedVersion: job.version },
      { status: 'selling' },
      { status: 'selling', expectedVersion: '3' },
      { status: 'selling', expectedVersion: -1 },
      [1, 2],
      'not json{',
    ];
    for (const body of bodies) {
      const res = await demo.req('POST', `/api/v1/jobs/${job.id}/status`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_body');
    }
  });

  it('replays the first answer for the same Idempotency-Key without applying again', async () => {
    const job = planning();
    const first = await demo.setStatus(job.id, 'selling', job.version, 'key-1');
    const firstBody = await first.text();
    expect(first.status).toBe(200);
    const again = await demo.setStatus(job.id, 'selling', job.version, 'key-1');
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(firstBody);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // Even a different (invalid) body replays: replay comes before validation.
    const garbage = await demo.req('POST', `/api/v1/jobs/${job.id}/status`, 'nonsense', { 'idempotency-key': 'key-1' });
    expect(garbage.status).toBe(200);
    expect(await garbage.text()).toBe(firstBody);
    expect(sandbox.state.accounts.demo.store.get(job.id)?.version).toBe(job.version + 1);
    expect(sandbox.state.getStats().statusChanges).toEqual({ [job.id]: 1 });

    // Without a key, the same request is a new one: now a conflict.
    expect((await demo.setStatus(job.id, 'selling', job.version)).status).toBe(409);
  });

  it('stores 409 and 422 answers too, but not 400', async () => {
    const job = planning();
    const conflict = await demo.setStatus(job.id, 'selling', job.version + 5, 'key-409');
    expect(conflict.status).toBe(409);
    const replay = await demo.setStatus(job.id, 'selling', job.version, 'key-409');
    expect(replay.status).toBe(409);
    expect(sandbox.state.accounts.demo.store.get(job.id)).toEqual(job);

    const bad = await demo.req('POST', `/api/v1/jobs/${job.id}/status`, { status: 'nope', expectedVersion: job.version }, { 'idempotency-key': 'key-400' });
    expect(bad.status).toBe(400);
    expect((await demo.setStatus(job.id, 'selling', job.version, 'key-400')).status).toBe(200);
  });

  it('idempotency keys are per account', async () => {
    const demoJob = planning();
    const otherJob = findJob(sandbox, (j) => j.status === 'planning', 'other');
    expect((await demo.setStatus(demoJob.id, 'archived', demoJob.version, 'shared-key')).status).toBe(200);
    const res = await other.setStatus(otherJob.id, 'archived', otherJob.version, 'shared-key');
    expect(res.status).toBe(200);
    expect(((await res.json()) as Job).id).toBe(otherJob.id);
  });
});

describe('PATCH /jobs/:id', () => {
  const patch = (c: Client, id: string, body: unknown, headers?: Record<string, string>) => c.req('PATCH', `/api/v1/jobs/${id}`, body, headers);

  it('200: changes settings fields, bumps version and updatedAt', async () => {
    const job = findJob(sandbox, (j) => j.salesMethod === 'proofing');
    const res = await patch(demo, job.id, {
      expectedVersion: job.version,
      name: '  Neuer Name  ',
      priceList: 'pl-102',
      automatedCampaign: { id: 'ac-201' },
      watermark: !job.watermark,
      archiving: { enabled: true, deadline: '2030-05-05', delayDays: 2 },
      coupon: { enabled: true },
      accessCodes: { total: 40, activated: 40 },
      photos: { uploaded: 12 },
      shootDate: null,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Job;
    expect(body).toMatchObject({
      name: 'Neuer Name',
      priceList: { id: 'pl-102', name: 'Kita Basis' },
      automatedCampaign: { id: 'ac-201', name: 'Standard Schule (E-Mail)' },
      watermark: !job.watermark,
      archiving: { enabled: true, deadline: '2030-05-05', delayDays: 2 },
      coupon: { enabled: true, deadline: job.coupon.deadline },
      accessCodes: { total: 40, activated: 40 },
      photos: { uploaded: 12 },
      shootDate: null,
      status: job.status,
      version: job.version + 1,
    });
    expect(Date.parse(body.updatedAt)).toBeGreaterThan(Date.parse(job.updatedAt));
    expect(sandbox.state.getStats().statusChanges).toEqual({});
  });

  it('400 for unknown, read-only or invalid fields, and for an empty change', async () => {
    const job = findJob(sandbox, () => true);
    const bodies = [
      { expectedVersion: job.version, colour: 'red' },
      { expectedVersion: job.version, version: 99 },
      { expectedVersion: job.version, name: '' },
      { expectedVersion: job.version, priceList: 'pl-999' },
      { expectedVersion: job.version, archiving: { delayDays: 7 } },
      { expectedVersion: job.version, shootDate: '31.12.2026' },
      { expectedVersion: job.version, watermark: 'yes' },
      { expectedVersion: job.version },
      { name: 'x' },
    ];
    for (const body of bodies) {
      const res = await patch(demo, job.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_body' });
    }
    expect(sandbox.state.accounts.demo.store.get(job.id)).toEqual(job);
  });

  it('409 on a stale version, 422 for status, 403 csrf/forbidden, 404', async () => {
    const job = findJob(sandbox, () => true);
    let res = await patch(demo, job.id, { expectedVersion: job.version - 1, watermark: true });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: 'version_conflict', job });

    res = await patch(demo, job.id, { expectedVersion: job.version, status: 'archived' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'status_not_patchable' });

    res = await patch(demo, job.id, { expectedVersion: job.version, watermark: true }, { 'x-csrf-token': 'nope' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'csrf' });

    await control(url, '/faults', { forbidJobIds: [job.id] });
    res = await patch(demo, job.id, { expectedVersion: job.version, watermark: true });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'forbidden' });
    await control(url, '/faults', { forbidJobIds: [] });

    res = await patch(other, job.id, { expectedVersion: job.version, watermark: true });
    expect(res.status).toBe(404);
    expect(sandbox.state.accounts.demo.store.get(job.id)).toEqual(job);
  });

  it('422 prepay_not_enabled for a prepay sales method on an account without prepay', async () => {
    const job = findJob(sandbox, () => true, 'other');
    const res = await patch(other, job.id, { expectedVersion: job.version, salesMethod: 'prepay_plus' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'prepay_not_enabled' });
  });
});

describe('account isolation', () => {
  it('the other account sees only its own jobs, with different ids', async () => {
    const mine = await allPages(other, 'limit=500');
    const demoIds = new Set(sandbox.state.accounts.demo.store.all().map((j) => j.id));
    expect(mine.jobs.length).toBe(sandbox.state.accounts.other.store.size);
    expect(mine.jobs.some((j) => demoIds.has(j.id))).toBe(false);
    const demoJob = findJob(sandbox, () => true);
    const res = await other.req('GET', `/api/v1/jobs/${demoJob.id}`);
    expect(res.status).toBe(404);
    const page = await other.req('GET', `/jobs/${demoJob.id}/settings`);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain(demoJob.name.replace(/&/g, '&amp;').replace(/'/g, '&#39;'));
  });

  it('other’s deletions do not show up in demo’s deletedIds', async () => {
    const { serverTime } = await demo.json<Page>('/api/v1/jobs?limit=1');
    const otherJob = findJob(sandbox, () => true, 'other');
    await control(url, `/delete/${otherJob.id}`, {});
    const since = await demo.json<Page>(`/api/v1/jobs?updatedSince=${encodeURIComponent(serverTime)}`);
    expect(since.deletedIds).toEqual([]);
    const o = await other.json<Page>(`/api/v1/jobs?updatedSince=${encodeURIComponent(serverTime)}`);
    expect(o.deletedIds).toEqual([otherJob.id]);
  });
});

describe('expired sessions (test control)', () => {
  it('ends every session: the API answers 401 and pages send to the login form until the user signs in again', async () => {
    const own = await start({ jobs: 5, seed: 3 });
    try {
      const before = await client(own.url);
      expect((await before.req('GET', '/api/v1/session')).status).toBe(200);
      const res = await control(own.url, '/expire-sessions', {});
      expect(await res.json()).toEqual({ expired: 1 });
      expect((await before.req('GET', '/api/v1/session')).status).toBe(401);
      const page = await before.req('GET', '/jobs');
      expect(await page.text()).toContain('name="password"');
      const again = await client(own.url);
      expect((await again.req('GET', '/api/v1/session')).status).toBe(200);
    } finally {
      await own.close();
    }
  });
});
