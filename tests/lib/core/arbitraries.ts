import fc from 'fast-check';
import {
  GO_LIVE_ITEM_IDS,
  JOB_STATUSES,
  PREPAY_ITEM_IDS,
  SALES_METHODS,
  type Account,
  type ChecklistItemId,
  type ChecklistSettings,
  type Job,
  type NamedRef,
  type SeveritySetting,
} from '../../../lib/core';

/**
 * fast-check arbitraries for schema-valid Jobs and Accounts (DESIGN.md §3), shared by tests.
 * Dates span 2024–2026, the same span as `nowArbitrary`, so deadlines fall on both sides of
 * "now", sometimes on the same day.
 */

const MIN_DATE = new Date('2024-01-01T00:00:00.000Z');
const MAX_DATE = new Date('2026-12-31T23:59:59.999Z');

export const nowArbitrary: fc.Arbitrary<Date> = fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true });

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** An ISO timestamp with `Z`, or the same instant written with a zone offset. */
const timestampArbitrary: fc.Arbitrary<string> = fc
  .tuple(nowArbitrary, fc.integer({ min: -12 * 60, max: 14 * 60 }), fc.boolean())
  .map(([date, offsetMinutes, useOffset]) => {
    if (!useOffset) return date.toISOString();
    const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  });

const calendarDateArbitrary: fc.Arbitrary<string> = nowArbitrary.map((date) => date.toISOString().slice(0, 10));

/** A Job date: calendar date or timestamp. */
export const jobDateArbitrary: fc.Arbitrary<string> = fc.oneof(calendarDateArbitrary, timestampArbitrary);

const optionalDate = fc.option(jobDateArbitrary, { nil: null });

/** User-written text: any Unicode, including accents, emoji and markup. */
export const textArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('Müller Grundschule', 'ÉCOLE Ste-Thérèse', '<img src=x onerror=alert(1)>', 'Straße 12'),
);

const refArbitrary: fc.Arbitrary<NamedRef | null> = fc.option(
  fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), name: textArbitrary }),
  { nil: null },
);

export const jobArbitrary: fc.Arbitrary<Job> = fc.record({
  id: fc.oneof(fc.stringMatching(/^[0-9]{1,9}$/), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 })),
  name: textArbitrary,
  internalName: textArbitrary,
  organization: textArbitrary,
  jobType: fc.constantFrom('school', 'preschool', 'sports', 'event', 'other'),
  salesMethod: fc.constantFrom(...SALES_METHODS),
  status: fc.constantFrom(...JOB_STATUSES),
  version: fc.nat(),
  updatedAt: timestampArbitrary,
  shootDate: optionalDate,
  archiving: fc.record({
    enabled: fc.boolean(),
    deadline: optionalDate,
    delayDays: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  }),
  prepayDeadline: optionalDate,
  priceList: refArbitrary,
  automatedCampaign: refArbitrary,
  watermark: fc.boolean(),
  coupon: fc.record({ enabled: fc.boolean(), deadline: optionalDate }),
  photos: fc.record({ uploaded: fc.oneof(fc.constant(0), fc.nat({ max: 5000 })) }),
  accessCodes: fc
    .tuple(fc.nat({ max: 500 }), fc.nat({ max: 500 }))
    .map(([a, b]) => ({ total: Math.max(a, b), activated: Math.min(a, b) })),
  loginRate: fc.double({ min: 0, max: 1, noNaN: true }),
});

export const accountArbitrary: fc.Arbitrary<Account> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  name: textArbitrary,
  features: fc.record({ prepay: fc.boolean() }),
  invoiceSettingsComplete: fc.boolean(),
});

const ALL_ITEM_IDS: readonly ChecklistItemId[] = [...new Set<ChecklistItemId>([...GO_LIVE_ITEM_IDS, ...PREPAY_ITEM_IDS])];
const severitySetting: fc.Arbitrary<SeveritySetting> = fc.constantFrom('critical', 'recommended', 'hidden');

/** Any combination of per-item overrides, including none. */
export const settingsArbitrary: fc.Arbitrary<ChecklistSettings> = fc
  .subarray([...ALL_ITEM_IDS])
  .chain((ids) => fc.tuple(...ids.map((id) => severitySetting.map((s) => [id, s] as const))))
  .map((pairs): ChecklistSettings => Object.fromEntries(pairs));
