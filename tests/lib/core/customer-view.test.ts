import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COUNTDOWN_DAYS,
  CUSTOMER_VIEW_HEADLINES,
  CUSTOMER_VIEW_KINDS,
  customerView,
  customerViewHeadline,
} from '../../../lib/core';
import { jobArbitrary, nowArbitrary } from './arbitraries';
import { BASE_NOW, makeJob } from './factories';

const now = BASE_NOW; // 2025-06-15T12:00Z
const selling = (overrides: Parameters<typeof makeJob>[0] = {}) => makeJob({ status: 'selling', ...overrides });

describe('customerView: planning', () => {
  it('shows "almost ready" with registration, whatever is set up', () => {
    expect(customerView(makeJob({ status: 'planning' }), now)).toEqual({
      kind: 'almost-ready',
      reasons: ['planning'],
      registration: true,
    });
    expect(customerView(makeJob({ status: 'planning', photos: { uploaded: 0 } }), now).kind).toBe('almost-ready');
  });
});

describe('customerView: selling', () => {
  it('without activated codes shows "almost ready"', () => {
    expect(customerView(selling({ accessCodes: { total: 50, activated: 0 } }), now)).toEqual({
      kind: 'almost-ready',
      reasons: ['no-activated-codes'],
      registration: true,
    });
  });

  it('without photos shows "almost ready"', () => {
    expect(customerView(selling({ photos: { uploaded: 0 } }), now)).toMatchObject({
      kind: 'almost-ready',
      reasons: ['no-photos'],
    });
  });

  it('without both lists both reasons', () => {
    const job = selling({ photos: { uploaded: 0 }, accessCodes: { activated: 0 } });
    expect(customerView(job, now)).toMatchObject({ reasons: ['no-activated-codes', 'no-photos'] });
  });

  it('without codes still shows "almost ready" after the deadline (customers never reach the shop)', () => {
    const job = selling({ accessCodes: { activated: 0 }, archiving: { deadline: '2025-01-01' } });
    expect(customerView(job, now).kind).toBe('almost-ready');
  });

  it('with codes and photos and no deadline opens the gallery without countdown', () => {
    expect(customerView(selling({ archiving: { enabled: false, deadline: null } }), now)).toEqual({
      kind: 'gallery-open',
      deadline: null,
      daysLeft: null,
      countdown: false,
    });
  });

  it('with codes and photos before the deadline opens the gallery', () => {
    expect(customerView(selling({ archiving: { deadline: '2025-07-31' } }), now)).toEqual({
      kind: 'gallery-open',
      deadline: '2025-07-31',
      daysLeft: 46,
      countdown: false,
    });
  });

  it.each([
    ['2025-06-29', 14, true],
    ['2025-06-30', 15, false],
    ['2025-06-15', 0, true],
    ['2025-06-16', 1, true],
  ] as const)('deadline %s is %i days away: countdown %s', (deadline, daysLeft, countdown) => {
    expect(customerView(selling({ archiving: { deadline } }), now)).toEqual({
      kind: 'gallery-open',
      deadline,
      daysLeft,
      countdown,
    });
  });

  it('stays open through the whole last day and closes at midnight UTC', () => {
    const job = selling({ archiving: { deadline: '2025-06-15' } });
    expect(customerView(job, new Date('2025-06-15T00:00:00.000Z')).kind).toBe('gallery-open');
    expect(customerView(job, new Date('2025-06-15T23:59:59.999Z')).kind).toBe('gallery-open');
    expect(customerView(job, new Date('2025-06-16T00:00:00.000Z'))).toEqual({
      kind: 'ordering-closed',
      deadline: '2025-06-15',
    });
  });

  it('after a timestamp deadline closes ordering from the next millisecond', () => {
    const job = selling({ archiving: { deadline: '2025-06-15T12:00:00.000Z' } });
    expect(customerView(job, new Date('2025-06-15T12:00:00.000Z')).kind).toBe('gallery-open');
    expect(customerView(job, new Date('2025-06-15T12:00:00.001Z')).kind).toBe('ordering-closed');
  });

  it('treats an unreadable deadline as none', () => {
    expect(customerView(selling({ archiving: { deadline: 'someday' } }), now)).toEqual({
      kind: 'gallery-open',
      deadline: null,
      daysLeft: null,
      countdown: false,
    });
  });
});

describe('customerView: archived', () => {
  it('shows the archived notice with registration, whatever the deadline', () => {
    expect(customerView(makeJob({ status: 'archived' }), now)).toEqual({ kind: 'archived', registration: true });
    expect(customerView(makeJob({ status: 'archived', archiving: { deadline: '2030-01-01' } }), now).kind).toBe('archived');
  });
});

describe('customerView: prepay', () => {
  it('is open without a prepay deadline', () => {
    expect(customerView(makeJob({ status: 'prepay', prepayDeadline: null }), now)).toEqual({
      kind: 'prepay-open',
      deadline: null,
      daysLeft: null,
    });
  });

  it('is open on the deadline day, at any time', () => {
    const job = makeJob({ status: 'prepay', prepayDeadline: '2025-06-15' });
    for (const at of ['2025-06-15T00:00:00.000Z', '2025-06-15T23:59:59.999Z']) {
      expect(customerView(job, new Date(at))).toEqual({ kind: 'prepay-open', deadline: '2025-06-15', daysLeft: 0 });
    }
  });

  it('is closed the day after the deadline', () => {
    const job = makeJob({ status: 'prepay', prepayDeadline: '2025-06-14' });
    expect(customerView(job, new Date('2025-06-15T00:00:00.000Z'))).toEqual({
      kind: 'prepay-closed',
      deadline: '2025-06-14',
    });
  });

  it('ignores photos and codes (prepay orders come before the photos)', () => {
    const job = makeJob({ status: 'prepay', photos: { uploaded: 0 }, accessCodes: { activated: 0 }, prepayDeadline: '2025-07-01' });
    expect(customerView(job, now).kind).toBe('prepay-open');
  });
});

describe('headlines', () => {
  it('has an English default for every kind', () => {
    expect(Object.keys(CUSTOMER_VIEW_HEADLINES).sort()).toEqual([...CUSTOMER_VIEW_KINDS].sort());
    expect(CUSTOMER_VIEW_HEADLINES['almost-ready']).toBe('Your photos are almost ready');
    expect(CUSTOMER_VIEW_HEADLINES.archived).toBe('Missed the sale? Your memories are safe');
    expect(customerViewHeadline({ kind: 'archived', registration: true })).toBe(CUSTOMER_VIEW_HEADLINES.archived);
  });

  it('uses a 14-day countdown window', () => {
    expect(COUNTDOWN_DAYS).toBe(14);
  });
});

describe('properties', () => {
  it('customerView is total: a known kind for every job and time', () => {
    fc.assert(
      fc.property(jobArbitrary, nowArbitrary, (job, at) => {
        const view = customerView(job, at);
        expect(CUSTOMER_VIEW_KINDS).toContain(view.kind);
        expect(typeof customerViewHeadline(view)).toBe('string');
      }),
    );
  });

  it('customers can order only while selling, with codes and photos, before the deadline', () => {
    fc.assert(
      fc.property(jobArbitrary, nowArbitrary, (job, at) => {
        const view = customerView(job, at);
        if (view.kind === 'gallery-open') {
          expect(job.status).toBe('selling');
          expect(job.accessCodes.activated).toBeGreaterThan(0);
          expect(job.photos.uploaded).toBeGreaterThan(0);
          expect(view.countdown).toBe(view.daysLeft !== null && view.daysLeft <= COUNTDOWN_DAYS);
          if (view.daysLeft !== null) expect(view.daysLeft).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
