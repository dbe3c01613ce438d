import { describe, expect, it } from 'vitest';
import { AdminApiError } from '../../../lib/admin-api/errors';
import { DEFAULT_RATE_LIMIT_WAIT_MS, classifyAttempt, isOwnChange } from '../../../lib/bulk/classify';
import type { Job } from '../../../lib/core/types';

const job = { id: 'j1', version: 4, status: 'selling' } as unknown as Job;

describe('classifyAttempt', () => {
  it('keeps the server job of a conflict', () => {
    expect(classifyAttempt(new AdminApiError({ kind: 'conflict', job }))).toEqual({ kind: 'conflict', job });
  });

  it('waits what Retry-After says, or a second when it said nothing usable', () => {
    expect(classifyAttempt(new AdminApiError({ kind: 'rate-limited', retryAfterMs: 3_000 }))).toEqual({ kind: 'rate-limited', waitMs: 3_000 });
    expect(classifyAttempt(new AdminApiError({ kind: 'rate-limited', retryAfterMs: null }))).toEqual({
      kind: 'rate-limited',
      waitMs: DEFAULT_RATE_LIMIT_WAIT_MS,
    });
  });

  it('tells a sign-out apart from a failure', () => {
    expect(classifyAttempt(new AdminApiError({ kind: 'signed-out' }))).toEqual({ kind: 'signed-out' });
  });

  it('names a missing job with a code the UI words', () => {
    expect(classifyAttempt(new AdminApiError({ kind: 'not-found' }))).toEqual({ kind: 'failed', reason: { code: 'api', params: { kind: 'not-found' } } });
  });

  it('adds the status the site has to a refused change, and only when it is a string', () => {
    const refused = classifyAttempt(new AdminApiError({ kind: 'not-allowed', code: 'transition_not_allowed', details: { from: 'archived' }, message: 'Refused.' }));
    expect(refused).toEqual({ kind: 'failed', reason: { code: 'api', params: { kind: 'not-allowed', code: 'transition_not_allowed', current: 'archived' } } });
    const bare = classifyAttempt(new AdminApiError({ kind: 'not-allowed', code: 'transition_not_allowed', details: { from: 3 }, message: 'Refused.' }));
    expect(bare).toEqual({ kind: 'failed', reason: { code: 'api', params: { kind: 'not-allowed', code: 'transition_not_allowed' } } });
  });

  it('retries 5xx, timeouts and garbled answers, but not other 4xx', () => {
    for (const error of [
      new AdminApiError({ kind: 'server', status: 503 }),
      new AdminApiError({ kind: 'timeout' }),
      new AdminApiError({ kind: 'network' }),
      new AdminApiError({ kind: 'invalid-response', path: 'job.status' }),
    ]) {
      expect(classifyAttempt(error).kind).toBe('transient');
    }
    expect(classifyAttempt(new AdminApiError({ kind: 'server', status: 422 })).kind).toBe('failed');
    expect(classifyAttempt(new AdminApiError({ kind: 'forbidden' })).kind).toBe('failed');
  });

  it('fails anything that is not an admin API error, saying so', () => {
    expect(classifyAttempt(new TypeError('boom'))).toEqual({ kind: 'failed', reason: { code: 'unexpected', params: { detail: 'TypeError: boom' } } });
    expect(classifyAttempt('odd')).toEqual({ kind: 'failed', reason: { code: 'unexpected', params: { detail: 'odd' } } });
  });
});

describe('isOwnChange', () => {
  it('is true only for one version up at the target', () => {
    const entry = { expectedVersion: 4, to: 'archived' as const };
    expect(isOwnChange(entry, { version: 5, status: 'archived' })).toBe(true);
    expect(isOwnChange(entry, { version: 6, status: 'archived' })).toBe(false);
    expect(isOwnChange(entry, { version: 5, status: 'planning' })).toBe(false);
    expect(isOwnChange(entry, { version: 4, status: 'archived' })).toBe(false);
  });
});
