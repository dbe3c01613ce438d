import { describe, expect, it } from 'vitest';
import { errorText, reasonText } from '../../components/labels';
import { REASON_CODES, reason, withApiDetail, type Reason } from '../../lib/core/reasons';
import { MessageFailure } from '../../lib/messaging/client';
import { EN_MESSAGES } from '../../lib/i18n/catalog';

/** One reason of every code, with params where the code has them. */
const EXAMPLES: Record<Reason['code'], Reason> = {
  'same-status': reason('same-status', { status: 'selling' }),
  'not-in-table': reason('not-in-table', { from: 'selling', to: 'prepay' }),
  'prepay-feature-off': reason('prepay-feature-off'),
  'sales-method-not-prepay': reason('sales-method-not-prepay', { salesMethod: 'proofing' }),
  'not-in-cache': reason('not-in-cache'),
  cancelled: reason('cancelled'),
  'waiting-for-sign-in': reason('waiting-for-sign-in'),
  'critical-missing': reason('critical-missing', { items: ['price-list', 'photos'] }),
  'undo-status-changed': reason('undo-status-changed', { actual: 'planning', expected: 'archived' }),
  conflict: reason('conflict', { status: 'archived', version: 5, expected: 4 }),
  'confirmed-by-readback': reason('confirmed-by-readback'),
  api: reason('api', { kind: 'timeout' }),
  'no-account': reason('no-account'),
  'job-changed': reason('job-changed'),
  'no-such-bulk': reason('no-such-bulk'),
  'bulk-not-finished': reason('bulk-not-finished', { action: 'undo' }),
  'nothing-to-retry': reason('nothing-to-retry'),
  'nothing-to-undo': reason('nothing-to-undo'),
  'invalid-message': reason('invalid-message', { detail: 'getJob.jobId' }),
  'sender-refused': reason('sender-refused'),
  'no-answer': reason('no-answer'),
  unexpected: reason('unexpected', { detail: 'TypeError: boom' }),
};

const KEYS = new Set(Object.keys(EN_MESSAGES));

describe('reasonText', () => {
  it.each(REASON_CODES)('words %s from the catalog, with no code or key left in the text', (code) => {
    const text = reasonText(EXAMPLES[code]);
    expect(text.length).toBeGreaterThan(10);
    expect(KEYS.has(text)).toBe(false);
    expect(text).not.toMatch(/reason_|refusal_|\$\d/);
  });

  it('puts the params in, translated where they are codes', () => {
    expect(reasonText(EXAMPLES['critical-missing'])).toBe('Critical checklist items missing: Price list assigned, Photos uploaded.');
    expect(reasonText(EXAMPLES.conflict)).toBe('Changed on the admin site meanwhile: it is now Archived, version 5 (expected version 4); not overwritten.');
    expect(reasonText(EXAMPLES['undo-status-changed'])).toContain('now Planning, no longer Archived');
    expect(reasonText(EXAMPLES['same-status'])).toBe('The job is already Selling.');
    expect(reasonText(EXAMPLES.unexpected)).toBe('Unexpected error: TypeError: boom');
  });

  it('adds what the bulk found out to an API failure, one sentence each', () => {
    const refused = reason('api', { kind: 'not-allowed', code: 'transition_not_allowed', current: 'archived' });
    expect(reasonText(refused)).toBe('The admin site does not allow this status change. The admin site has it as Archived.');
    expect(reasonText(withApiDetail(reason('api', { kind: 'server', status: 503 }), { attempts: 3, unknown: true }))).toBe(
      'The admin site had an error (HTTP 503). Gave up after 3 attempts. Whether it was applied is unknown: the job could not be read back.',
    );
    expect(reasonText(reason('api', { kind: 'not-allowed', current: 'proofing' }))).toBe('The admin site refused this change. The admin site has it as proofing.');
    // Only API failures take the extra detail.
    expect(withApiDetail(reason('cancelled'), { attempts: 2 })).toEqual(reason('cancelled'));
  });

  it('shows a reason journalled as a sentence (before reasons were codes) as it is', () => {
    expect(reasonText('Cancelled before it was sent.')).toBe('Cancelled before it was sent.');
  });
});

describe('errorText', () => {
  it('words a refused request from its reason, and anything else from its message', () => {
    expect(errorText(new MessageFailure({ code: 'no-account', reason: reason('no-account') }))).toBe(
      'No admin account is known yet: sign in to the admin site, then refresh.',
    );
    expect(errorText(new Error('disk full'))).toBe('disk full');
    expect(errorText('odd')).toBe('odd');
  });
});
