import { describe, expect, it } from 'vitest';
import { generateJobs, mulberry32, PRICE_LISTS, AUTOMATED_CAMPAIGNS } from '../../sandbox/seed';
import { JobStore } from '../../sandbox/store';
import { decodeCursor, encodeCursor } from '../../sandbox/api';
import { JOB_STATUSES, SALES_METHODS, type Job } from '../../lib/core/types';

const NOW = new Date('2026-06-15T09:30:00.000Z');

describe('generateJobs', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateJobs(300, 1, NOW)).toEqual(generateJobs(300, 1, NOW));
    expect(generateJobs(300, 2, NOW)).not.toEqual(generateJobs(300, 1, NOW));
    expect(mulberry32(42)()).toBe(mulberry32(42)());
  });

  it('covers every status and sales method, even for a small sandbox', () => {
    for (const count of [8, 200]) {
      const jobs = generateJobs(count, 9, NOW);
      expect(new Set(jobs.map((j) => j.status))).toEqual(new Set(JOB_STATUSES));
      expect(new Set(jobs.map((j) => j.salesMethod))).toEqual(new Set(SALES_METHODS));
    }
  });

  it('makes realistic, varied and consistent jobs', () => {
    const jobs = generateJobs(2000, 1, NOW);
    const ids = jobs.map((j) => j.id);
    expect(new Set(ids).size).toBe(2000);
    expect(ids.every((id) => /^\d{6,7}$/.test(id))).toBe(true);
    const today = NOW.toISOString().slice(0, 10);
    const share = (pred: (j: Job) => boolean) => jobs.filter(pred).length / jobs.length;
    // A spread of complete and incomplete settings.
    expect(share((j) => j.priceList === null)).toBeGreaterThan(0.05);
    expect(share((j) => j.photos.uploaded === 0)).toBeGreaterThan(0.02);
    expect(share((j) => j.accessCodes.activated === 0)).toBeGreaterThan(0.05);
    expect(share((j) => !j.archiving.enabled)).toBeGreaterThan(0.05);
    expect(share((j) => j.automatedCampaign === null)).toBeGreaterThan(0.05);
    expect(share((j) => !j.watermark)).toBeGreaterThan(0.05);
    expect(share((j) => !j.coupon.enabled)).toBeGreaterThan(0.05);
    // Past, near and future archiving deadlines.
    const selling = jobs.filter((j) => j.status === 'selling' && j.archiving.deadline);
    expect(selling.some((j) => (j.archiving.deadline as string) < today)).toBe(true);
    expect(selling.some((j) => (j.archiving.deadline as string) > today)).toBe(true);
    // Prepay methods are US-only and have prepay deadlines; proofing jobs have none.
    for (const j of jobs) {
      expect(j.prepayDeadline === null).toBe(j.salesMethod === 'proofing');
      expect(j.accessCodes.activated).toBeLessThanOrEqual(j.accessCodes.total);
      expect(j.loginRate).toBeGreaterThanOrEqual(0);
      expect(j.loginRate).toBeLessThanOrEqual(1);
      expect(Date.parse(j.updatedAt)).toBeLessThan(NOW.getTime());
      if (j.priceList) expect(PRICE_LISTS).toContainEqual(j.priceList);
      if (j.automatedCampaign) expect(AUTOMATED_CAMPAIGNS).toContainEqual(j.automatedCampaign);
    }
    expect(jobs.some((j) => j.name.includes('Klassenfotos'))).toBe(true);
    expect(jobs.some((j) => j.name.includes("teamfoto's"))).toBe(true);
    expect(jobs.some((j) => j.name.startsWith('Lincoln Elementary'))).toBe(true);
    expect(new Set(jobs.map((j) => j.jobType))).toEqual(new Set(['school', 'kindergarten', 'sports', 'event']));
  });

  it('generates 10,000 jobs (account id bases keep accounts apart)', () => {
    const jobs = generateJobs(10_000, 1, NOW);
    expect(jobs).toHaveLength(10_000);
    const other = generateJobs(50, 1001, NOW, { idBase: 700_000, countries: ['DE', 'AT', 'NL'] });
    const ids = new Set(jobs.map((j) => j.id));
    expect(other.some((j) => ids.has(j.id))).toBe(false);
    expect(other.every((j) => j.salesMethod === 'proofing')).toBe(true);
  });
});

describe('JobStore paging', () => {
  const job = (id: string, updatedAt: string): Job => ({ ...(generateJobs(1, 1, NOW)[0] as Job), id, updatedAt });

  it('orders by (updatedAt, id) and pages exactly across equal timestamps', () => {
    const t = '2026-01-01T00:00:00.000Z';
    const store = new JobStore([job('3', t), job('1', t), job('2', '2025-12-31T00:00:00.000Z'), job('4', t)]);
    expect(store.all().map((j) => j.id)).toEqual(['2', '1', '3', '4']);
    const seen: string[] = [];
    let after: { ms: number; id: string } | null = null;
    for (;;) {
      const page = store.page({ after, sinceMs: null, limit: 1 });
      seen.push(...page.jobs.map((j) => j.id));
      const last = page.jobs.at(-1);
      if (!page.more || !last) break;
      after = decodeCursor(encodeCursor(last));
    }
    expect(seen).toEqual(['2', '1', '3', '4']);
    expect(store.page({ after: null, sinceMs: Date.parse('2025-12-31T00:00:00.000Z'), limit: 10 }).jobs.map((j) => j.id)).toEqual(['1', '3', '4']);
  });

  it('a changed job moves to the end; deleted ids are remembered with their time', () => {
    const store = new JobStore([job('1', '2026-01-01T00:00:00.000Z'), job('2', '2026-01-02T00:00:00.000Z')]);
    store.put({ ...(store.get('1') as Job), updatedAt: '2026-01-03T00:00:00.000Z' });
    expect(store.all().map((j) => j.id)).toEqual(['2', '1']);
    store.delete('2', Date.parse('2026-01-04T00:00:00.000Z'));
    expect(store.deletedSince(Date.parse('2026-01-03T12:00:00.000Z'))).toEqual(['2']);
    expect(store.deletedSince(Date.parse('2026-01-04T00:00:00.000Z'))).toEqual([]);
    expect(store.has('2')).toBe(false);
  });

  it('rejects malformed cursors', () => {
    expect(decodeCursor('')).toBeNull();
    expect(decodeCursor('%%')).toBeNull();
    expect(decodeCursor(Buffer.from('no-bar').toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from('not a date|1').toString('base64url'))).toBeNull();
  });
});
