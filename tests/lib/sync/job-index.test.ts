import { describe, expect, it } from 'vitest';
import { JobIndex } from '../../../lib/sync/job-index';
import { BASE_NOW, makeAccount, makeJob } from '../core/factories';

const now = BASE_NOW;
const account = makeAccount();

function index() {
  return new JobIndex([
    makeJob({ id: '1', name: 'Grundschule Müller', status: 'selling', updatedAt: '2026-06-01T00:00:00Z', priceList: null }),
    makeJob({ id: '2', name: 'Kita Sonnenschein', status: 'planning', updatedAt: '2026-06-03T00:00:00Z' }),
    makeJob({ id: '3', name: 'VV Oranje', status: 'selling', updatedAt: '2026-06-02T00:00:00Z' }),
  ]);
}

describe('the background job index', () => {
  it('filters by query across name and ID, accent-insensitive, and counts per status', () => {
    const result = index().query({ query: 'muller' }, account, now, {});
    expect(result.jobs.map((j) => j.id)).toEqual(['1']);
    expect(result.counts).toMatchObject({ all: 1, selling: 1, planning: 0 });
    expect(index().query({ query: '3' }, account, now, {}).jobs.map((j) => j.id)).toContain('3');
  });

  it('counts status and attention for the query, then filters by status and attention', () => {
    const idx = index();
    const all = idx.query({}, account, now, {});
    expect(all.counts).toMatchObject({ all: 3, selling: 2, planning: 1, attention: 1 });
    expect(idx.query({ status: 'selling' }, account, now, {}).total).toBe(2);
    expect(idx.query({ attention: true }, account, now, {}).jobs.map((j) => j.id)).toEqual(['1']);
  });

  it('sorts newest first by default and pages with offset and limit', () => {
    const idx = index();
    expect(idx.query({}, account, now, {}).jobs.map((j) => j.id)).toEqual(['2', '3', '1']);
    expect(idx.query({ sort: 'name', offset: 1, limit: 1 }, account, now, {}).jobs.map((j) => j.id)).toEqual(['2']);
  });

  it('follows upserts and removals', () => {
    const idx = index();
    idx.query({}, account, now, {});
    idx.upsert([makeJob({ id: '4', name: 'New', updatedAt: '2026-06-10T00:00:00Z' })]);
    idx.remove(['2']);
    expect(idx.query({}, account, now, {}).jobs.map((j) => j.id)).toEqual(['4', '3', '1']);
  });

  it('re-evaluates attention when the checklist settings change', () => {
    const idx = index();
    expect(idx.query({ attention: true }, account, now, {}).total).toBe(1);
    expect(idx.query({ attention: true }, account, now, { 'price-list': 'hidden' }).total).toBe(0);
  });

  it('counts the whole list as an unfiltered query does, following changes, settings and the day', () => {
    const idx = index();
    expect(idx.counts(account, now, {})).toEqual(idx.query({ limit: 0 }, account, now, {}).counts);
    expect(idx.counts(account, now, {})).toEqual({ all: 3, attention: 1, planning: 1, prepay: 0, selling: 2, archived: 0 });
    idx.upsert([makeJob({ id: '4', status: 'archived' }), makeJob({ id: '1', name: 'Grundschule Müller', status: 'selling' })]);
    idx.remove(['2']);
    expect(idx.counts(account, now, {})).toEqual({ all: 3, attention: 0, planning: 0, prepay: 0, selling: 2, archived: 1 });
    idx.upsert([makeJob({ id: '5', status: 'selling', priceList: null })]);
    expect(idx.counts(account, now, {}).attention).toBe(1);
    expect(idx.counts(account, now, { 'price-list': 'hidden' }).attention).toBe(0);
    expect(idx.counts(account, now, {})).toEqual(idx.query({ limit: 0 }, account, now, {}).counts);
  });
});
