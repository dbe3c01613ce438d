import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AdminApiError} from '../../../lib/admin-api/errors';
import { isAdminApiError } from '../../../lib/admin-api/errors';
import {
  ISO_DATE_OR_TIMESTAMP_RE,
  ISO_TIMESTAMP_RE,
  MAX_TEXT,
  parseConflictBody,
  parseJob,
  parseJobsPage,
  parseNotAllowedBody,
  parseSession,
} from '../../../lib/admin-api/schemas';
import type { Job } from '../../../lib/core/types';
import { makeJob, makeSession } from './fixtures';

type Json = unknown;

/** The invalid-response error a parse throws, or a failure if it returned or threw something else. */
function invalid(parse: () => unknown): AdminApiError & { kind: 'invalid-response' } {
  try {
    parse();
  } catch (error) {
    if (isAdminApiError(error, 'invalid-response')) return error;
    throw new Error(`expected an invalid-response AdminApiError, got ${String(error)}`);
  }
  throw new Error('expected the parse to fail');
}

function withPath(value: Json, path: readonly string[], replace: (old: Json) => Json | typeof DELETE): Json {
  const clone = structuredClone(value) as Record<string, Json>;
  let parent = clone;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, Json>;
  const last = path[path.length - 1] as string;
  const next = replace(parent[last]);
  if (next === DELETE) delete parent[last];
  else parent[last] = next;
  return clone;
}
const DELETE = Symbol('delete');

function pathsOf(value: Json, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

describe('Job schema', () => {
  it('accepts a valid job and returns it unchanged', () => {
    const job = makeJob();
    expect(parseJob(structuredClone(job))).toEqual(job);
  });

  it('accepts every nullable field as null, and full timestamps for dates', () => {
    const job = makeJob({
      shootDate: null,
      archiving: { enabled: false, deadline: null, delayDays: null },
      prepayDeadline: '2026-04-01T23:59:59+02:00',
      priceList: null,
      automatedCampaign: null,
      coupon: { enabled: true, deadline: '2026-05-01T00:00:00Z' },
      internalName: '',
      loginRate: 0,
    });
    expect(parseJob(job)).toEqual(job);
  });

  it('strips unknown keys at every level instead of failing', () => {
    const input = {
      ...makeJob(),
      brandNewField: { nested: true },
      archiving: { ...makeJob().archiving, reminderEmails: 3 },
      priceList: { id: 'pl-101', name: 'x', currency: 'EUR' },
    };
    const out = parseJob(input);
    expect(out).not.toHaveProperty('brandNewField');
    expect(out.archiving).toEqual(makeJob().archiving);
    expect(out.priceList).toEqual({ id: 'pl-101', name: 'x' });
  });

  const breakages: [string, (job: Record<string, Json>) => void, string][] = [
    ['unknown status', (j) => (j.status = 'live'), 'status'],
    ['unknown sales method', (j) => (j.salesMethod = 'payg'), 'salesMethod'],
    ['missing name', (j) => delete j.name, 'name'],
    ['name too long', (j) => (j.name = 'x'.repeat(MAX_TEXT + 1)), 'name'],
    ['empty id', (j) => (j.id = ''), 'id'],
    ['numeric id', (j) => (j.id = 100123), 'id'],
    ['negative version', (j) => (j.version = -1), 'version'],
    ['fractional version', (j) => (j.version = 1.5), 'version'],
    ['version as string', (j) => (j.version = '3'), 'version'],
    ['infinite loginRate', (j) => (j.loginRate = Infinity), 'loginRate'],
    ['NaN loginRate', (j) => (j.loginRate = NaN), 'loginRate'],
    ['negative loginRate', (j) => (j.loginRate = -0.1), 'loginRate'],
    ['updatedAt as date only', (j) => (j.updatedAt = '2026-03-01'), 'updatedAt'],
    ['updatedAt with month 13', (j) => (j.updatedAt = '2026-13-01T00:00:00Z'), 'updatedAt'],
    ['shootDate in German format', (j) => (j.shootDate = '12.04.2026'), 'shootDate'],
    ['shootDate missing (null is required, not absence)', (j) => delete j.shootDate, 'shootDate'],
    ['archiving missing', (j) => delete j.archiving, 'archiving'],
    ['archiving deadline garbage', (j) => ((j.archiving as Record<string, Json>).deadline = 'soon'), 'archiving.deadline'],
    ['archiving delayDays negative', (j) => ((j.archiving as Record<string, Json>).delayDays = -2), 'archiving.delayDays'],
    ['priceList id wrong type', (j) => (j.priceList = { id: 5, name: 'x' }), 'priceList.id'],
    ['priceList as a string', (j) => (j.priceList = 'pl-101'), 'priceList'],
    ['automatedCampaign without name', (j) => (j.automatedCampaign = { id: 'ac-1' }), 'automatedCampaign.name'],
    ['watermark as "yes"', (j) => (j.watermark = 'yes'), 'watermark'],
    ['coupon enabled as 1', (j) => ((j.coupon as Record<string, Json>).enabled = 1), 'coupon.enabled'],
    ['photos uploaded as string', (j) => ((j.photos as Record<string, Json>).uploaded = '12'), 'photos.uploaded'],
    ['accessCodes activated negative', (j) => ((j.accessCodes as Record<string, Json>).activated = -1), 'accessCodes.activated'],
  ];

  it.each(breakages)('%s fails naming %s', (_name, mutate, path) => {
    const job = structuredClone(makeJob()) as unknown as Record<string, Json>;
    mutate(job);
    const error = invalid(() => parseJob(job));
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.message.length).toBeLessThanOrEqual(MAX_TEXT);
  });

  it('names the root when the value is not an object', () => {
    for (const value of [null, 5, 'job', undefined]) {
      expect(invalid(() => parseJob(value)).path).toBe('(root)');
    }
    // valibot treats an array as an object with missing keys; it still fails, at the first key.
    expect(invalid(() => parseJob([])).path).toBe('id');
  });

  it('keeps the message short even when the bad value is huge', () => {
    const error = invalid(() => parseJob({ ...makeJob(), status: 'x'.repeat(100_000) }));
    expect(error.message.length).toBeLessThanOrEqual(MAX_TEXT);
  });

  it('date regexes accept the contract formats only', () => {
    expect(ISO_TIMESTAMP_RE.test('2026-03-01T10:15:30.123Z')).toBe(true);
    expect(ISO_TIMESTAMP_RE.test('2026-03-01T10:15+0100')).toBe(true);
    expect(ISO_TIMESTAMP_RE.test('2026-03-01T24:00:00Z')).toBe(false);
    expect(ISO_TIMESTAMP_RE.test('2026-03-01T10:15:30')).toBe(false);
    expect(ISO_DATE_OR_TIMESTAMP_RE.test('2026-02-28')).toBe(true);
    expect(ISO_DATE_OR_TIMESTAMP_RE.test('2026-02-32')).toBe(false);
    expect(ISO_DATE_OR_TIMESTAMP_RE.test(' 2026-02-28')).toBe(false);
  });
});

describe('JobsPage schema', () => {
  const page = (jobs: Json[]) => ({
    jobs,
    deletedIds: ['100001', '100002'],
    nextCursor: 'c-2',
    serverTime: '2026-03-01T10:15:31.000Z',
  });

  it('accepts a valid page', () => {
    const jobs = [makeJob({ id: '1' }), makeJob({ id: '2' })];
    expect(parseJobsPage(page(jobs))).toEqual(page(jobs));
    expect(parseJobsPage({ ...page([]), nextCursor: null }).nextCursor).toBeNull();
  });

  it('one bad job fails the whole page, naming its index', () => {
    const jobs: Json[] = [0, 1, 2, 3, 4].map((i) => makeJob({ id: String(i) }));
    (jobs[3] as Record<string, Json>).status = 'live';
    const error = invalid(() => parseJobsPage(page(jobs)));
    expect(error.path).toBe('jobs[3].status');
    expect(error.message).toMatch(/^jobs\[3\]\.status: Invalid/);
  });

  it.each([
    ['deletedIds[1]', (p: Record<string, Json>) => (p.deletedIds = ['a', 7])],
    ['nextCursor', (p: Record<string, Json>) => (p.nextCursor = 3)],
    ['nextCursor', (p: Record<string, Json>) => delete p.nextCursor],
    ['serverTime', (p: Record<string, Json>) => (p.serverTime = 'now')],
    ['jobs', (p: Record<string, Json>) => (p.jobs = {})],
    ['jobs[0].archiving.enabled', (p: Record<string, Json>) => (p.jobs = [{ ...makeJob(), archiving: {} }])],
  ])('names %s', (path, mutate) => {
    const p = page([makeJob()]) as Record<string, Json>;
    mutate(p);
    expect(invalid(() => parseJobsPage(p)).path).toBe(path);
  });
});

describe('Session schema', () => {
  it('accepts a valid session and strips extras', () => {
    expect(parseSession({ ...makeSession(), expiresAt: 'x' })).toEqual(makeSession());
  });

  it.each([
    ['csrfToken', (s: Record<string, Json>) => delete s.csrfToken],
    ['csrfToken', (s: Record<string, Json>) => (s.csrfToken = '')],
    ['account.features.prepay', (s: Record<string, Json>) => ((s.account as { features: Json }).features = {})],
    ['user.email', (s: Record<string, Json>) => ((s.user as { email: Json }).email = null)],
  ])('names %s', (path, mutate) => {
    const s = structuredClone(makeSession()) as unknown as Record<string, Json>;
    mutate(s);
    expect(invalid(() => parseSession(s)).path).toBe(path);
  });
});

describe('error bodies', () => {
  it('conflict body carries a validated job', () => {
    const job = makeJob({ version: 9 });
    expect(parseConflictBody({ error: 'version_conflict', job }).job).toEqual(job);
    expect(invalid(() => parseConflictBody({ error: 'version_conflict', job: { ...job, version: 'x' } })).path).toBe(
      'job.version',
    );
    expect(invalid(() => parseConflictBody({ error: 'conflict', job })).path).toBe('error');
  });

  it('422 body keeps the code and scalar details only', () => {
    const body = parseNotAllowedBody({
      error: 'transition_not_allowed',
      from: 'selling',
      to: 'prepay',
      nested: { a: 1 },
      list: [1],
      ok: false,
      n: 3,
      none: null,
    });
    expect(body).toEqual({
      error: 'transition_not_allowed',
      details: { from: 'selling', to: 'prepay', ok: false, n: 3, none: null },
    });
    expect(parseNotAllowedBody({ error: 'prepay_not_enabled' })).toEqual({ error: 'prepay_not_enabled', details: {} });
    expect(invalid(() => parseNotAllowedBody({ error: 'nope' })).path).toBe('error');
  });

  it('422 details stay small and cannot touch the prototype', () => {
    const input = JSON.parse(`{"error":"prepay_not_enabled","__proto__":{"polluted":1},"long":"${'y'.repeat(5000)}"}`);
    const { details } = parseNotAllowedBody(input);
    expect(Object.getPrototypeOf(details)).toBe(Object.prototype);
    expect((details.long as string).length).toBeLessThanOrEqual(MAX_TEXT);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('properties', () => {
  const parsers = [parseJob, parseJobsPage, parseSession, parseConflictBody, parseNotAllowedBody];

  /** Returns normally or throws the typed invalid-response error; anything else fails the property. */
  function onlyTypedErrors(parse: (input: unknown) => unknown, input: unknown): AdminApiError | null {
    try {
      parse(input);
      return null;
    } catch (error) {
      expect(isAdminApiError(error, 'invalid-response')).toBe(true);
      return error as AdminApiError;
    }
  }

  it('arbitrary JSON never throws anything but invalid-response', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...parsers), (value, parse) => {
        onlyTypedErrors(parse, value);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary JS values (not only JSON) never throw anything but invalid-response', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true }), fc.constantFrom(...parsers), (value, parse) => {
        onlyTypedErrors(parse, value);
      }),
      { numRuns: 300 },
    );
  });

  const jobPaths = pathsOf(makeJob());
  const mutation = fc.record({
    path: fc.constantFrom(...jobPaths),
    replacement: fc.oneof(fc.constant<typeof DELETE>(DELETE), fc.jsonValue()),
  });

  it('a mutated job either passes or fails naming the mutated field (or one inside it)', () => {
    fc.assert(
      fc.property(mutation, ({ path, replacement }) => {
        const input = withPath(makeJob(), path, () => replacement);
        const error = onlyTypedErrors(parseJob, input);
        if (error) {
          const named = path.join('.');
          expect(error.path === named || error.path?.startsWith(`${named}.`)).toBe(true);
        } else {
          // Whatever passed must still be a complete job.
          expect(Object.keys(parseJob(input) as Job).sort()).toEqual(Object.keys(makeJob()).sort());
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a page with one mutated job fails as a whole, naming that job', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), mutation, (index, { path, replacement }) => {
        const jobs: Json[] = Array.from({ length: 10 }, (_, i) => makeJob({ id: String(i) }));
        jobs[index] = withPath(jobs[index], path, () => replacement);
        const input = { jobs, deletedIds: [], nextCursor: null, serverTime: '2026-03-01T10:15:31Z' };
        const error = onlyTypedErrors(parseJobsPage, input);
        if (error) expect(error.path?.startsWith(`jobs[${index}].${path.join('.')}`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
