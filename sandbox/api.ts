/**
 * The JSON API of DESIGN.md §3 under /api/v1, with the injected faults (latency, 5xx, 429 with
 * Retry-After, hung requests, malformed and schema-breaking bodies, forbidden jobs).
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { allowedTransitions, transitionRefusal } from '../lib/core/transitions';
import type { Job } from '../lib/core/types';
import type { AccountRecord, FaultDice, SandboxState, SessionRecord } from './state';
import { parsePatchBody, parseStatusBody } from './validate';

export type ApiEnv = { Variables: { session: SessionRecord; rec: AccountRecord } };

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 100;
const MAX_IDEMPOTENCY_KEY = 255;

/** What a handler decided, before faults and serialisation. */
interface Answer {
  status: ContentfulStatusCode;
  body: unknown;
  etag?: string;
}

export function etagOf(job: Pick<Job, 'version'>): string {
  return `"${job.version}"`;
}

export function encodeCursor(job: Pick<Job, 'updatedAt' | 'id'>): string {
  return Buffer.from(`${job.updatedAt}|${job.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { ms: number; id: string } | null {
  if (!/^[A-Za-z0-9_-]{1,600}$/.test(cursor)) return null;
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = raw.indexOf('|');
  if (bar < 0) return null;
  const ms = Date.parse(raw.slice(0, bar));
  const id = raw.slice(bar + 1);
  if (Number.isNaN(ms) || !id) return null;
  return { ms, id };
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

function respond(c: Context, answer: Answer, extra: Record<string, string> = {}): Response {
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8', ...extra };
  if (answer.etag) headers.ETag = answer.etag;
  return c.body(JSON.stringify(answer.body), answer.status, headers);
}

export function apiRoutes(state: SandboxState): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  // Faults, session and rate limit, in this order: latency → 429 → 5xx → 401 → the route;
  // then, for a processed request, hang / malformed / schema-breaking answers.
  api.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const faults = state.getFaults();
    const dice = state.rollDice();
    const signal = c.req.raw.signal;
    if (faults.latencyMs > 0) {
      state.countFault('latency');
      await state.sleep(faults.latencyMs, signal);
    }
    const sid = getCookie(c, 'sid');
    const retryAfter = state.rateLimited(sid ? `sid:${sid}` : 'anonymous');
    if (retryAfter !== null) {
      state.countFault('rateLimited');
      return c.json({ error: 'rate_limited' }, 429, { 'Retry-After': String(retryAfter) });
    }
    if (dice.fail < faults.failRate) {
      state.countFault('error5xx');
      return serverError(c, dice);
    }
    const session = state.session(sid);
    if (!session) return c.json({ error: 'signed_out' }, 401);
    c.set('session', session);
    c.set('rec', state.accounts[session.accountKey]);

    await next();

    let threshold = faults.hangRate;
    if (dice.post < threshold) {
      state.countFault('hang');
      await state.hang(signal);
      return;
    }
    if (c.res.status !== 200 || !(c.res.headers.get('content-type') ?? '').includes('json')) return;
    threshold += faults.malformedRate;
    if (dice.post < threshold) {
      state.countFault('malformed');
      const text = await c.res.text();
      c.res = new Response(malformed(text, dice.variant), { status: 200, headers: c.res.headers });
      return;
    }
    threshold += faults.schemaBreakRate;
    if (dice.post < threshold) {
      const text = await c.res.text();
      const broken = breakSchema(text, dice.variant);
      if (broken !== null) state.countFault('schemaBreak');
      c.res = new Response(broken ?? text, { status: 200, headers: c.res.headers });
    }
  });

  api.get('/session', (c) => {
    const { account, user } = c.get('rec');
    return c.json({ user: { ...user }, account: structuredClone(account), csrfToken: c.get('session').csrfToken });
  });

  api.get('/jobs', (c) => {
    const rec = c.get('rec');
    const q = c.req.query();
    let limit = DEFAULT_LIMIT;
    if (q.limit !== undefined) {
      limit = /^\d{1,6}$/.test(q.limit) ? Number(q.limit) : NaN;
      if (!(limit >= 1 && limit <= MAX_LIMIT)) {
        return c.json({ error: 'invalid_param', param: 'limit', message: `1–${MAX_LIMIT}` }, 400);
      }
    }
    let after: { ms: number; id: string } | null = null;
    if (q.cursor !== undefined) {
      after = decodeCursor(q.cursor);
      if (!after) return c.json({ error: 'invalid_param', param: 'cursor', message: 'unknown cursor' }, 400);
    }
    let sinceMs: number | null = null;
    if (q.updatedSince !== undefined) {
      sinceMs = ISO_RE.test(q.updatedSince) ? Date.parse(q.updatedSince) : NaN;
      if (Number.isNaN(sinceMs)) {
        return c.json({ error: 'invalid_param', param: 'updatedSince', message: 'ISO timestamp expected' }, 400);
      }
    }
    const serverTime = state.serverTime();
    const page = rec.store.page({ after, sinceMs, limit });
    const last = page.jobs[page.jobs.length - 1];
    return c.json({
      jobs: page.jobs,
      deletedIds: after === null && sinceMs !== null ? rec.store.deletedSince(sinceMs) : [],
      nextCursor: page.more && last ? encodeCursor(last) : null,
      serverTime,
    });
  });

  api.get('/jobs/:id', (c) => {
    const job = c.get('rec').store.get(c.req.param('id'));
    if (!job) return c.json({ error: 'not_found' }, 404);
    const etag = etagOf(job);
    const inm = c.req.header('If-None-Match');
    if (inm && inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return c.body(null, 304, { ETag: etag });
    }
    return respond(c, { status: 200, body: job, etag });
  });

  api.post('/jobs/:id/status', (c) => mutate(c, 'status'));
  api.patch('/jobs/:id', (c) => mutate(c, 'patch'));

  api.all('*', (c) => c.json({ error: 'not_found' }, 404));

  /** The shared checks of the mutating routes, in the contract's order. */
  async function mutate(c: Context<ApiEnv>, kind: 'status' | 'patch'): Promise<Response> {
    const session = c.get('session');
    const rec = c.get('rec');
    if (c.req.header('X-CSRF-Token') !== session.csrfToken) return c.json({ error: 'csrf' }, 403);
    const id = c.req.param('id') ?? '';
    if (state.faults.forbidJobIds.includes(id)) {
      state.countFault('forbidden');
      return c.json({ error: 'forbidden' }, 403);
    }
    const job = rec.store.get(id);
    if (!job) return c.json({ error: 'not_found' }, 404);

    const key = c.req.header('Idempotency-Key');
    if (key !== undefined) {
      if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY) {
        return c.json({ error: 'invalid_body', field: 'Idempotency-Key', message: `1–${MAX_IDEMPOTENCY_KEY} characters` }, 400);
      }
      const stored = state.storedAnswer(rec.key, key);
      if (stored) {
        const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8', 'Idempotent-Replayed': 'true' };
        if (stored.etag) headers.ETag = stored.etag;
        return c.body(stored.body, stored.status as ContentfulStatusCode, headers);
      }
    }

    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json({ error: 'invalid_body', field: '(body)', message: 'invalid JSON' }, 400);
    }
    const answer = kind === 'status' ? changeStatus(rec, job, body) : patchJob(rec, job, body);
    if (key !== undefined && (answer.status === 200 || answer.status === 409 || answer.status === 422)) {
      state.storeAnswer(rec.key, key, { status: answer.status, body: JSON.stringify(answer.body), etag: answer.etag ?? null });
    }
    return respond(c, answer);
  }

  function changeStatus(rec: AccountRecord, job: Job, raw: unknown): Answer {
    const parsed = parseStatusBody(raw);
    if (!parsed.ok) return { status: 400, body: parsed.error };
    const { status: to, expectedVersion } = parsed.value;
    if (expectedVersion !== job.version) return { status: 409, body: { error: 'version_conflict', job } };
    if (to === 'prepay' && !rec.account.features.prepay) {
      return { status: 422, body: { error: 'prepay_not_enabled', from: job.status, to } };
    }
    const refusal = transitionRefusal(job, rec.account, to);
    if (refusal) {
      return {
        status: 422,
        body: {
          error: 'transition_not_allowed',
          from: job.status,
          to,
          allowed: allowedTransitions(job, rec.account),
          reason: refusal.code,
        },
      };
    }
    const updated = state.setStatus(rec, job.id, to) as Job;
    return { status: 200, body: updated, etag: etagOf(updated) };
  }

  function patchJob(rec: AccountRecord, job: Job, raw: unknown): Answer {
    const parsed = parsePatchBody(raw);
    if (!parsed.ok) return { status: 400, body: parsed.error };
    const patch = parsed.value;
    if (patch.expectedVersion !== job.version) return { status: 409, body: { error: 'version_conflict', job } };
    if (patch.triesStatus) {
      return {
        status: 422,
        body: { error: 'status_not_patchable', message: 'Change the status with POST /api/v1/jobs/:id/status.' },
      };
    }
    if (patch.salesMethod && patch.salesMethod !== 'proofing' && !rec.account.features.prepay) {
      return { status: 422, body: { error: 'prepay_not_enabled', field: 'salesMethod' } };
    }
    if (patch.salesMethod === 'proofing' && job.status === 'prepay') {
      return {
        status: 422,
        body: { error: 'sales_method_locked', field: 'salesMethod', message: 'Move the job out of Prepay first.' },
      };
    }
    const updated = state.updateJob(rec, job.id, patch.apply) as Job;
    return { status: 200, body: updated, etag: etagOf(updated) };
  }

  return api;
}

function serverError(c: Context, dice: FaultDice): Response {
  if (dice.failKind < 1 / 3) return c.json({ error: 'internal_error' }, 500);
  if (dice.failKind < 2 / 3) {
    return c.body(
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
      502,
      { 'Content-Type': 'text/html' },
    );
  }
  return c.json({ error: 'unavailable' }, 503, { 'Retry-After': '1' });
}

/** Broken JSON: a truncated body (mid-string) or a body with a stray prefix. */
export function malformed(text: string, variant: number): string {
  if (variant < 0.5 || text.length < 4) {
    // Cut inside the first string value after the halfway point.
    const half = Math.max(1, Math.floor(text.length / 2));
    const quote = text.indexOf('"', half);
    const cut = text.slice(0, quote > 0 ? quote + 2 : half);
    return cut.length < text.length ? cut : text.slice(0, half);
  }
  return `)]}',\n${text.slice(0, -1)}`;
}

/** Valid JSON that breaks the Job schema (in the first job of a page, or the job itself); null when the body holds no job. */
export function breakSchema(text: string, variant: number): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const target = findJob(body);
  if (!target) return null;
  const v = Math.floor(variant * 4);
  if (v === 0) target.status = 'live';
  else if (v === 1) target.version = String(target.version);
  else if (v === 2) delete target.updatedAt;
  else target.id = Number(target.id);
  return JSON.stringify(body);
}

function findJob(body: unknown): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const rec = body as Record<string, unknown>;
  if (Array.isArray(rec.jobs)) {
    const first = rec.jobs[0];
    return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : null;
  }
  if ('id' in rec && 'version' in rec && 'status' in rec) return rec;
  return null;
}
