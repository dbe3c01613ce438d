/**
 * Test-only controls under /__sandbox (mounted only with `testControls`): set faults, reset data,
 * make outside edits and deletions, read all jobs and the statistics, expire every session. No session needed; never
 * subject to faults.
 */
import { Hono } from 'hono';
import { ACCOUNT_KEYS, type AccountKey, type Faults, type SandboxState } from './state';
import { parseExternalEdit } from './validate';

const RATE_FIELDS = ['failRate', 'hangRate', 'malformedRate', 'schemaBreakRate'] as const;

export function parseFaults(body: unknown): { ok: true; value: Partial<Faults> } | { ok: false; field: string; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, field: '(body)', message: 'must be a JSON object' };
  }
  const input = body as Record<string, unknown>;
  const out: Partial<Faults> = {};
  for (const [key, value] of Object.entries(input)) {
    if ((RATE_FIELDS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) return { ok: false, field: key, message: 'a number from 0 to 1' };
      out[key as (typeof RATE_FIELDS)[number]] = value;
    } else if (key === 'latencyMs' || key === 'rateLimit') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return { ok: false, field: key, message: 'a number ≥ 0' };
      out[key] = value;
    } else if (key === 'forbidJobIds') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        return { ok: false, field: key, message: 'an array of job ids' };
      }
      out.forbidJobIds = value as string[];
    } else {
      return { ok: false, field: key, message: 'unknown fault' };
    }
  }
  return { ok: true, value: out };
}

async function jsonBody(req: { text(): Promise<string> }): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) return {};
  return JSON.parse(text);
}

export function controlRoutes(state: SandboxState): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });

  app.get('/faults', (c) => c.json(state.getFaults()));

  // Every stored Idempotency-Key answer forgotten, as 24 hours later: a replay is then a new request.
  app.post('/idempotency/expire', (c) => c.json({ expired: state.expireIdempotency() }));

  // The sandbox build of the extension turns this tab into the extension page it names
  // (lib/background/sandbox-pages.ts): how the Firefox e2e opens the popup, which BiDi cannot.
  app.get('/extension-page', (c) => c.html('<!doctype html><title>Opening the extension page…</title><p>Opening the extension page…</p>'));

  app.post('/faults', async (c) => {
    let body: unknown;
    try {
      body = await jsonBody(c.req);
    } catch {
      return c.json({ error: 'invalid_body', field: '(body)', message: 'invalid JSON' }, 400);
    }
    const parsed = parseFaults(body);
    if (!parsed.ok) return c.json({ error: 'invalid_body', field: parsed.field, message: parsed.message }, 400);
    return c.json(state.setFaults(parsed.value));
  });

  app.post('/reset', async (c) => {
    let body: unknown;
    try {
      body = await jsonBody(c.req);
    } catch {
      return c.json({ error: 'invalid_body', field: '(body)', message: 'invalid JSON' }, 400);
    }
    const { jobs, seed } = (body ?? {}) as { jobs?: unknown; seed?: unknown };
    if (jobs !== undefined && !(Number.isSafeInteger(jobs) && (jobs as number) >= 0 && (jobs as number) <= 100_000)) {
      return c.json({ error: 'invalid_body', field: 'jobs', message: 'an integer 0–100000' }, 400);
    }
    if (seed !== undefined && !Number.isSafeInteger(seed)) {
      return c.json({ error: 'invalid_body', field: 'seed', message: 'an integer' }, 400);
    }
    state.reset({ jobs: jobs as number | undefined, seed: seed as number | undefined });
    return c.json({ jobs: state.jobCount, seed: state.seed, faults: state.getFaults() });
  });

  app.post('/edit/:id', async (c) => {
    let body: unknown;
    try {
      body = await jsonBody(c.req);
    } catch {
      return c.json({ error: 'invalid_body', field: '(body)', message: 'invalid JSON' }, 400);
    }
    const parsed = parseExternalEdit(body);
    if (!parsed.ok) return c.json(parsed.error, 400);
    const job = state.externalEdit(c.req.param('id'), parsed.value);
    if (!job) return c.json({ error: 'not_found' }, 404);
    return c.json(job);
  });

  app.post('/delete/:id', (c) => {
    const id = c.req.param('id');
    if (!state.deleteJob(id)) return c.json({ error: 'not_found' }, 404);
    return c.json({ deleted: id });
  });

  app.get('/jobs', (c) => {
    const account = (c.req.query('account') ?? 'demo') as AccountKey;
    if (!ACCOUNT_KEYS.includes(account)) return c.json({ error: 'invalid_param', param: 'account' }, 400);
    const rec = state.accounts[account];
    return c.json({ account: rec.account, jobs: rec.store.all(), deletedIds: rec.store.allDeletedIds() });
  });

  app.get('/stats', (c) => c.json(state.getStats()));

  /** Every session ends, as when the admin site's sessions time out: the next request is answered 401 or sent to the login page. */
  app.post('/expire-sessions', (c) => {
    const expired = state.sessions.size;
    state.sessions.clear();
    return c.json({ expired });
  });

  app.all('*', (c) => c.json({ error: 'not_found' }, 404));
  return app;
}
