import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import type { Job } from '../../lib/core/types';
import { client, control, start, type Client } from './helpers';

describe('without --test-controls', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, jobs: 5 });
  });
  afterAll(() => sandbox.close());

  it('every /__sandbox route is 404', async () => {
    for (const [method, path] of [
      ['POST', '/faults'],
      ['GET', '/faults'],
      ['POST', '/reset'],
      ['POST', '/edit/1'],
      ['POST', '/delete/1'],
      ['GET', '/jobs?account=demo'],
      ['GET', '/stats'],
    ] as const) {
      const res = await fetch(`${sandbox.url}/__sandbox${path}`, { method, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });
});

describe('with test controls', () => {
  let sandbox: RunningSandbox;
  let url: string;
  let demo: Client;
  beforeAll(async () => {
    sandbox = await start({ jobs: 30, seed: 3, latencyMs: 0 });
    url = sandbox.url;
    demo = await client(url);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.state.reset({ jobs: 30, seed: 3 }));

  it('POST /faults sets any subset and returns the current faults; rejects bad values', async () => {
    let res = await control(url, '/faults', { failRate: 0.25, forbidJobIds: ['1'] });
    expect(await res.json()).toEqual({
      latencyMs: 0,
      failRate: 0.25,
      rateLimit: 0,
      hangRate: 0,
      malformedRate: 0,
      schemaBreakRate: 0,
      forbidJobIds: ['1'],
    });
    res = await control(url, '/faults', { hangRate: 0.1 });
    expect(await res.json()).toMatchObject({ failRate: 0.25, hangRate: 0.1, forbidJobIds: ['1'] });
    for (const bad of [{ failRate: 2 }, { latencyMs: -1 }, { forbidJobIds: [1] }, { teleport: true }]) {
      expect((await control(url, '/faults', bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect(await (await control(url, '/faults')).json()).toMatchObject({ failRate: 0.25 });
  });

  it('POST /reset regenerates the data, clears stats and faults; sessions stay', async () => {
    await control(url, '/faults', { failRate: 1 });
    await control(url, '/edit/' + sandbox.state.accounts.demo.store.all()[0]?.id, {});
    const res = await control(url, '/reset', { jobs: 12, seed: 5 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ jobs: 12, seed: 5 });
    const all = (await (await control(url, '/jobs?account=demo')).json()) as { jobs: Job[] };
    expect(all.jobs).toHaveLength(12);
    const stats = (await (await control(url, '/stats')).json()) as { requests: { total: number } };
    expect(stats.requests.total).toBe(0);
    expect((await demo.req('GET', '/api/v1/session')).status).toBe(200);
    expect((await control(url, '/reset', { jobs: -1 })).status).toBe(400);
  });

  it('POST /edit/:id is an outside edit: fields change, version and updatedAt bump', async () => {
    const job = sandbox.state.accounts.demo.store.all()[0] as Job;
    let res = await control(url, `/edit/${job.id}`, { name: 'Edited elsewhere', archiving: { deadline: '2020-01-01' } });
    const edited = (await res.json()) as Job;
    expect(edited).toMatchObject({ name: 'Edited elsewhere', version: job.version + 1 });
    expect(edited.archiving).toEqual({ ...job.archiving, deadline: '2020-01-01' });
    expect(Date.parse(edited.updatedAt)).toBeGreaterThan(Date.parse(job.updatedAt));

    res = await control(url, `/edit/${job.id}`, {});
    expect(await res.json()).toMatchObject({ name: 'Edited elsewhere', version: job.version + 2 });
    res = await control(url, `/edit/${job.id}`, { status: 'archived' });
    expect(await res.json()).toMatchObject({ status: 'archived', version: job.version + 3 });
    // Outside edits are not API status changes.
    expect(sandbox.state.getStats().statusChanges).toEqual({});

    expect((await control(url, `/edit/${job.id}`, { status: 'live' })).status).toBe(400);
    expect((await control(url, '/edit/999999999', {})).status).toBe(404);
  });

  it('POST /delete/:id removes a job (then 404) and lists it in deletedIds', async () => {
    const job = sandbox.state.accounts.demo.store.all()[3] as Job;
    expect(await (await control(url, `/delete/${job.id}`, {})).json()).toEqual({ deleted: job.id });
    expect((await demo.req('GET', `/api/v1/jobs/${job.id}`)).status).toBe(404);
    const all = (await (await control(url, '/jobs?account=demo')).json()) as { jobs: Job[]; deletedIds: string[] };
    expect(all.jobs.map((j) => j.id)).not.toContain(job.id);
    expect(all.deletedIds).toEqual([job.id]);
    expect((await control(url, `/delete/${job.id}`, {})).status).toBe(404);
  });

  it('GET /jobs?account= lists every job of an account, in (updatedAt, id) order', async () => {
    const demoJobs = (await (await control(url, '/jobs?account=demo')).json()) as { account: { name: string }; jobs: Job[] };
    expect(demoJobs.account.name).toBe('Demo Photography');
    expect(demoJobs.jobs).toEqual(sandbox.state.accounts.demo.store.all());
    const otherJobs = (await (await control(url, '/jobs?account=other')).json()) as { jobs: Job[] };
    expect(otherJobs.jobs).toHaveLength(30);
    expect((await control(url, '/jobs?account=nobody')).status).toBe(400);
  });

  it('GET /stats counts requests by route and applied status changes', async () => {
    const job = sandbox.state.accounts.demo.store.all().find((j) => j.status === 'selling') as Job;
    await demo.req('GET', '/api/v1/jobs?limit=5');
    await demo.req('GET', `/api/v1/jobs/${job.id}`);
    await demo.setStatus(job.id, 'archived', job.version, 'k1');
    await demo.setStatus(job.id, 'archived', job.version, 'k1');
    await demo.req('GET', `/jobs/${job.id}/settings`);
    const stats = (await (await control(url, '/stats')).json()) as {
      requests: { total: number; byRoute: Record<string, number> };
      statusChanges: Record<string, number>;
      faultsServed: Record<string, number>;
    };
    expect(stats.requests.byRoute).toEqual({
      'GET /api/v1/jobs': 1,
      'GET /api/v1/jobs/:id': 1,
      'POST /api/v1/jobs/:id/status': 2,
      'GET /jobs/:id/settings': 1,
    });
    expect(stats.requests.total).toBe(5);
    expect(stats.statusChanges).toEqual({ [job.id]: 1 });
    expect(stats.faultsServed).toEqual({ latency: 0, error5xx: 0, rateLimited: 0, hang: 0, malformed: 0, schemaBreak: 0, forbidden: 0 });
  });
});
