import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SORT_KEYS,
  byArchiveDeadline,
  byName,
  byShootDate,
  byUpdated,
  compareIds,
  comparatorFor,
  sortJobs,
  type Job,
  type JobComparator,
} from '../../../lib/core';
import { jobArbitrary } from './arbitraries';
import { makeJob } from './factories';

const ids = (jobs: readonly Job[]) => jobs.map((job) => job.id);
const sorted = (jobs: readonly Job[], compare: JobComparator) => ids([...jobs].sort(compare));

describe('byUpdated', () => {
  it('puts the most recently updated first, comparing instants across zones', () => {
    const jobs = [
      makeJob({ id: 'old', updatedAt: '2025-01-01T00:00:00Z' }),
      makeJob({ id: 'new', updatedAt: '2025-06-01T10:00:00Z' }),
      makeJob({ id: 'newest', updatedAt: '2025-06-01T11:00:00+00:30' }), // 10:30Z
    ];
    expect(sorted(jobs, byUpdated)).toEqual(['newest', 'new', 'old']);
  });

  it('breaks ties by id', () => {
    const at = '2025-06-01T10:00:00.000Z';
    const jobs = [makeJob({ id: 'b', updatedAt: at }), makeJob({ id: 'a', updatedAt: '2025-06-01T12:00:00+02:00' })];
    expect(sorted(jobs, byUpdated)).toEqual(['a', 'b']);
  });

  it('puts an unreadable timestamp last', () => {
    const jobs = [makeJob({ id: 'bad', updatedAt: 'yesterday' }), makeJob({ id: 'ok' })];
    expect(sorted(jobs, byUpdated)).toEqual(['ok', 'bad']);
  });
});

describe('byName', () => {
  const jobs = [
    makeJob({ id: '3', name: 'zebra' }),
    makeJob({ id: '2', name: 'Müller' }),
    makeJob({ id: '1', name: 'muller' }),
    makeJob({ id: '4', name: 'Class 10' }),
    makeJob({ id: '5', name: 'Class 2' }),
    makeJob({ id: '6', name: 'apple' }),
  ];

  it('ignores case and accents, orders numbers numerically, and ties by id', () => {
    expect(sorted(jobs, byName())).toEqual(['6', '5', '4', '1', '2', '3']);
  });

  it('uses the collator it is given', () => {
    // Not numeric, and accents count: "Class 10" before "Class 2", "muller" before "Müller".
    const plain = new Intl.Collator('en', { sensitivity: 'variant' });
    expect(sorted(jobs, byName(plain))).toEqual(['6', '4', '5', '1', '2', '3']);
  });
});

describe('byShootDate', () => {
  it('puts the latest shoot first, mixed calendar dates and timestamps, missing ones last', () => {
    const jobs = [
      makeJob({ id: 'none', shootDate: null }),
      makeJob({ id: 'may', shootDate: '2025-05-01' }),
      makeJob({ id: 'june-noon', shootDate: '2025-06-01T12:00:00Z' }),
      makeJob({ id: 'june', shootDate: '2025-06-01' }),
      makeJob({ id: 'bad', shootDate: '1st of June' }),
    ];
    expect(sorted(jobs, byShootDate)).toEqual(['june-noon', 'june', 'may', 'bad', 'none']);
  });
});

describe('byArchiveDeadline', () => {
  it('puts the soonest deadline first and jobs without one last', () => {
    const jobs = [
      makeJob({ id: 'none-b', archiving: { deadline: null } }),
      makeJob({ id: 'late', archiving: { deadline: '2025-12-31' } }),
      makeJob({ id: 'none-a', archiving: { deadline: null } }),
      makeJob({ id: 'soon', archiving: { deadline: '2025-06-20' } }),
      makeJob({ id: 'past', archiving: { deadline: '2025-01-01' } }),
    ];
    expect(sorted(jobs, byArchiveDeadline)).toEqual(['past', 'soon', 'late', 'none-a', 'none-b']);
  });
});

describe('comparatorFor and sortJobs', () => {
  it('maps each key to its comparator', () => {
    expect(comparatorFor('updated')).toBe(byUpdated);
    expect(comparatorFor('shootDate')).toBe(byShootDate);
    expect(comparatorFor('archiveDeadline')).toBe(byArchiveDeadline);
    const jobs = [makeJob({ id: 'b', name: 'B' }), makeJob({ id: 'a', name: 'a' })];
    expect(sorted(jobs, comparatorFor('name'))).toEqual(['a', 'b']);
  });

  it('returns a sorted copy and leaves the input alone', () => {
    const jobs = [makeJob({ id: 'b' }), makeJob({ id: 'a' })];
    const result = sortJobs(jobs, 'updated');
    expect(ids(result)).toEqual(['a', 'b']);
    expect(ids(jobs)).toEqual(['b', 'a']);
  });
});

describe('compareIds', () => {
  it('uses code-unit order', () => {
    expect(['b', 'B', 'a', '10', '9'].sort(compareIds)).toEqual(['10', '9', 'B', 'a', 'b']);
    expect(compareIds('x', 'x')).toBe(0);
  });
});

describe('properties', () => {
  /** Distinct ids: the id tie-break makes the order total only among distinct jobs. */
  const jobsArbitrary = fc.uniqueArray(jobArbitrary, { selector: (job) => job.id, maxLength: 25 });

  it.each(SORT_KEYS)('%s: the order does not depend on the input order, and sortJobs agrees with the comparator', (key) => {
    fc.assert(
      fc.property(jobsArbitrary, fc.infiniteStream(fc.nat()), (jobs, stream) => {
        const compare = comparatorFor(key);
        const expected = ids([...jobs].sort(compare));
        const shuffled = [...jobs]
          .map((job) => ({ job, r: stream.next().value as number }))
          .sort((a, b) => a.r - b.r)
          .map((e) => e.job);
        expect(ids([...shuffled].sort(compare))).toEqual(expected);
        expect(ids(sortJobs(shuffled, key))).toEqual(expected);
      }),
    );
  });

  it.each(SORT_KEYS)('%s: the comparator is antisymmetric and 0 only for the same id', (key) => {
    fc.assert(
      fc.property(jobArbitrary, jobArbitrary, (a, b) => {
        const compare = comparatorFor(key);
        expect(Math.sign(compare(a, b))).toBe(-Math.sign(compare(b, a)) || 0);
        if (a.id !== b.id) expect(compare(a, b)).not.toBe(0);
      }),
    );
  });
});
