import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AdminApiError } from '../../../lib/admin-api/errors';
import { createHttpAdminApi, newIdempotencyKey, type HttpAdminApiConfig } from '../../../lib/admin-api/http';
import type { Job } from '../../../lib/core/types';
import { login, sessionFetch } from '../../../sandbox/client-helpers';
import { startSandbox, type RunningSandbox, type SandboxStats } from '../../../sandbox/server';

/**
 * The HTTP adapter against the real sandbox, one test per error kind. Backoff is tiny so the retries
 * the faults provoke cost milliseconds, not seconds.
 */

const FAST: Partial<HttpAdminApiConfig> = { backoff: { baseMs: 5, capMs: 20 }, timeoutMs: 3_000 };

let sandbox: RunningSandbox;
let cookie: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, jobs: 80, seed: 11, testControls: true });
  cookie = await login(sandbox.url, 'demo@example.com', 'demo');
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  // Fresh jobs, no faults, no remembered idempotency answers, zeroed statistics; the session stays.
  await control('/reset', {});
});

async function control(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(new URL(`/__sandbox${path}`, sandbox.url), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: HTTP ${res.status}`);
  return res.json();
}

const stats = () => control('/stats') as Promise<SandboxStats>;
const faults = (f: Record<string, unknown>) => control('/faults', f);

function api(config: Partial<HttpAdminApiConfig> = {}) {
  return createHttpAdminApi({ origin: sandbox.url, fetch: sessionFetch(cookie), ...FAST, ...config });
}

async function allJobs(): Promise<Job[]> {
  return ((await control('/jobs')) as { jobs: Job[] }).jobs;
}

async function findJob(predicate: (job: Job) => boolean): Promise<Job> {
  const job = (await allJobs()).find(predicate);
  if (!job) throw new Error('no such job in the seed');
  return job;
}

async function caught(promise: Promise<unknown>): Promise<AdminApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AdminApiError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('admin API against the sandbox', () => {
  it('works end to end without faults: session, pages, one job, a status change', async () => {
    const client = api();
    const session = await client.getSession();
    expect(session.user.email).toBe('demo@example.com');

    const first = await client.listJobs({ limit: 50 });
    expect(first.jobs).toHaveLength(50);
    const second = await client.listJobs({ limit: 50, cursor: first.nextCursor });
    expect(second.jobs).toHaveLength(30);
    expect(second.nextCursor).toBeNull();

    const job = await findJob((j) => j.status === 'planning');
    await expect(client.getJob(job.id)).resolves.toEqual(job);
    const changed = await client.setStatus(job.id, { status: 'archived', expectedVersion: job.version }, {
      idempotencyKey: newIdempotencyKey(),
    });
    expect(changed).toMatchObject({ id: job.id, status: 'archived', version: job.version + 1 });
  });

  it('signed-out: no session cookie is 401', async () => {
    const anonymous = createHttpAdminApi({ origin: sandbox.url, ...FAST });
    const error = await caught(anonymous.getSession());
    expect(error.kind).toBe('signed-out');
    expect(error.status).toBe(401);
    const stale = createHttpAdminApi({ origin: sandbox.url, fetch: sessionFetch('sid=not-a-session'), ...FAST });
    expect((await caught(stale.listJobs({})).then((e) => e.kind))).toBe('signed-out');
  });

  it('forbidden: a job the session may not change, not retried', async () => {
    const job = await findJob((j) => j.status === 'planning');
    await faults({ forbidJobIds: [job.id] });
    const error = await caught(
      api().setStatus(job.id, { status: 'selling', expectedVersion: job.version }, { idempotencyKey: newIdempotencyKey() }),
    );
    expect(error.kind).toBe('forbidden');
    expect((await stats()).requests.byRoute['POST /api/v1/jobs/:id/status']).toBe(1);
  });

  it('not-found: an unknown job, to read or to change', async () => {
    const client = api();
    expect((await caught(client.getJob('does-not-exist'))).kind).toBe('not-found');
    const write = await caught(
      client.setStatus('does-not-exist', { status: 'selling', expectedVersion: 1 }, { idempotencyKey: newIdempotencyKey() }),
    );
    expect(write.kind).toBe('not-found');
    expect((await stats()).requests.byRoute['GET /api/v1/jobs/:id']).toBe(1);
  });

  it('conflict: a job edited elsewhere meanwhile is never overwritten', async () => {
    const job = await findJob((j) => j.status === 'planning');
    await control(`/edit/${job.id}`, { name: 'Renamed in the admin' });
    const error = await caught(
      api().setStatus(job.id, { status: 'selling', expectedVersion: job.version }, { idempotencyKey: newIdempotencyKey() }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.job).toMatchObject({ id: job.id, name: 'Renamed in the admin', version: job.version + 1, status: 'planning' });
    expect((await stats()).statusChanges[job.id]).toBeUndefined();
  });

  it('not-allowed: transition_not_allowed for a move outside the table', async () => {
    const job = await findJob((j) => j.status === 'selling');
    const error = await caught(
      api().setStatus(job.id, { status: 'prepay', expectedVersion: job.version }, { idempotencyKey: newIdempotencyKey() }),
    );
    expect(error.kind).toBe('not-allowed');
    expect(error.detail).toMatchObject({ kind: 'not-allowed', code: 'transition_not_allowed' });
    expect(error.detail).toMatchObject({ details: { from: 'selling', to: 'prepay' } });
  });

  it('not-allowed: prepay_not_enabled on an account without the prepay feature', async () => {
    const noPrepay = await startSandbox({ port: 0, jobs: 20, seed: 3, prepay: false });
    try {
      const client = createHttpAdminApi({
        origin: noPrepay.url,
        fetch: sessionFetch(await login(noPrepay.url, 'demo@example.com', 'demo')),
        ...FAST,
      });
      const page = await client.listJobs({});
      const job = page.jobs.find((j) => j.status === 'planning' && j.salesMethod !== 'proofing');
      if (!job) throw new Error('no planning prepay job in the seed');
      const error = await caught(
        client.setStatus(job.id, { status: 'prepay', expectedVersion: job.version }, { idempotencyKey: newIdempotencyKey() }),
      );
      expect(error.kind).toBe('not-allowed');
      expect(error.detail).toMatchObject({ kind: 'not-allowed', code: 'prepay_not_enabled' });
    } finally {
      await noPrepay.close();
    }
  });

  it('rate-limited: a burst over the limit gets 429 with Retry-After, exposed when not retrying', async () => {
    await faults({ rateLimit: 2 });
    const client = api({ maxConcurrent: 6 });
    const ids = (await allJobs()).slice(0, 6).map((j) => j.id);
    // The sandbox counts in fixed one-second windows; start just after a boundary so the burst fits one.
    await new Promise((r) => setTimeout(r, 1_010 - (Date.now() % 1_000)));
    const results = await Promise.allSettled(ids.map((id) => client.getJob(id, { retry: false })));
    const limited = results.filter(
      (r): r is PromiseRejectedResult => r.status === 'rejected' && (r.reason as AdminApiError).kind === 'rate-limited',
    );
    expect(limited.length).toBeGreaterThanOrEqual(4);
    for (const r of limited) expect((r.reason as AdminApiError).retryAfterMs).toBe(1_000);
  });

  it('rate-limited: with retries the same burst all succeeds by waiting out Retry-After', async () => {
    await faults({ rateLimit: 2 });
    const client = api({ maxConcurrent: 5, maxAttempts: 6 });
    const ids = (await allJobs()).slice(0, 5).map((j) => j.id);
    const jobs = await Promise.all(ids.map((id) => client.getJob(id)));
    expect(jobs.map((j) => j.id)).toEqual(ids);
    expect((await stats()).faultsServed.rateLimited).toBeGreaterThan(0);
  });

  it('server: failRate 1 fails after maxAttempts; failRate 0.5 eventually succeeds', async () => {
    const job = (await allJobs())[0]!;
    await faults({ failRate: 1 });
    const error = await caught(api({ maxAttempts: 3 }).getJob(job.id));
    expect(error.kind).toBe('server');
    expect([500, 502, 503]).toContain(error.status);
    expect((await stats()).requests.byRoute['GET /api/v1/jobs/:id']).toBe(3);

    await faults({ failRate: 0.5 });
    const client = api({ maxAttempts: 12 });
    for (const id of (await allJobs()).slice(0, 5).map((j) => j.id)) {
      await expect(client.getJob(id)).resolves.toMatchObject({ id });
    }
    expect((await stats()).faultsServed.error5xx).toBeGreaterThan(0);
  });

  it('network: nothing listening on the port', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const client = createHttpAdminApi({ origin: `http://127.0.0.1:${port}`, ...FAST, maxAttempts: 2 });
    const error = await caught(client.getSession());
    expect(error.kind).toBe('network');
  });

  it('timeout: a hung request ends as a timeout after the retries', async () => {
    await faults({ hangRate: 1 });
    const error = await caught(api({ timeoutMs: 150, maxAttempts: 2 }).getSession());
    expect(error.kind).toBe('timeout');
    expect((await stats()).requests.byRoute['GET /api/v1/session']).toBe(2);
  });

  it('invalid-response: malformed JSON', async () => {
    await faults({ malformedRate: 1 });
    const job = (await allJobs())[0]!;
    const error = await caught(api({ maxAttempts: 2 }).getJob(job.id));
    expect(error.kind).toBe('invalid-response');
    expect(error.path).toBe('(body)');
  });

  it('invalid-response: schema-breaking JSON names the field, for a job and for a page', async () => {
    await faults({ schemaBreakRate: 1 });
    const job = (await allJobs())[0]!;
    const client = api({ maxAttempts: 1 });
    const single = await caught(client.getJob(job.id));
    expect(single.kind).toBe('invalid-response');
    expect(['status', 'version', 'updatedAt', 'id']).toContain(single.path);
    expect(single.message.startsWith(`${single.path}: `)).toBe(true);

    const page = await caught(client.listJobs({ limit: 10 }));
    expect(page.path).toMatch(/^jobs\[0\]\.(status|version|updatedAt|id)$/);
  });

  it(
    'a status change under hangs and 5xx, retried with one idempotency key, is applied exactly once',
    async () => {
      const jobs = (await allJobs()).filter((j) => j.status === 'planning').slice(0, 4);
      expect(jobs.length).toBe(4);
      await faults({ hangRate: 0.5, failRate: 0.3 });
      let replays = 0;
      const counting: typeof fetch = async (input, init) => {
        const res = await sessionFetch(cookie)(input, init);
        if (res.headers.get('Idempotent-Replayed') === 'true') replays++;
        return res;
      };
      const client = api({ fetch: counting, timeoutMs: 250, maxAttempts: 25 });
      for (const job of jobs) {
        const changed = await client.setStatus(
          job.id,
          { status: 'archived', expectedVersion: job.version },
          { idempotencyKey: newIdempotencyKey() },
        );
        expect(changed).toMatchObject({ id: job.id, status: 'archived', version: job.version + 1 });
      }
      await faults({ hangRate: 0, failRate: 0 });
      const after = await stats();
      for (const job of jobs) {
        expect(after.statusChanges[job.id]).toBe(1);
        await expect(api().getJob(job.id)).resolves.toMatchObject({ status: 'archived', version: job.version + 1 });
      }
      // The faults did happen: at least one change was applied, its answer lost, and the retry replayed.
      expect(after.faultsServed.hang).toBeGreaterThan(0);
      expect(after.faultsServed.error5xx).toBeGreaterThan(0);
      expect(replays).toBeGreaterThan(0);
    },
    60_000,
  );
});
