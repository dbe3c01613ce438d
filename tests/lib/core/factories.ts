import type { Account, Job } from '../../../lib/core';

/**
 * Deterministic test data. `makeJob()` is a planning proofing job on which every go-live item
 * passes (with `makeAccount()`), so a test breaks exactly the one thing it is about.
 * Nested objects may be overridden in part: `makeJob({ archiving: { deadline: null } })`.
 */

type Nested = 'archiving' | 'coupon' | 'photos' | 'accessCodes';
export type JobOverrides = Partial<Omit<Job, Nested>> & { [K in Nested]?: Partial<Job[K]> };

export const BASE_NOW = new Date('2025-06-15T12:00:00.000Z');

export function makeJob(overrides: JobOverrides = {}): Job {
  const { archiving, coupon, photos, accessCodes, ...rest } = overrides;
  return {
    id: 'job-1',
    name: 'Sunny Hill Primary 2025',
    internalName: 'SHP-25',
    organization: 'Sunny Hill Primary School',
    jobType: 'school',
    salesMethod: 'proofing',
    status: 'planning',
    version: 1,
    updatedAt: '2025-06-01T08:30:00.000Z',
    shootDate: '2025-05-20',
    prepayDeadline: null,
    priceList: { id: 'pl-1', name: 'School 2025' },
    automatedCampaign: { id: 'ac-1', name: 'Standard school' },
    watermark: true,
    loginRate: 0.5,
    ...rest,
    archiving: { enabled: true, deadline: '2025-07-31', delayDays: 1, ...archiving },
    coupon: { enabled: true, deadline: '2025-06-30', ...coupon },
    photos: { uploaded: 120, ...photos },
    accessCodes: { total: 100, activated: 80, ...accessCodes },
  };
}

export function makeAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: 'acc-1',
    name: 'Example Photography',
    features: { prepay: false },
    invoiceSettingsComplete: true,
    ...overrides,
  };
}
