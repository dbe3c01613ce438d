import type { Job, Session } from '../core/types';
import { AdminApiError, isAdminApiError } from './errors';
import { createLimiter } from './limit';
import { backoffDelay, defaultSleep, parseRetryAfter, raceAbort } from './timing';

export { backoffDelay, defaultSleep, newIdempotencyKey, parseRetryAfter } from './timing';
import type { AdminApi, CallOptions, JobsPage, ListJobsParams } from './port';
import {
  invalidResponse,
  isCsrfError,
  parseConflictBody,
  parseJob,
  parseJobsPage,
  parseNotAllowedBody,
  parseSession,
} from './schemas';

export interface HttpAdminApiConfig {
  /** The admin site's origin, e.g. `https://app.gotphoto.com`; requests go to `${origin}/api/v1/…`. */
  origin: string;
  fetch?: typeof fetch;
  /** Per attempt, including reading the body. Default 15 000. */
  timeoutMs?: number;
  /** Requests in flight at once, across all callers of this instance. Default 4. */
  maxConcurrent?: number;
  /** Attempts per call, the first included. Default 4. */
  maxAttempts?: number;
  /** Full-jitter exponential backoff: attempt n waits random() × min(capMs, baseMs × 2^(n−1)). */
  backoff?: { baseMs: number; capMs: number };
  /**
   * A Retry-After longer than this is not waited out inside the call: the call fails with
   * `rate-limited` at once so the caller can reschedule (a service worker may not live that long).
   * Default 20 000.
   */
  maxRetryAfterMs?: number;
  random?: () => number;
  /** Must reject with `signal.reason` when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export interface HttpAdminApi extends AdminApi {
  /** Forgets the in-memory CSRF token, e.g. after the user signs out or switches account. */
  forgetSession(): void;
}

export const API_PREFIX = '/api/v1';

const DEFAULTS = {
  timeoutMs: 15_000,
  maxConcurrent: 4,
  maxAttempts: 4,
  backoff: { baseMs: 500, capMs: 10_000 },
  maxRetryAfterMs: 20_000,
};

type Method = 'GET' | 'POST' | 'PATCH';

interface RequestSpec<T> {
  method: Method;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  idempotencyKey?: string;
  /** The job id the answer must be about; a job for another id is an invalid response. */
  expectJobId?: string;
  parse: (json: unknown, status: number) => T;
}

type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: AdminApiError; retryable: boolean; staleCsrf?: boolean };

function fail(error: AdminApiError, retryable: boolean): Outcome<never> {
  return { ok: false, error, retryable };
}

function checkJobId(job: Job, expected: string | undefined, status: number, at: string): Job {
  if (expected !== undefined && job.id !== expected) {
    throw invalidResponse(at, `expected job ${JSON.stringify(expected.slice(0, 100))}`, status);
  }
  return job;
}

/** The server's own words for a 400 and the like (`{error, field, message}`), short, for logs. */
function reasonOf(json: unknown): string {
  if (typeof json !== 'object' || json === null) return '';
  const { error, field, message } = json as Record<string, unknown>;
  const parts = [error, field, message].filter((part): part is string => typeof part === 'string' && part !== '');
  return parts.length ? ` (${parts.join(': ').slice(0, 200)})` : '';
}

export function createHttpAdminApi(config: HttpAdminApiConfig): HttpAdminApi {
  const base = new URL(config.origin).origin + API_PREFIX;
  const fetchImpl: typeof fetch = config.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = config.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxAttempts = Math.max(1, config.maxAttempts ?? DEFAULTS.maxAttempts);
  const backoff = config.backoff ?? DEFAULTS.backoff;
  const maxRetryAfterMs = config.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
  const random = config.random ?? Math.random;
  const sleep = config.sleep ?? defaultSleep;
  const now = config.now ?? Date.now;
  const limiter = createLimiter(config.maxConcurrent ?? DEFAULTS.maxConcurrent);

  // The CSRF token lives in memory only (DESIGN.md §3: nothing secret is stored).
  let csrfToken: string | null = null;
  let csrfInFlight: Promise<string> | null = null;
  // After a 429 with Retry-After every request waits until then: the limit is the site's, not one call's.
  let pausedUntil = 0;

  function urlFor(spec: RequestSpec<unknown>): string {
    const query = spec.query && Object.keys(spec.query).length ? `?${new URLSearchParams(spec.query)}` : '';
    return `${base}${spec.path}${query}`;
  }

  function classify<T>(spec: RequestSpec<T>, response: Response, text: string): Outcome<T> {
    const { status } = response;
    let json: unknown;
    let jsonOk = true;
    try {
      json = JSON.parse(text);
    } catch {
      jsonOk = false;
    }
    // A malformed body may be a transient fault (a proxy, a truncated stream), so it counts as
    // retryable; whether a retry is actually safe is still decided by `retrySafe` in call().
    const malformed = () => fail(invalidResponse('(body)', 'Malformed JSON', status), true);
    const parsed = <R>(parse: () => R): { ok: true; value: R } | Outcome<never> => {
      try {
        return { ok: true, value: parse() };
      } catch (error) {
        if (isAdminApiError(error, 'invalid-response')) return fail(error, true);
        throw error;
      }
    };

    if (status >= 200 && status < 300) {
      if (!jsonOk) return malformed();
      return parsed(() => spec.parse(json, status));
    }
    switch (status) {
      case 401:
        csrfToken = null;
        return fail(new AdminApiError({ kind: 'signed-out', status }), false);
      case 403:
        if (jsonOk && isCsrfError(json)) {
          return {
            ok: false,
            error: new AdminApiError({ kind: 'forbidden', status, message: 'forbidden: stale CSRF token' }),
            retryable: false,
            staleCsrf: true,
          };
        }
        return fail(new AdminApiError({ kind: 'forbidden', status }), false);
      case 404:
        return fail(new AdminApiError({ kind: 'not-found', status }), false);
      case 408:
        return fail(new AdminApiError({ kind: 'timeout', status }), true);
      case 409: {
        if (!jsonOk) return malformed();
        const body = parsed(() => parseConflictBody(json, status));
        if (!body.ok) return body;
        const job = parsed(() => checkJobId(body.value.job, spec.expectJobId, status, 'job.id'));
        if (!job.ok) return job;
        return fail(new AdminApiError({ kind: 'conflict', status, job: job.value }), false);
      }
      case 422: {
        // A refusal is final whatever its body looks like: the server decided, and a replay of the
        // same key would only repeat it. So a reason we do not know is a plain, final `server` 422.
        let body: ReturnType<typeof parseNotAllowedBody>;
        try {
          body = parseNotAllowedBody(json, status);
        } catch {
          return fail(new AdminApiError({ kind: 'server', status, message: `server (HTTP ${status})${reasonOf(json)}` }), false);
        }
        const { error: code, details } = body;
        return fail(new AdminApiError({ kind: 'not-allowed', status, code, details, message: `not-allowed: ${code}` }), false);
      }
      case 429: {
        const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), now());
        if (retryAfterMs !== null) pausedUntil = Math.max(pausedUntil, now() + retryAfterMs);
        return fail(new AdminApiError({ kind: 'rate-limited', status, retryAfterMs }), true);
      }
      default:
        // 5xx may pass; any other 4xx is our request's fault and would fail the same way again.
        return fail(new AdminApiError({ kind: 'server', status, message: `server (HTTP ${status})${reasonOf(json)}` }), status >= 500);
    }
  }

  async function attemptOnce<T>(spec: RequestSpec<T>, token: string | undefined, signal?: AbortSignal): Promise<Outcome<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token !== undefined) headers['X-CSRF-Token'] = token;
    if (spec.idempotencyKey !== undefined) headers['Idempotency-Key'] = spec.idempotencyKey;

    // The caller may have aborted while this attempt queued; a listener added now would never fire.
    signal?.throwIfAborted();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    // Racing against our own signal bounds the attempt even if a fetch implementation ignores it.
    const stopped = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    stopped.catch(() => {});

    try {
      const work = (async () => {
        const response = await fetchImpl(urlFor(spec), {
          method: spec.method,
          headers,
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          credentials: 'include',
          cache: 'no-store',
          signal: controller.signal,
        });
        const text = await response.text();
        return { response, text };
      })();
      work.catch(() => {});
      const { response, text } = await Promise.race([work, stopped]);
      return classify(spec, response, text);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timedOut) {
        return fail(new AdminApiError({ kind: 'timeout', message: `timeout (${timeoutMs} ms)` }), true);
      }
      return fail(new AdminApiError({ kind: 'network', cause: error }), true);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  async function respectPause(signal?: AbortSignal): Promise<AdminApiError | null> {
    const wait = pausedUntil - now();
    if (wait <= 0) return null;
    if (wait > maxRetryAfterMs) return new AdminApiError({ kind: 'rate-limited', retryAfterMs: wait });
    await sleep(wait, signal);
    return null;
  }

  async function call<T>(spec: RequestSpec<T>, opts: CallOptions = {}): Promise<T> {
    const { signal } = opts;
    // Retrying is safe when the request cannot apply twice: reads, and writes the server deduplicates.
    const retrySafe = opts.retry !== false && (spec.method === 'GET' || spec.idempotencyKey !== undefined);
    let failures = 0;
    let csrfRefreshed = false;

    for (;;) {
      signal?.throwIfAborted();
      const token = spec.method === 'GET' ? undefined : await currentCsrfToken(signal);
      const outcome = await limiter.run(async () => {
        const paused = await respectPause(signal);
        return paused ? fail(paused, false) : attemptOnce(spec, token, signal);
      }, signal);
      if (outcome.ok) return outcome.value;

      // A stale token is rejected before anything is applied, so one retry with a fresh token is safe
      // even without an idempotency key and even when the caller asked for no retries.
      if (outcome.staleCsrf && !csrfRefreshed) {
        csrfRefreshed = true;
        if (csrfToken === token) csrfToken = null;
        continue;
      }

      failures++;
      const { error } = outcome;
      if (!retrySafe || !outcome.retryable || failures >= maxAttempts) throw error;
      const retryAfterMs = error.retryAfterMs ?? 0;
      if (retryAfterMs > 0) {
        // The shared pause makes the next attempt wait out Retry-After; too long a wait ends the call now.
        if (retryAfterMs > maxRetryAfterMs) throw error;
        continue;
      }
      await sleep(backoffDelay(failures, backoff, random), signal);
    }
  }

  const sessionSpec: RequestSpec<Session> = {
    method: 'GET',
    path: '/session',
    parse: (json, status) => {
      const session = parseSession(json, status);
      csrfToken = session.csrfToken;
      return session;
    },
  };

  function currentCsrfToken(signal?: AbortSignal): Promise<string> {
    if (csrfToken !== null) return Promise.resolve(csrfToken);
    // One session fetch serves every writer waiting for a token; it has no caller signal so that one
    // caller cancelling does not fail the others.
    csrfInFlight ??= call(sessionSpec).then(
      (session) => {
        csrfInFlight = null;
        return session.csrfToken;
      },
      (error: unknown) => {
        csrfInFlight = null;
        throw error;
      },
    );
    return raceAbort(csrfInFlight, signal);
  }

  const jobPath = (id: string) => `/jobs/${encodeURIComponent(id)}`;

  return {
    getSession(opts) {
      return call(sessionSpec, opts);
    },

    async listJobs(params: ListJobsParams, opts) {
      const query: Record<string, string> = {};
      if (params.limit !== undefined) {
        if (!Number.isInteger(params.limit) || params.limit < 1) throw new RangeError(`invalid limit ${params.limit}`);
        query.limit = String(params.limit);
      }
      if (params.cursor != null) query.cursor = params.cursor;
      if (params.updatedSince != null) query.updatedSince = params.updatedSince;
      return call<JobsPage>({ method: 'GET', path: '/jobs', query, parse: parseJobsPage }, opts);
    },

    getJob(id, opts) {
      return call<Job>(
        {
          method: 'GET',
          path: jobPath(id),
          expectJobId: id,
          parse: (json, status) => checkJobId(parseJob(json, status), id, status, 'id'),
        },
        opts,
      );
    },

    async setStatus(id, body, opts) {
      if (!opts?.idempotencyKey) throw new TypeError('setStatus needs an idempotencyKey');
      return call<Job>(
        {
          method: 'POST',
          path: `${jobPath(id)}/status`,
          body: { status: body.status, expectedVersion: body.expectedVersion },
          idempotencyKey: opts.idempotencyKey,
          expectJobId: id,
          parse: (json, status) => checkJobId(parseJob(json, status), id, status, 'id'),
        },
        opts,
      );
    },

    patchJob(id, body, opts) {
      return call<Job>(
        {
          method: 'PATCH',
          path: jobPath(id),
          body,
          idempotencyKey: opts?.idempotencyKey,
          expectJobId: id,
          parse: (json, status) => checkJobId(parseJob(json, status), id, status, 'id'),
        },
        opts,
      );
    },

    forgetSession() {
      csrfToken = null;
    },
  };
}
