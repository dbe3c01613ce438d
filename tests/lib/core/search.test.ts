import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterJobs, matchesQuery, normaliseQuery, normaliseText, searchKey } from '../../../lib/core';
import { jobArbitrary, textArbitrary } from './arbitraries';
import { makeJob } from './factories';

const job = makeJob({
  id: '4711',
  name: 'Grundschule Müller 2025',
  internalName: 'GS-MÜL',
  organization: 'Stadt Köln',
});

describe('normaliseText', () => {
  it('lower-cases, folds accents and collapses whitespace', () => {
    expect(normaliseText('  Müller\t ÉCOLE\u00a0Ste-Thérèse \n')).toBe('muller ecole ste-therese');
  });

  it('folds letters that decomposition leaves alone', () => {
    expect(normaliseText('Straße ẞ Æsir Œuvre Øre Łódź Đorđe þorn İstanbul ΟΔΟΣ')).toBe(
      'strasse ss aesir oeuvre ore lodz dorde thorn istanbul οδοσ',
    );
  });

  it('folds compatibility forms (full-width, ligatures)', () => {
    expect(normaliseText('ＡＢＣ ﬁle')).toBe('abc file');
  });
});

describe('normaliseQuery', () => {
  it('splits into distinct normalised terms', () => {
    expect(normaliseQuery('  Müller   KÖLN müller ')).toEqual(['muller', 'koln']);
  });

  it('is empty for a blank query', () => {
    expect(normaliseQuery('')).toEqual([]);
    expect(normaliseQuery(' \t\n ')).toEqual([]);
  });
});

describe('searchKey', () => {
  it('holds name, internal name, ID and organisation, normalised', () => {
    expect(searchKey(job)).toBe('grundschule muller 2025\ngs-mul\n4711\nstadt koln');
  });

  it('is the same on repeated calls (memoised per job object)', () => {
    expect(searchKey(job)).toBe(searchKey(job));
    expect(searchKey({ ...job, name: 'Other' })).toContain('other');
  });
});

describe('matchesQuery', () => {
  it.each([
    ['muller', true],
    ['Müller', true],
    ['MULLER', true],
    ['koln', true],
    ['Köln müller', true],
    ['4711', true],
    ['gs-mül', true],
    ['471', true],
    ['muller berlin', false],
    ['4712', false],
    ['', true],
    ['   ', true],
  ])('query %j: %s', (query, expected) => {
    expect(matchesQuery(job, query)).toBe(expected);
    expect(matchesQuery(searchKey(job), normaliseQuery(query))).toBe(expected);
  });

  it('needs every term to occur, in any field and any order', () => {
    expect(matchesQuery(job, '2025 stadt gs')).toBe(true);
    expect(matchesQuery(job, '2025 stadt gs x')).toBe(false);
  });

  it('does not match a term across two fields', () => {
    // "2025" ends the name and "gs" starts the internal name.
    expect(matchesQuery(job, '2025gs')).toBe(false);
    expect(matchesQuery(job, '2025 gs')).toBe(true);
  });

  it('finds markup as text', () => {
    const hostile = makeJob({ name: '<img src=x onerror=alert(1)>' });
    expect(matchesQuery(hostile, 'onerror')).toBe(true);
    expect(matchesQuery(hostile, '<img')).toBe(true);
  });
});

describe('filterJobs', () => {
  const jobs = [job, makeJob({ id: '1', name: 'Sportverein' }), makeJob({ id: '2', name: 'Müllerstraße Kita' })];

  it('keeps matching jobs in their order', () => {
    expect(filterJobs(jobs, 'muller').map((j) => j.id)).toEqual(['4711', '2']);
    expect(filterJobs(jobs, 'mullerstrasse').map((j) => j.id)).toEqual(['2']);
  });

  it('returns a copy of all jobs for a blank query', () => {
    const result = filterJobs(jobs, ' ');
    expect(result).toEqual(jobs);
    expect(result).not.toBe(jobs);
  });

  it('handles 10,000 jobs', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => makeJob({ id: String(i), name: `Schule ${i}` }));
    expect(filterJobs(many, 'schule 9999').map((j) => j.id)).toEqual(['9999']);
  });
});

describe('properties', () => {
  it('searchKey and matchesQuery never throw', () => {
    fc.assert(
      fc.property(jobArbitrary, textArbitrary, (j, query) => {
        expect(typeof searchKey(j)).toBe('string');
        expect(typeof matchesQuery(j, query)).toBe('boolean');
      }),
    );
  });

  it('a job always matches its own ID, and its name', () => {
    fc.assert(
      fc.property(jobArbitrary, (j) => {
        expect(matchesQuery(j, j.id)).toBe(true);
        expect(matchesQuery(j, j.name)).toBe(true);
      }),
    );
  });

  it('case and accents of the query do not matter for Latin text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z]{1,8}$/), (a, b) => {
        const j = makeJob({ name: `${a} ${b}` });
        const accented = a.replace(/[aeiou]/g, (v) => `${v}\u0301`).toUpperCase();
        expect(matchesQuery(j, accented)).toBe(true);
      }),
    );
  });

  it('normalising is idempotent', () => {
    fc.assert(
      fc.property(textArbitrary, (text) => {
        expect(normaliseText(normaliseText(text))).toBe(normaliseText(text));
      }),
    );
  });
});
