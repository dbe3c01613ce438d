import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { login } from '../../sandbox/client-helpers';
import type { RunningSandbox } from '../../sandbox/server';
import { JOB_STATUSES, type Job } from '../../lib/core/types';
import { client, control, findJob, start, type Client } from './helpers';

let sandbox: RunningSandbox;
let url: string;
let demo: Client;

beforeAll(async () => {
  sandbox = await start({ jobs: 40, seed: 11 });
  url = sandbox.url;
  demo = await client(url);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.state.reset({ jobs: 40, seed: 11 }));
afterEach(() => {
  vi.useRealTimers();
});

const planning = () => findJob(sandbox, (j) => j.status === 'planning' && j.salesMethod === 'proofing');
const stored = (id: string) => sandbox.state.accounts.demo.store.get(id) as Job;

describe('rate limit', () => {
  it('429 rate_limited with Retry-After above N requests per second per session; nothing applied', async () => {
    // Freeze the clock mid-second so all requests fall into one window.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-03-03T10:00:00.250Z') });
    await control(url, '/faults', { rateLimit: 3 });
    const job = planning();
    for (let i = 0; i < 3; i++) expect((await demo.req('GET', '/api/v1/session')).status).toBe(200);
    const res = await demo.setStatus(job.id, 'selling', job.version, 'rl-key');
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: 'rate_limited' });
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    expect(stored(job.id)).toEqual(job);

    // Another session has its own budget.
    const second = await client(url);
    expect((await second.req('GET', '/api/v1/session')).status).toBe(200);

    // Next window: allowed again, and the 429 was not stored under the key.
    vi.setSystemTime(new Date('2031-03-03T10:00:01.300Z'));
    const retry = await demo.setStatus(job.id, 'selling', job.version, 'rl-key');
    expect(retry.status).toBe(200);
    expect(sandbox.state.getStats().faultsServed.rateLimited).toBe(1);
    expect(sandbox.state.getStats().statusChanges).toEqual({ [job.id]: 1 });
  });
});

describe('failRate', () => {
  it('answers 500/502/503 before processing: nothing applied, nothing stored', async () => {
    await control(url, '/faults', { failRate: 1 });
    const job = planning();
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const res = await demo.setStatus(job.id, 'selling', job.version, 'fail-key');
      statuses.add(res.status);
      await res.arrayBuffer();
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    expect(stored(job.id)).toEqual(job);
    expect(sandbox.state.getStats().faultsServed.error5xx).toBe(30);

    await control(url, '/faults', { failRate: 0 });
    const ok = await demo.setStatus(job.id, 'selling', job.version, 'fail-key');
    expect(ok.status).toBe(200);
    expect(sandbox.state.getStats().statusChanges).toEqual({ [job.id]: 1 });
  });

  it('the CLI/option failRate applies from the start', async () => {
    const s = await start({ failRate: 1, jobs: 5 });
    try {
      const res = await fetch(`${s.url}/api/v1/session`);
      expect([500, 502, 503]).toContain(res.status);
      // Test controls are never subject to faults.
      expect((await control(s.url, '/stats')).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('hangRate', () => {
  it('applies the change but never answers; a retry with the same key replays the real answer', async () => {
    await control(url, '/faults', { hangRate: 1 });
    const job = planning();
    const ac = new AbortController();
    const pending = demo.fetch(`${url}/api/v1/jobs/${job.id}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': demo.csrfToken, 'idempotency-key': 'hang-key' },
      body: JSON.stringify({ status: 'selling', expectedVersion: job.version }),
      signal: ac.signal,
    });
    // The change is applied although no answer comes; then the client gives up.
    await vi.waitFor(() => expect(stored(job.id).status).toBe('selling'));
    ac.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    expect(sandbox.state.getStats().faultsServed.hang).toBe(1);

    await control(url, '/faults', { hangRate: 0 });
    const retry = await demo.setStatus(job.id, 'selling', job.version, 'hang-key');
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(stored(job.id));
    expect(sandbox.state.getStats().statusChanges).toEqual({ [job.id]: 1 });
  });

  it('close() ends hung requests and open sockets promptly', async () => {
    const s = await start({ jobs: 5 });
    const c = await client(s.url);
    await control(s.url, '/faults', { hangRate: 1 });
    const hung = c.req('GET', '/api/v1/session').then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(() => expect(s.state.getStats().faultsServed.hang).toBe(1));
    await s.close();
    expect(await hung).toBe('failed');
  });
});

describe('real aborts', () => {
  it('a client abort during a hang leaves the server healthy', async () => {
    await control(url, '/faults', { hangRate: 1 });
    const ac = new AbortController();
    const p = demo.fetch(`${url}/api/v1/session`, { signal: ac.signal });
    await vi.waitFor(() => expect(sandbox.state.getStats().faultsServed.hang).toBe(1));
    ac.abort();
    await expect(p).rejects.toThrow();
    await control(url, '/faults', { hangRate: 0 });
    expect((await demo.req('GET', '/api/v1/session')).status).toBe(200);
  });
});

describe('malformed and schema-breaking bodies', () => {
  it('malformedRate: processed, then a 200 whose body is not JSON; the key replays the real answer', async () => {
    await control(url, '/faults', { malformedRate: 1 });
    const job = planning();
    const res = await demo.setStatus(job.id, 'selling', job.version, 'mal-key');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(stored(job.id).status).toBe('selling');

    for (let i = 0; i < 10; i++) {
      const r = await demo.req('GET', `/api/v1/jobs?limit=5`);
      expect(r.status).toBe(200);
      const body = await r.text();
      expect(() => JSON.parse(body)).toThrow();
    }

    await control(url, '/faults', { malformedRate: 0 });
    const retry = await demo.setStatus(job.id, 'selling', job.version, 'mal-key');
    expect(await retry.json()).toEqual(stored(job.id));
    expect(sandbox.state.getStats().statusChanges).toEqual({ [job.id]: 1 });
    expect(sandbox.state.getStats().faultsServed.malformed).toBe(11);
  });

  it('schemaBreakRate: valid JSON that breaks the Job schema (single job and pages)', async () => {
    await control(url, '/faults', { schemaBreakRate: 1 });
    const job = planning();
    const breaks = (j: Record<string, unknown>) =>
      !JOB_STATUSES.includes(j.status as Job['status']) ||
      typeof j.version !== 'number' ||
      typeof j.updatedAt !== 'string' ||
      typeof j.id !== 'string';
    const seen = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const one = (await (await demo.req('GET', `/api/v1/jobs/${job.id}`)).json()) as Record<string, unknown>;
      expect(breaks(one)).toBe(true);
      if (one.status === 'live') seen.add('status');
      if (typeof one.version === 'string') seen.add('version');
      if (!('updatedAt' in one)) seen.add('updatedAt');
      if (typeof one.id === 'number') seen.add('id');
      const page = (await (await demo.req('GET', '/api/v1/jobs?limit=3')).json()) as { jobs: Record<string, unknown>[] };
      expect(breaks(page.jobs[0] as Record<string, unknown>)).toBe(true);
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);

    const res = await demo.setStatus(job.id, 'selling', job.version, 'schema-key');
    expect(breaks((await res.json()) as Record<string, unknown>)).toBe(true);
    expect(stored(job.id).status).toBe('selling');
    await control(url, '/faults', { schemaBreakRate: 0 });
    const retry = await demo.setStatus(job.id, 'selling', job.version, 'schema-key');
    expect(await retry.json()).toEqual(stored(job.id));
    // The session route carries no job and is left intact.
    await control(url, '/faults', { schemaBreakRate: 1 });
    expect(((await demo.json<{ csrfToken: string }>('/api/v1/session')).csrfToken)).toBe(demo.csrfToken);
  });
});

describe('latency', () => {
  it('delays every API answer', async () => {
    await control(url, '/faults', { latencyMs: 60 });
    const t0 = performance.now();
    expect((await demo.req('GET', '/api/v1/session')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(sandbox.state.getStats().faultsServed.latency).toBe(1);
    // Pages are not delayed or counted as faults.
    await demo.req('GET', '/jobs');
    expect(sandbox.state.getStats().faultsServed.latency).toBe(1);
  });
});

describe('fault dice', () => {
  it('are reproducible for a seed', async () => {
    const run = async () => {
      const s = await start({ jobs: 5, seed: 99, failRate: 0.5 });
      try {
        const cookie = await login(s.url, 'demo@example.com', 'demo');
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) {
          const res = await fetch(`${s.url}/api/v1/jobs?limit=1`, { headers: { cookie } });
          statuses.push(res.status);
          await res.arrayBuffer();
        }
        return statuses;
      } finally {
        await s.close();
      }
    };
    const a = await run();
    expect(a.some((s) => s >= 500)).toBe(true);
    expect(a.some((s) => s !== 200 && s < 500)).toBe(false);
    expect(await run()).toEqual(a);
  });
});
