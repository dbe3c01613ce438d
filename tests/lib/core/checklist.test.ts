import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GO_LIVE_CHECKLIST,
  GO_LIVE_ITEM_IDS,
  JOB_STATUSES,
  PREPAY_CHECKLIST,
  PREPAY_ITEM_IDS,
  TRANSITIONS,
  campaignEmailNotice,
  checkItem,
  checklistKindFor,
  checklistSummary,
  evaluateChecklist,
  type ChecklistItemId,
  type ChecklistKind,
  type ChecklistSettings,
  type Job,
  type JobStatus,
} from '../../../lib/core';
import { accountArbitrary, jobArbitrary, nowArbitrary, settingsArbitrary } from './arbitraries';
import { BASE_NOW, makeAccount, makeJob, type JobOverrides } from './factories';

const account = makeAccount();
const now = BASE_NOW; // 2025-06-15T12:00Z

function itemOf(kind: ChecklistKind, id: ChecklistItemId, job: Job, settings?: ChecklistSettings) {
  return evaluateChecklist(kind, job, account, now, settings).items.find((item) => item.id === id);
}

describe('checklist definitions', () => {
  it('go-live has the ids and default severities of DESIGN §2, in order', () => {
    expect(GO_LIVE_CHECKLIST.map((item) => [item.id, item.defaultSeverity])).toEqual([
      ['price-list', 'critical'],
      ['photos', 'critical'],
      ['access-codes', 'critical'],
      ['archive-deadline-future', 'critical'],
      ['invoice-settings', 'critical'],
      ['archive-date', 'recommended'],
      ['automated-campaign', 'recommended'],
      ['watermark', 'recommended'],
      ['coupon', 'recommended'],
    ]);
    expect(GO_LIVE_CHECKLIST.map((item) => item.id)).toEqual([...GO_LIVE_ITEM_IDS]);
  });

  it('prepay has price list and prepay deadline critical, campaign and coupon recommended', () => {
    expect(PREPAY_CHECKLIST.map((item) => [item.id, item.defaultSeverity])).toEqual([
      ['price-list', 'critical'],
      ['prepay-deadline', 'critical'],
      ['automated-campaign', 'recommended'],
      ['coupon', 'recommended'],
    ]);
    expect(PREPAY_CHECKLIST.map((item) => item.id)).toEqual([...PREPAY_ITEM_IDS]);
  });
});

describe('checklistKindFor', () => {
  it('is go-live for selling, prepay for prepay, none otherwise', () => {
    expect(checklistKindFor('selling')).toBe('go-live');
    expect(checklistKindFor('prepay')).toBe('prepay');
    expect(checklistKindFor('planning')).toBeNull();
    expect(checklistKindFor('archived')).toBeNull();
  });

  it('agrees with the checklist named in the transition table', () => {
    for (const rule of TRANSITIONS) expect(checklistKindFor(rule.to) ?? undefined).toBe(rule.checklist);
  });
});

/** [item, overrides that make it pass, overrides that make it fail]. */
type ItemCase = [ChecklistItemId, JobOverrides, JobOverrides];

const GO_LIVE_CASES: ItemCase[] = [
  ['price-list', { priceList: { id: 'p', name: 'P' } }, { priceList: null }],
  ['photos', { photos: { uploaded: 1 } }, { photos: { uploaded: 0 } }],
  ['access-codes', { accessCodes: { total: 10, activated: 1 } }, { accessCodes: { total: 10, activated: 0 } }],
  ['archive-deadline-future', { archiving: { deadline: '2025-06-15' } }, { archiving: { deadline: '2025-06-14' } }],
  ['archive-date', { archiving: { enabled: true, deadline: '2025-01-01' } }, { archiving: { enabled: false } }],
  ['automated-campaign', { automatedCampaign: { id: 'c', name: 'C' } }, { automatedCampaign: null }],
  ['watermark', { watermark: true }, { watermark: false }],
  ['coupon', { coupon: { enabled: true, deadline: null } }, { coupon: { enabled: false } }],
];

describe('go-live items', () => {
  it.each(GO_LIVE_CASES)('%s passes and fails as DESIGN §2 says', (id, pass, fail) => {
    expect(itemOf('go-live', id, makeJob(pass))?.passed).toBe(true);
    expect(itemOf('go-live', id, makeJob(fail))?.passed).toBe(false);
  });

  it('access-codes needs an activated code, not just codes', () => {
    expect(checkItem('access-codes', makeJob({ accessCodes: { total: 500, activated: 0 } }), account, now)).toBe(false);
  });

  it('archive-deadline-future passes without a deadline, and with an unreadable one', () => {
    expect(checkItem('archive-deadline-future', makeJob({ archiving: { deadline: null } }), account, now)).toBe(true);
    expect(checkItem('archive-deadline-future', makeJob({ archiving: { deadline: 'soon' } }), account, now)).toBe(true);
  });

  it('archive-deadline-future looks at the deadline even when automatic archiving is off', () => {
    const job = makeJob({ archiving: { enabled: false, deadline: '2025-06-01' } });
    expect(checkItem('archive-deadline-future', job, account, now)).toBe(false);
  });

  it.each([
    ['00:00:00.000Z', '2025-06-15', true],
    ['23:59:59.999Z', '2025-06-15', true],
    ['00:00:00.000Z', '2025-06-14', false],
    ['23:59:59.999Z', '2025-06-14', false],
    ['00:00:00.000Z', '2025-06-16', true],
    ['23:59:59.999Z', '2025-06-16', true],
  ] as const)('archive-deadline-future at 2025-06-15T%s with deadline %s: %s', (time, deadline, passed) => {
    const at = new Date(`2025-06-15T${time}`);
    expect(checkItem('archive-deadline-future', makeJob({ archiving: { deadline } }), account, at)).toBe(passed);
  });

  it('archive-date needs archiving enabled and a deadline, even a passed one', () => {
    const check = (archiving: JobOverrides['archiving']) => checkItem('archive-date', makeJob({ archiving }), account, now);
    expect(check({ enabled: true, deadline: '2025-07-01' })).toBe(true);
    expect(check({ enabled: true, deadline: '2020-01-01' })).toBe(true);
    expect(check({ enabled: true, deadline: null })).toBe(false);
    expect(check({ enabled: false, deadline: '2025-07-01' })).toBe(false);
    expect(check({ enabled: true, deadline: 'garbage' })).toBe(false);
  });

  it('invoice-settings follows the account', () => {
    const job = makeJob();
    expect(checkItem('invoice-settings', job, makeAccount({ invoiceSettingsComplete: true }), now)).toBe(true);
    expect(checkItem('invoice-settings', job, makeAccount({ invoiceSettingsComplete: false }), now)).toBe(false);
  });

  it('coupon only looks at enabled, not at the coupon deadline', () => {
    expect(checkItem('coupon', makeJob({ coupon: { enabled: true, deadline: '2020-01-01' } }), account, now)).toBe(true);
  });
});

describe('prepay items', () => {
  it.each([
    ['price-list', { priceList: { id: 'p', name: 'P' } }, { priceList: null }],
    ['automated-campaign', { automatedCampaign: { id: 'c', name: 'C' } }, { automatedCampaign: null }],
    ['coupon', { coupon: { enabled: true } }, { coupon: { enabled: false } }],
    ['prepay-deadline', { prepayDeadline: '2025-07-01' }, { prepayDeadline: null }],
  ] satisfies ItemCase[])('%s passes and fails as DESIGN §2 says', (id, pass, fail) => {
    expect(itemOf('prepay', id, makeJob(pass))?.passed).toBe(true);
    expect(itemOf('prepay', id, makeJob(fail))?.passed).toBe(false);
  });

  it.each([
    ['2025-06-15T00:00:00.000Z', '2025-06-15', true],
    ['2025-06-15T23:59:59.999Z', '2025-06-15', true],
    ['2025-06-16T00:00:00.000Z', '2025-06-15', false],
    ['2025-06-15T00:00:00.000Z', '2025-06-14', false],
    ['2025-06-15T23:59:59.999Z', '2025-06-16', true],
    ['2025-06-15T12:00:00.000Z', '2025-06-15T12:00:00.000Z', true],
    ['2025-06-15T12:00:00.001Z', '2025-06-15T12:00:00.000Z', false],
  ] as const)('prepay-deadline at %s with deadline %s: %s (set and not passed)', (at, prepayDeadline, passed) => {
    expect(checkItem('prepay-deadline', makeJob({ prepayDeadline }), account, new Date(at))).toBe(passed);
  });

  it('prepay-deadline fails for an unreadable deadline', () => {
    expect(checkItem('prepay-deadline', makeJob({ prepayDeadline: 'next week' }), account, now)).toBe(false);
  });

  it('the prepay checklist does not look at photos, codes or invoice settings', () => {
    const job = makeJob({ prepayDeadline: '2025-07-01', photos: { uploaded: 0 }, accessCodes: { activated: 0 } });
    const result = evaluateChecklist('prepay', job, makeAccount({ invoiceSettingsComplete: false }), now);
    expect(result.worst).toBe('ok');
    expect(result.items.map((item) => item.id)).toEqual(['price-list', 'prepay-deadline', 'automated-campaign', 'coupon']);
  });
});

describe('evaluateChecklist', () => {
  it('reports a complete job as ok', () => {
    const result = evaluateChecklist('go-live', makeJob(), account, now);
    expect(result).toMatchObject({ kind: 'go-live', criticalMissing: 0, recommendedDone: 4, recommendedTotal: 4, worst: 'ok' });
    expect(result.items.every((item) => item.passed)).toBe(true);
  });

  it('is "recommended" when only boosters are missing', () => {
    const result = evaluateChecklist('go-live', makeJob({ watermark: false, coupon: { enabled: false } }), account, now);
    expect(result).toMatchObject({ criticalMissing: 0, recommendedDone: 2, recommendedTotal: 4, worst: 'recommended' });
  });

  it('is "critical" when a critical item is missing, counting each one', () => {
    const job = makeJob({ priceList: null, photos: { uploaded: 0 }, watermark: false });
    const result = evaluateChecklist('go-live', job, makeAccount({ invoiceSettingsComplete: false }), now);
    expect(result).toMatchObject({ criticalMissing: 3, recommendedDone: 3, worst: 'critical' });
  });

  it('orders critical items first, then recommended, keeping the checklist order within each', () => {
    const settings: ChecklistSettings = { coupon: 'critical', 'price-list': 'recommended', photos: 'hidden' };
    const result = evaluateChecklist('go-live', makeJob(), account, now, settings);
    expect(result.items.map((item) => [item.id, item.severity])).toEqual([
      ['access-codes', 'critical'],
      ['archive-deadline-future', 'critical'],
      ['invoice-settings', 'critical'],
      ['coupon', 'critical'],
      ['price-list', 'recommended'],
      ['archive-date', 'recommended'],
      ['automated-campaign', 'recommended'],
      ['watermark', 'recommended'],
    ]);
  });

  it('an item made recommended no longer counts as critical', () => {
    const job = makeJob({ priceList: null });
    const result = evaluateChecklist('go-live', job, account, now, { 'price-list': 'recommended' });
    expect(result).toMatchObject({ criticalMissing: 0, recommendedDone: 4, recommendedTotal: 5, worst: 'recommended' });
  });

  it('an item made critical counts as critical', () => {
    const result = evaluateChecklist('go-live', makeJob({ watermark: false }), account, now, { watermark: 'critical' });
    expect(result).toMatchObject({ criticalMissing: 1, recommendedDone: 3, recommendedTotal: 3, worst: 'critical' });
  });

  it('a hidden item is left out and counts nowhere', () => {
    const job = makeJob({ priceList: null, coupon: { enabled: false } });
    const result = evaluateChecklist('go-live', job, account, now, { 'price-list': 'hidden', coupon: 'hidden' });
    expect(result.items.map((item) => item.id)).not.toContain('price-list');
    expect(result.items.map((item) => item.id)).not.toContain('coupon');
    expect(result).toMatchObject({ criticalMissing: 0, recommendedDone: 3, recommendedTotal: 3, worst: 'ok' });
  });

  it('hiding every item leaves an empty, ok checklist', () => {
    const settings = Object.fromEntries(GO_LIVE_ITEM_IDS.map((id) => [id, 'hidden'])) as ChecklistSettings;
    expect(evaluateChecklist('go-live', makeJob({ priceList: null }), account, now, settings)).toEqual({
      kind: 'go-live',
      items: [],
      criticalMissing: 0,
      recommendedDone: 0,
      recommendedTotal: 0,
      worst: 'ok',
    });
  });

  it('a setting applies in both checklists, since settings are keyed by item id', () => {
    const job = makeJob({ priceList: null, prepayDeadline: '2025-07-01' });
    const settings: ChecklistSettings = { 'price-list': 'hidden' };
    expect(evaluateChecklist('go-live', job, account, now, settings).criticalMissing).toBe(0);
    expect(evaluateChecklist('prepay', job, account, now, settings).criticalMissing).toBe(0);
  });

  it('settings for items of the other checklist change nothing', () => {
    const job = makeJob({ prepayDeadline: null });
    expect(evaluateChecklist('go-live', job, account, now, { 'prepay-deadline': 'critical' })).toEqual(
      evaluateChecklist('go-live', job, account, now),
    );
  });

  it('ignores a setting value that is not a known severity', () => {
    const settings = { 'price-list': 'urgent' } as unknown as ChecklistSettings;
    const result = evaluateChecklist('go-live', makeJob({ priceList: null }), account, now, settings);
    expect(result.items[0]).toEqual({ id: 'price-list', severity: 'critical', passed: false });
  });
});

describe('campaignEmailNotice', () => {
  const withCampaign = { automatedCampaign: { id: 'c', name: 'C' } };
  it.each([
    ['planning', 'selling', true, true],
    ['prepay', 'selling', true, true],
    ['archived', 'selling', true, false],
    ['selling', 'selling', true, false],
    ['planning', 'selling', false, false],
    ['prepay', 'selling', false, false],
    ['planning', 'prepay', true, false],
    ['planning', 'archived', true, false],
    ['selling', 'planning', true, false],
    ['selling', 'archived', true, false],
  ] as [JobStatus, JobStatus, boolean, boolean][])(
    '%s → %s with campaign %s: notice %s',
    (status, target, campaign, expected) => {
      const job = makeJob({ status, automatedCampaign: campaign ? withCampaign.automatedCampaign : null });
      expect(campaignEmailNotice(job, target)).toBe(expected);
    },
  );

  it('reactivating an archived job never shows the notice (no new emails are sent)', () => {
    for (const to of JOB_STATUSES) expect(campaignEmailNotice(makeJob({ status: 'archived', ...withCampaign }), to)).toBe(false);
  });
});

describe('checklistSummary', () => {
  it.each(JOB_STATUSES)('summarises the go-live checklist for a %s job', (status) => {
    const job = makeJob({ status, priceList: null, watermark: false });
    const summary = checklistSummary(job, account, now);
    expect(summary).toEqual({
      kind: 'go-live',
      criticalMissing: 1,
      criticalIds: ['price-list'],
      boostersDone: 3,
      boostersTotal: 4,
      worst: 'critical',
    });
  });

  it('applies the severity settings like the checklist dialog does', () => {
    const job = makeJob({ priceList: null, watermark: false });
    const settings: ChecklistSettings = { 'price-list': 'hidden', watermark: 'critical' };
    expect(checklistSummary(job, account, now, settings)).toMatchObject({
      criticalMissing: 1,
      criticalIds: ['watermark'],
      boostersDone: 3,
      boostersTotal: 3,
    });
  });
});

describe('properties', () => {
  it('no checklist evaluation throws for any valid job, and the counts add up', () => {
    fc.assert(
      fc.property(
        jobArbitrary,
        accountArbitrary,
        nowArbitrary,
        fc.option(settingsArbitrary, { nil: undefined }),
        fc.constantFrom<ChecklistKind>('go-live', 'prepay'),
        (job, acc, at, settings, kind) => {
          const result = evaluateChecklist(kind, job, acc, at, settings);
          const critical = result.items.filter((item) => item.severity === 'critical');
          const recommended = result.items.filter((item) => item.severity === 'recommended');
          expect(result.items).toEqual([...critical, ...recommended]);
          expect(result.criticalMissing).toBe(critical.filter((item) => !item.passed).length);
          expect(result.recommendedDone).toBe(recommended.filter((item) => item.passed).length);
          expect(result.recommendedTotal).toBe(recommended.length);
          expect(result.worst).toBe(
            result.criticalMissing > 0 ? 'critical' : result.recommendedDone < result.recommendedTotal ? 'recommended' : 'ok',
          );
          const summary = checklistSummary(job, acc, at, settings);
          expect(summary.criticalIds).toHaveLength(summary.criticalMissing);
        },
      ),
    );
  });

  it('an item passes or fails the same way whatever its severity', () => {
    fc.assert(
      fc.property(jobArbitrary, accountArbitrary, nowArbitrary, settingsArbitrary, (job, acc, at, settings) => {
        for (const item of evaluateChecklist('go-live', job, acc, at, settings).items) {
          expect(item.passed).toBe(checkItem(item.id, job, acc, at));
        }
      }),
    );
  });
});
