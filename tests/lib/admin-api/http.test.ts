import { describe, expect, it } from 'vitest';
import { AdminApiError, isAdminApiError, isTransient, toErrorInfo } from '../../../lib/admin-api/errors';
import {
  backoffDelay,
  createHttpAdminApi,
  defaultSleep,
  newIdempotencyKey,
  parseRetryAfter,
  type HttpAdminApiConfig,
} from '../../../lib/admin-api/http';
import { createLimiter } from '../../../lib/admin-api/limit';
import { fakeFetch, fakeTime, json, makeJob, makeSession, type Handler } from './fixtures';

const ORIGIN = 'https://admin.example.test';

function setup(handler: Handler, config: Partial<HttpAdminApiConfig> = {}) {
  const fake = fakeFetch(handler);
  const time = fakeTime();
  const api = createHttpAdminApi({
    origin: ORIGIN,
    fetch: fake.fetch,
    backoff: { baseMs: 100, capMs: 250 },
    random: () => 0.5,
    sleep: time.sleep,
    now: time.now,
    ...config,
  });
  return { api, requests: fake.requests, time };
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

/** Routes requests by `METHOD path`; the session route answers unless overridden. */
function routes(table: Record<string, Handler>): Handler {
  return (req) => {
    const key = `${req.method} ${req.url.pathname}`;
    const handler = table[key] ?? (key === 'GET /api/v1/session' ? () => json(makeSession()) : undefined);
    if (!handler) throw new Error(`unexpected ${key}`);
    return handler(req);
  };
}

function sequence(...answers: (() => Response | Promise<Response>)[]): Handler {
  let i = 0;
  return () => {
    const answer = answers[Math.min(i++, answers.length - 1)];
    if (!answer) throw new Error('no answer');
    return answer();
  };
}

const ok = (body: unknown) => () => json(body);
const status = (code: number, body: unknown = { error: 'x' }, headers: Record<string, string> = {}) => () =>
  json(body, code, headers);

describe('requests', () => {
  it('reads the session with the browser cookies and JSON accept header', async () => {
    const { api, requests } = setup(routes({}));
    await expect(api.getSession()).resolves.toEqual(makeSession());
    const [req] = requests;
    expect(req?.url.href).toBe(`${ORIGIN}/api/v1/session`);
    expect(req?.credentials).toBe('include');
    expect(req?.headers.get('accept')).toBe('application/json');
  });

  it('ignores any path or trailing slash on the configured origin', async () => {
    const { api, requests } = setup(routes({}), { origin: `${ORIGIN}/some/page/` });
    await api.getSession();
    expect(requests[0]?.url.href).toBe(`${ORIGIN}/api/v1/session`);
  });

  it('lists jobs with only the parameters given', async () => {
    const page = { jobs: [makeJob()], deletedIds: [], nextCursor: 'n', serverTime: '2026-03-01T00:00:00Z' };
    const { api, requests } = setup(routes({ 'GET /api/v1/jobs': ok(page) }));
    await expect(api.listJobs({ limit: 50, cursor: 'abc', updatedSince: '2026-01-01T00:00:00Z' })).resolves.toEqual(page);
    await api.listJobs({ cursor: null, updatedSince: null });
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({
      limit: '50',
      cursor: 'abc',
      updatedSince: '2026-01-01T00:00:00Z',
    });
    expect(requests[1]!.url.search).toBe('');
    await expect(api.listJobs({ limit: 0 })).rejects.toThrow(RangeError);
  });

  it('gets one job, escaping the id, and insists the answer is that job', async () => {
    const { api, requests } = setup(routes({ 'GET /api/v1/jobs/a%2Fb': ok(makeJob({ id: 'a/b' })) }));
    await expect(api.getJob('a/b')).resolves.toEqual(makeJob({ id: 'a/b' }));
    expect(requests[0]?.url.pathname).toBe('/api/v1/jobs/a%2Fb');

    const other = setup(routes({ 'GET /api/v1/jobs/1': ok(makeJob({ id: '2' })) }), { maxAttempts: 1 });
    const error = await caught(other.api.getJob('1'));
    expect(error.kind).toBe('invalid-response');
    expect(error.path).toBe('id');
  });

  it('sends a status change with CSRF token, idempotency key and JSON body', async () => {
    const changed = makeJob({ status: 'selling', version: 4 });
    const { api, requests } = setup(routes({ 'POST /api/v1/jobs/100123/status': ok(changed) }));
    const result = await api.setStatus('100123', { status: 'selling', expectedVersion: 3 }, { idempotencyKey: 'k-1' });
    expect(result).toEqual(changed);
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'GET /api/v1/session',
      'POST /api/v1/jobs/100123/status',
    ]);
    const post = requests[1]!;
    expect(post.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(post.headers.get('idempotency-key')).toBe('k-1');
    expect(post.headers.get('content-type')).toBe('application/json');
    expect(post.body).toEqual({ status: 'selling', expectedVersion: 3 });
  });

  it('refuses a status change without an idempotency key', async () => {
    const { api, requests } = setup(routes({}));
    // @ts-expect-error the key is required by the type too
    await expect(api.setStatus('1', { status: 'selling', expectedVersion: 1 }, {})).rejects.toThrow(TypeError);
    expect(requests).toHaveLength(0);
  });

  it('patches settings with PATCH and the given fields', async () => {
    const { api, requests } = setup(routes({ 'PATCH /api/v1/jobs/100123': ok(makeJob({ watermark: false })) }));
    await api.patchJob('100123', { expectedVersion: 3, watermark: false, priceList: { id: 'pl-102' } });
    expect(requests[1]?.method).toBe('PATCH');
    expect(requests[1]?.body).toEqual({ expectedVersion: 3, watermark: false, priceList: { id: 'pl-102' } });
    expect(requests[1]?.headers.has('idempotency-key')).toBe(false);
  });

  it('newIdempotencyKey gives distinct UUIDs', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});

describe('retries and backoff', () => {
  it('backoffDelay is full jitter under an exponential ceiling with a cap', () => {
    const b = { baseMs: 100, capMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, b, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, b, () => 0)).toBe(0);
    expect(backoffDelay(3, b, () => 0.5)).toBe(200);
  });

  it('retries a GET on 5xx with jittered exponential waits, then succeeds', async () => {
    const { api, requests, time } = setup(
      routes({ 'GET /api/v1/jobs/1': sequence(status(503), status(502), status(500), ok(makeJob({ id: '1' }))) }),
    );
    await expect(api.getJob('1')).resolves.toMatchObject({ id: '1' });
    expect(requests).toHaveLength(4);
    // random 0.5 × min(250, 100 × 2^(n−1))
    expect(time.sleeps).toEqual([50, 100, 125]);
  });

  it('gives up after maxAttempts with the last server error', async () => {
    const { api, requests, time } = setup(routes({ 'GET /api/v1/jobs/1': status(503) }), { maxAttempts: 3 });
    const error = await caught(api.getJob('1'));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(503);
    expect(requests).toHaveLength(3);
    expect(time.sleeps).toHaveLength(2);
    expect(isTransient(error)).toBe(true);
  });

  it('retries network failures and treats 408 as a timeout', async () => {
    const { api, requests } = setup(
      routes({
        'GET /api/v1/jobs/1': sequence(
          () => Promise.reject(new TypeError('fetch failed')),
          status(408),
          ok(makeJob({ id: '1' })),
        ),
      }),
    );
    await expect(api.getJob('1')).resolves.toMatchObject({ id: '1' });
    expect(requests).toHaveLength(3);

    const down = setup(() => Promise.reject(new TypeError('fetch failed')), { maxAttempts: 2 });
    const error = await caught(down.api.getSession());
    expect(error.kind).toBe('network');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('retry: false makes a single attempt', async () => {
    const { api, requests } = setup(routes({ 'GET /api/v1/jobs/1': status(503) }));
    expect((await caught(api.getJob('1', { retry: false }))).kind).toBe('server');
    expect(requests).toHaveLength(1);
  });

  it('retries a write only when it carries an idempotency key, always with the same key', async () => {
    const flaky = () => routes({ 'PATCH /api/v1/jobs/1': sequence(status(503), ok(makeJob({ id: '1' }))) });

    const withoutKey = setup(flaky());
    expect((await caught(withoutKey.api.patchJob('1', { expectedVersion: 1, watermark: true }))).kind).toBe('server');
    expect(withoutKey.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);

    const withKey = setup(flaky());
    await withKey.api.patchJob('1', { expectedVersion: 1, watermark: true }, { idempotencyKey: 'k-7' });
    const patches = withKey.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.headers.get('idempotency-key'))).toEqual(['k-7', 'k-7']);
  });

  it.each([
    [400, 'server'],
    [401, 'signed-out'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [410, 'server'],
  ] as const)('never retries HTTP %i (%s), not even an idempotent write', async (code, kind) => {
    const { api, requests } = setup(
      routes({ 'GET /api/v1/jobs/1': status(code), 'POST /api/v1/jobs/1/status': status(code) }),
    );
    expect((await caught(api.getJob('1'))).kind).toBe(kind);
    const write = await caught(api.setStatus('1', { status: 'selling', expectedVersion: 1 }, { idempotencyKey: 'k' }));
    expect(write.kind).toBe(kind);
    expect(write.status).toBe(code);
    expect(requests.filter((r) => r.url.pathname.startsWith('/api/v1/jobs'))).toHaveLength(2);
    expect(isTransient(write)).toBe(false);
  });

  it('a 400 keeps the server reason in the message', async () => {
    const { api } = setup(
      routes({ 'GET /api/v1/jobs/1': status(400, { error: 'invalid_body', field: 'status', message: 'must be one of' }) }),
    );
    expect((await caught(api.getJob('1'))).message).toContain('invalid_body: status: must be one of');
  });

  it('409 is a conflict carrying the validated server job, not retried', async () => {
    const current = makeJob({ id: '1', version: 7, status: 'archived' });
    const { api, requests } = setup(
      routes({ 'POST /api/v1/jobs/1/status': status(409, { error: 'version_conflict', job: current, extra: 1 }) }),
    );
    const error = await caught(api.setStatus('1', { status: 'selling', expectedVersion: 6 }, { idempotencyKey: 'k' }));
    expect(error.kind).toBe('conflict');
    expect(error.job).toEqual(current);
    expect(requests).toHaveLength(2);
    expect(toErrorInfo(error)).toEqual({ kind: 'conflict', job: current, message: error.message, status: 409 });
  });

  it('409 with a broken job is an invalid response naming the field', async () => {
    const { api } = setup(
      routes({
        'POST /api/v1/jobs/1/status': status(409, { error: 'version_conflict', job: { ...makeJob({ id: '1' }), version: -1 } }),
      }),
      { maxAttempts: 1 },
    );
    const error = await caught(api.setStatus('1', { status: 'selling', expectedVersion: 6 }, { idempotencyKey: 'k' }));
    expect(error.kind).toBe('invalid-response');
    expect(error.path).toBe('job.version');
  });

  it.each(['transition_not_allowed', 'prepay_not_enabled'] as const)('422 %s is not-allowed with the code', async (code) => {
    const { api, requests } = setup(
      routes({ 'POST /api/v1/jobs/1/status': status(422, { error: code, from: 'selling', to: 'prepay' }) }),
    );
    const error = await caught(api.setStatus('1', { status: 'prepay', expectedVersion: 1 }, { idempotencyKey: 'k' }));
    expect(error.kind).toBe('not-allowed');
    expect(error.detail).toEqual({ kind: 'not-allowed', code, details: { from: 'selling', to: 'prepay' } });
    expect(requests).toHaveLength(2);
    expect(isTransient(error)).toBe(false);
  });

  it('422 on a settings patch carries its own code; an unknown 422 reason is a final server error', async () => {
    const locked = setup(routes({ 'PATCH /api/v1/jobs/1': status(422, { error: 'sales_method_locked', field: 'salesMethod' }) }));
    const error = await caught(locked.api.patchJob('1', { expectedVersion: 1, salesMethod: 'proofing' }, { idempotencyKey: 'k' }));
    expect(error.kind).toBe('not-allowed');
    expect(error.detail).toMatchObject({ kind: 'not-allowed', code: 'sales_method_locked' });

    for (const text of ['{"error":"brand_new_reason","message":"no"}', '{"error":', '[]']) {
      const unknown = setup(routes({ 'PATCH /api/v1/jobs/1': () => new Response(text, { status: 422 }) }));
      const other = await caught(unknown.api.patchJob('1', { expectedVersion: 1, watermark: true }, { idempotencyKey: 'k' }));
      expect(other.kind).toBe('server');
      expect(other.status).toBe(422);
      expect(isTransient(other)).toBe(false);
      expect(unknown.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    }
    const reasoned = setup(routes({ 'PATCH /api/v1/jobs/1': status(422, { error: 'brand_new_reason', message: 'no' }) }));
    expect((await caught(reasoned.api.patchJob('1', { expectedVersion: 1 }))).message).toContain('brand_new_reason: no');
  });

  it('retries malformed and schema-breaking answers, then reports the field', async () => {
    const broken = () => new Response('{"id": "1", "na', { status: 200 });
    const recovering = setup(routes({ 'GET /api/v1/jobs/1': sequence(broken, ok(makeJob({ id: '1' }))) }));
    await expect(recovering.api.getJob('1')).resolves.toMatchObject({ id: '1' });

    const malformed = setup(routes({ 'GET /api/v1/jobs/1': broken }), { maxAttempts: 2 });
    const error = await caught(malformed.api.getJob('1'));
    expect(error.kind).toBe('invalid-response');
    expect(error.path).toBe('(body)');

    const schema = setup(routes({ 'GET /api/v1/jobs/1': ok({ ...makeJob({ id: '1' }), status: 'live' }) }), {
      maxAttempts: 2,
    });
    const schemaError = await caught(schema.api.getJob('1'));
    expect(schemaError.path).toBe('status');
    expect(schemaError.message).toMatch(/^status: /);
    expect(schema.requests).toHaveLength(2);
  });
});

describe('Retry-After', () => {
  it('parses delta-seconds and HTTP dates', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 2 ', now)).toBe(2_000);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    for (const bad of [null, undefined, '', '-1', 'soon', '1e3', 'Mon, 99 Foo 2015']) {
      expect(parseRetryAfter(bad, now)).toBeNull();
    }
  });

  it('waits out Retry-After (seconds) before the next attempt', async () => {
    const { api, time } = setup(
      routes({ 'GET /api/v1/jobs/1': sequence(status(429, {}, { 'Retry-After': '2' }), ok(makeJob({ id: '1' }))) }),
    );
    await api.getJob('1');
    expect(time.sleeps).toEqual([2_000]);
  });

  it('waits out Retry-After given as an HTTP date', async () => {
    const time = fakeTime(Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'));
    const { api } = setup(
      routes({
        'GET /api/v1/jobs/1': sequence(
          status(429, {}, { 'Retry-After': 'Wed, 21 Oct 2015 07:28:03 GMT' }),
          ok(makeJob({ id: '1' })),
        ),
      }),
      { now: time.now, sleep: time.sleep },
    );
    await api.getJob('1');
    expect(time.sleeps).toEqual([3_000]);
  });

  it('a 429 pauses every request of the instance, not just the one that got it', async () => {
    let limited = true;
    const { api, time, requests } = setup((req) => {
      if (req.url.pathname === '/api/v1/jobs/1' && limited) {
        limited = false;
        return json({}, 429, { 'Retry-After': '3' });
      }
      return json(makeJob({ id: req.url.pathname.split('/').pop()! }));
    });
    await api.getJob('1');
    // The clock has advanced past the pause already (fake sleep), so a fresh call goes straight out.
    await api.getJob('2');
    expect(time.sleeps).toEqual([3_000]);
    expect(requests).toHaveLength(3);
  });

  it('exposes retryAfterMs on the error when attempts run out, or at once with retry: false', async () => {
    const { api, requests } = setup(routes({ 'GET /api/v1/jobs/1': status(429, {}, { 'Retry-After': '1' }) }));
    const error = await caught(api.getJob('1'));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(1_000);
    expect(requests).toHaveLength(4);

    const once = setup(routes({ 'GET /api/v1/jobs/1': status(429, {}, { 'Retry-After': '1' }) }));
    const single = await caught(once.api.getJob('1', { retry: false }));
    expect(single.retryAfterMs).toBe(1_000);
    expect(once.requests).toHaveLength(1);
    expect(toErrorInfo(single)).toMatchObject({ kind: 'rate-limited', retryAfterMs: 1_000, status: 429 });
  });

  it('falls back to backoff when there is no Retry-After', async () => {
    const { api, time } = setup(routes({ 'GET /api/v1/jobs/1': status(429) }), { maxAttempts: 2 });
    const error = await caught(api.getJob('1'));
    expect(error.retryAfterMs).toBeNull();
    expect(time.sleeps).toEqual([50]);
  });

  it('does not wait out a Retry-After longer than maxRetryAfterMs, and fails fast until it has passed', async () => {
    const { api, requests, time } = setup(routes({ 'GET /api/v1/jobs/1': status(429, {}, { 'Retry-After': '3600' }) }), {
      maxRetryAfterMs: 20_000,
    });
    const error = await caught(api.getJob('1'));
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);

    time.advance(600_000);
    const fast = await caught(api.getSession());
    expect(fast.kind).toBe('rate-limited');
    expect(fast.retryAfterMs).toBe(3_000_000);
    expect(requests).toHaveLength(1);

    time.advance(3_000_000);
    await expect(api.getSession()).resolves.toEqual(makeSession());
  });
});

describe('timeouts and cancellation', () => {
  const never = () => new Promise<Response>(() => {});
  const untilAborted: Handler = (req) =>
    new Promise((_, reject) => req.signal?.addEventListener('abort', () => reject(req.signal?.reason)));

  it('times out an attempt whose fetch never settles, even if it ignores the signal', async () => {
    const { api } = setup(never, { timeoutMs: 20 });
    const error = await caught(api.getSession({ retry: false }));
    expect(error.kind).toBe('timeout');
    expect(isTransient(error)).toBe(true);
  });

  it('aborts the fetch itself on timeout, then retries', async () => {
    let first = true;
    const seen: AbortSignal[] = [];
    const { api } = setup(
      (req) => {
        seen.push(req.signal!);
        if (first) {
          first = false;
          return untilAborted(req);
        }
        return json(makeSession());
      },
      { timeoutMs: 20 },
    );
    await expect(api.getSession()).resolves.toEqual(makeSession());
    expect(seen[0]?.aborted).toBe(true);
  });

  it('times out a body that stalls after the headers', async () => {
    const stalled = () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"user":')) }), {
        status: 200,
      });
    const { api } = setup(stalled, { timeoutMs: 20, maxAttempts: 2 });
    expect((await caught(api.getSession())).kind).toBe('timeout');
  });

  it('a caller abort during the request rethrows the abort and is not retried', async () => {
    const { api, requests } = setup(untilAborted, { timeoutMs: 5_000 });
    const controller = new AbortController();
    const pending = api.getSession({ signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(1);
    expect(toErrorInfo(await pending.catch((e: unknown) => e))).toEqual({ kind: 'aborted', message: 'Cancelled.' });
  });

  it('a caller abort during backoff stops the retries', async () => {
    const controller = new AbortController();
    const { api, requests } = setup(status(503), {
      sleep: async (_ms, signal) => {
        controller.abort();
        signal?.throwIfAborted();
      },
    });
    await expect(api.getSession({ signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const { api, requests } = setup(routes({}));
    await expect(api.getSession({ signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(0);
  });

  it('the abort reason is passed through as is', async () => {
    const { api } = setup(untilAborted);
    const controller = new AbortController();
    const reason = new Error('user closed the popup');
    const pending = api.getSession({ signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('CSRF token', () => {
  it('is fetched once and reused for later writes', async () => {
    const { api, requests } = setup(routes({ 'POST /api/v1/jobs/1/status': ok(makeJob({ id: '1' })) }));
    await api.setStatus('1', { status: 'selling', expectedVersion: 1 }, { idempotencyKey: 'a' });
    await api.setStatus('1', { status: 'archived', expectedVersion: 2 }, { idempotencyKey: 'b' });
    expect(requests.filter((r) => r.url.pathname === '/api/v1/session')).toHaveLength(1);
  });

  it('comes from getSession when that was called first', async () => {
    const { api, requests } = setup(routes({ 'POST /api/v1/jobs/1/status': ok(makeJob({ id: '1' })) }));
    await api.getSession();
    await api.setStatus('1', { status: 'selling', expectedVersion: 1 }, { idempotencyKey: 'a' });
    expect(requests.map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('concurrent writers share one session fetch', async () => {
    const { api, requests } = setup(routes({ 'POST /api/v1/jobs/1/status': ok(makeJob({ id: '1' })) }));
    await Promise.all(
      ['a', 'b', 'c'].map((key) => api.setStatus('1', { status: 'selling', expectedVersion: 1 }, { idempotencyKey: key })),
    );
    expect(requests.filter((r) => r.url.pathname === '/api/v1/session')).toHaveLength(1);
  });

  it('is re-fetched once on 403 {error: "csrf"} and the write retried with the new token', async () => {
    let sessions = 0;
    const { api, requests } = setup(
      routes({
        'GET /api/v1/session': () => json(makeSession(`csrf-${++sessions}`)),
        'PATCH /api/v1/jobs/1': (req) =>
          req.headers.get('x-csrf-token') === 'csrf-2' ? json(makeJob({ id: '1' })) : json({ error: 'csrf' }, 403),
      }),
    );
    // Not even an idempotency-free write is lost: the stale token means nothing was applied.
    await expect(api.patchJob('1', { expectedVersion: 1, watermark: false })).resolves.toMatchObject({ id: '1' });
    expect(requests.map((r) => `${r.method} ${r.headers.get('x-csrf-token') ?? ''}`)).toEqual([
      'GET ',
      'PATCH csrf-1',
      'GET ',
      'PATCH csrf-2',
    ]);
  });

  it('gives up as forbidden when the fresh token is rejected too', async () => {
    const { api, requests } = setup(routes({ 'POST /api/v1/jobs/1/status': status(403, { error: 'csrf' }) }));
    const error = await caught(api.setStatus('1', { status: 'selling', expectedVersion: 1 }, { idempotencyKey: 'k' }));
    expect(error.kind).toBe('forbidden');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(2);
  });

  it('a failing session fetch fails the write with its error', async () => {
    const { api, requests } = setup(routes({ 'GET /api/v1/session': status(401) }));
    const error = await caught(api.setStatus('1', { status: 'selling', expectedVersion: 1 }, { idempotencyKey: 'k' }));
    expect(error.kind).toBe('signed-out');
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('is forgotten after a 401 and after forgetSession()', async () => {
    let signedIn = true;
    const { api, requests } = setup(
      routes({
        'POST /api/v1/jobs/1/status': () => (signedIn ? json(makeJob({ id: '1' })) : json({ error: 'signed_out' }, 401)),
      }),
    );
    const change = (key: string) => api.setStatus('1', { status: 'selling', expectedVersion: 1 }, { idempotencyKey: key });
    await change('a');
    signedIn = false;
    expect((await caught(change('b'))).kind).toBe('signed-out');
    signedIn = true;
    await change('c');
    api.forgetSession();
    await change('d');
    expect(requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });
});

describe('concurrency limit', () => {
  it('never has more than maxConcurrent requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const { api } = setup(
      async (req) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return json(makeJob({ id: req.url.pathname.split('/').pop()! }));
      },
      { maxConcurrent: 2 },
    );
    const jobs = await Promise.all(Array.from({ length: 9 }, (_, i) => api.getJob(String(i))));
    expect(jobs.map((j) => j.id)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    expect(peak).toBe(2);
  });

  it('the limiter runs in FIFO order and drops waiters whose signal aborts', async () => {
    const limiter = createLimiter(1);
    const order: string[] = [];
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)).then(() => order.push('a')));
    const controller = new AbortController();
    const second = limiter.run(async () => order.push('b'), controller.signal);
    const third = limiter.run(async () => order.push('c'));
    expect(limiter.pending).toBe(2);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(limiter.pending).toBe(1);
    release();
    await Promise.all([first, third]);
    expect(order).toEqual(['a', 'c']);
    expect(limiter.active).toBe(0);
  });

  it('a failing task frees its slot', async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limiter.run(async () => 1)).resolves.toBe(1);
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});

describe('errors', () => {
  it('isTransient follows the kind, and for server errors the status', () => {
    const e = (init: ConstructorParameters<typeof AdminApiError>[0]) => new AdminApiError(init);
    expect(isTransient(e({ kind: 'network' }))).toBe(true);
    expect(isTransient(e({ kind: 'timeout' }))).toBe(true);
    expect(isTransient(e({ kind: 'invalid-response', path: 'x' }))).toBe(true);
    expect(isTransient(e({ kind: 'rate-limited', retryAfterMs: null }))).toBe(true);
    expect(isTransient(e({ kind: 'server', status: 502 }))).toBe(true);
    expect(isTransient(e({ kind: 'server', status: 400 }))).toBe(false);
    expect(isTransient(e({ kind: 'signed-out' }))).toBe(false);
    expect(isTransient(e({ kind: 'forbidden' }))).toBe(false);
    expect(isTransient(e({ kind: 'not-found' }))).toBe(false);
    expect(isTransient(e({ kind: 'conflict', job: makeJob() }))).toBe(false);
    expect(isTransient(e({ kind: 'not-allowed', code: 'prepay_not_enabled', details: {} }))).toBe(false);
    // ErrorInfo that crossed a message boundary works the same.
    expect(isTransient(toErrorInfo(e({ kind: 'server', status: 503 })))).toBe(true);
    expect(isTransient(toErrorInfo(new Error('bug')))).toBe(false);
    expect(isTransient('nonsense')).toBe(false);
  });

  it('toErrorInfo is plain data that survives JSON and structuredClone', () => {
    const errors = [
      new AdminApiError({ kind: 'not-allowed', status: 422, code: 'transition_not_allowed', details: { from: 'a' } }),
      new AdminApiError({ kind: 'server', status: 503 }),
      new AdminApiError({ kind: 'invalid-response', path: 'jobs[3].status', message: 'jobs[3].status: Invalid' }),
      new AdminApiError({ kind: 'network', cause: new TypeError('x') }),
    ];
    for (const error of errors) {
      const info = toErrorInfo(error);
      expect(JSON.parse(JSON.stringify(info))).toEqual(info);
      expect(structuredClone(info)).toEqual(info);
      expect(info.kind).toBe(error.kind);
    }
    expect(toErrorInfo(errors[0])).toEqual({
      kind: 'not-allowed',
      code: 'transition_not_allowed',
      details: { from: 'a' },
      status: 422,
      message: 'not-allowed (HTTP 422)',
    });
    expect(toErrorInfo(errors[1])).toMatchObject({ kind: 'server', status: 503 });
    expect(toErrorInfo(new RangeError('oops'))).toEqual({ kind: 'unexpected', message: 'RangeError: oops' });
    expect(toErrorInfo(undefined)).toEqual({ kind: 'unexpected', message: 'undefined' });
  });

  it('isAdminApiError narrows by kind', () => {
    const error: unknown = new AdminApiError({ kind: 'conflict', status: 409, job: makeJob({ version: 5 }) });
    expect(isAdminApiError(error)).toBe(true);
    expect(isAdminApiError(error, 'not-found')).toBe(false);
    if (isAdminApiError(error, 'conflict')) expect(error.detail.job.version).toBe(5);
    expect(isAdminApiError(new Error('x'))).toBe(false);
  });
});

describe('defaultSleep', () => {
  it('waits, and rejects with the signal’s reason as soon as it aborts', async () => {
    const started = Date.now();
    await defaultSleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const sleeping = defaultSleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    const gone = new AbortController();
    gone.abort(new Error('already'));
    await expect(defaultSleep(10, gone.signal)).rejects.toThrow('already');
  });
});
