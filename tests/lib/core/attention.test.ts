import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEADLINE_WARNING_DAYS, attentionSummary, needsAttention, type Job } from '../../../lib/core';
import { accountArbitrary, jobArbitrary, nowArbitrary, settingsArbitrary } from './arbitraries';
import { BASE_NOW, makeAccount, makeJob, type JobOverrides } from './factories';

const account = makeAccount();
const now = BASE_NOW; // 2025-06-15T12:00Z
const selling = (overrides: JobOverrides = {}): Job => makeJob({ status: 'selling', ...overrides });

describe('needsAttention', () => {
  it('leaves a complete selling job with a distant deadline alone', () => {
    expect(needsAttention(selling({ archiving: { deadline: '2025-07-31' } }), account, now)).toBeNull();
    expect(needsAttention(selling({ archiving: { enabled: false, deadline: null } }), account, now)).toBeNull();
  });

  it.each(['planning', 'prepay', 'archived'] as const)('never flags a %s job, however incomplete', (status) => {
    const job = makeJob({ status, priceList: null, archiving: { deadline: '2020-01-01' } });
    expect(needsAttention(job, account, now)).toBeNull();
  });

  it('flags a selling job with a critical go-live item missing as critical', () => {
    expect(needsAttention(selling({ priceList: null, photos: { uploaded: 0 } }), account, now)).toEqual({
      level: 'critical',
      reasons: [{ code: 'critical-missing', items: ['price-list', 'photos'] }],
    });
  });

  it('flags incomplete invoice settings (an account fact) on selling jobs', () => {
    expect(needsAttention(selling(), makeAccount({ invoiceSettingsComplete: false }), now)).toEqual({
      level: 'critical',
      reasons: [{ code: 'critical-missing', items: ['invoice-settings'] }],
    });
  });

  it('does not flag missing recommended items', () => {
    expect(needsAttention(selling({ watermark: false, coupon: { enabled: false }, automatedCampaign: null }), account, now)).toBeNull();
  });

  it('follows the severity settings: a hidden or recommended item is not critical, a promoted one is', () => {
    const job = selling({ priceList: null, watermark: false });
    expect(needsAttention(job, account, now, { 'price-list': 'hidden' })).toBeNull();
    expect(needsAttention(job, account, now, { 'price-list': 'recommended' })).toBeNull();
    expect(needsAttention(job, account, now, { 'price-list': 'hidden', watermark: 'critical' })).toEqual({
      level: 'critical',
      reasons: [{ code: 'critical-missing', items: ['watermark'] }],
    });
  });

  it.each([
    ['2025-06-22', 7],
    ['2025-06-16', 1],
    ['2025-06-15', 0],
  ] as const)('warns when the deadline %s is %i days away', (deadline, daysLeft) => {
    expect(needsAttention(selling({ archiving: { deadline } }), account, now)).toEqual({
      level: 'warning',
      reasons: [{ code: 'deadline-soon', deadline, daysLeft }],
    });
  });

  it('does not warn 8 days ahead', () => {
    expect(needsAttention(selling({ archiving: { deadline: '2025-06-23' } }), account, now)).toBeNull();
    expect(DEADLINE_WARNING_DAYS).toBe(7);
  });

  it.each(['00:00:00.000Z', '23:59:59.999Z'])('at %s, a deadline of today warns and one of yesterday is critical', (time) => {
    const at = new Date(`2025-06-15T${time}`);
    expect(needsAttention(selling({ archiving: { deadline: '2025-06-15' } }), account, at)?.level).toBe('warning');
    const passed = needsAttention(selling({ archiving: { deadline: '2025-06-14' } }), account, at);
    expect(passed?.level).toBe('critical');
    expect(passed?.reasons).toContainEqual({ code: 'deadline-passed', deadline: '2025-06-14', daysAgo: 1 });
  });

  it('reports a passed deadline with the failing checklist item too, unless that item is hidden', () => {
    const job = selling({ archiving: { deadline: '2025-06-01' } });
    expect(needsAttention(job, account, now)).toEqual({
      level: 'critical',
      reasons: [
        { code: 'critical-missing', items: ['archive-deadline-future'] },
        { code: 'deadline-passed', deadline: '2025-06-01', daysAgo: 14 },
      ],
    });
    expect(needsAttention(job, account, now, { 'archive-deadline-future': 'hidden' })).toEqual({
      level: 'critical',
      reasons: [{ code: 'deadline-passed', deadline: '2025-06-01', daysAgo: 14 }],
    });
  });

  it('a timestamp deadline earlier today has passed (daysAgo 0)', () => {
    const job = selling({ archiving: { deadline: '2025-06-15T08:00:00Z' } });
    expect(needsAttention(job, account, now, { 'archive-deadline-future': 'hidden' })).toEqual({
      level: 'critical',
      reasons: [{ code: 'deadline-passed', deadline: '2025-06-15T08:00:00Z', daysAgo: 0 }],
    });
  });

  it('a missing critical item and a near deadline are both reported, at critical level', () => {
    const result = needsAttention(selling({ priceList: null, archiving: { deadline: '2025-06-18' } }), account, now);
    expect(result).toEqual({
      level: 'critical',
      reasons: [
        { code: 'critical-missing', items: ['price-list'] },
        { code: 'deadline-soon', deadline: '2025-06-18', daysLeft: 3 },
      ],
    });
  });

  it('ignores an unreadable deadline', () => {
    expect(needsAttention(selling({ archiving: { deadline: 'n/a' } }), account, now)).toBeNull();
  });
});

describe('attentionSummary', () => {
  it('is zero with no level for no jobs or only healthy ones', () => {
    expect(attentionSummary([], account, now)).toEqual({ count: 0, worst: null });
    expect(attentionSummary([selling(), makeJob()], account, now)).toEqual({ count: 0, worst: null });
  });

  it('counts jobs and reports the worst level, whatever the order', () => {
    const warning = selling({ id: 'w', archiving: { deadline: '2025-06-20' } });
    const critical = selling({ id: 'c', priceList: null });
    expect(attentionSummary([warning], account, now)).toEqual({ count: 1, worst: 'warning' });
    expect(attentionSummary([warning, critical, selling({ id: 'ok' })], account, now)).toEqual({ count: 2, worst: 'critical' });
    expect(attentionSummary([critical, warning], account, now)).toEqual({ count: 2, worst: 'critical' });
  });

  it('passes the settings through', () => {
    const job = selling({ priceList: null });
    expect(attentionSummary([job], account, now, { 'price-list': 'hidden' })).toEqual({ count: 0, worst: null });
  });

  it('property: count and worst agree with needsAttention per job', () => {
    fc.assert(
      fc.property(fc.array(jobArbitrary, { maxLength: 20 }), accountArbitrary, nowArbitrary, settingsArbitrary, (jobs, acc, at, settings) => {
        const results = jobs.map((job) => needsAttention(job, acc, at, settings)).filter((r) => r !== null);
        const summary = attentionSummary(jobs, acc, at, settings);
        expect(summary.count).toBe(results.length);
        const worst = results.some((r) => r.level === 'critical') ? 'critical' : results.length > 0 ? 'warning' : null;
        expect(summary.worst).toBe(worst);
        for (const result of results) expect(result.reasons.length).toBeGreaterThan(0);
      }),
    );
  });
});
