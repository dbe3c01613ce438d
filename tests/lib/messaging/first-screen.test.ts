import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_VERSION, firstScreenQuery, readFirstScreen, storedFirstScreenQuery, type FirstScreen } from '../../../lib/messaging/first-screen';
import { BASE_NOW, makeAccount, makeJob } from '../core/factories';

const query = { status: null, attention: false, sort: 'updated', limit: 50 } as const;

function screenOf(overrides: Partial<FirstScreen> = {}): FirstScreen {
  return {
    version: FIRST_SCREEN_VERSION,
    query,
    result: {
      jobs: [makeJob({ id: 'a' }), makeJob({ id: 'b' })],
      total: 2,
      counts: { all: 2, attention: 0, planning: 2, prepay: 0, selling: 0, archived: 0 },
      account: makeAccount(),
      now: BASE_NOW.toISOString(),
    },
    checklist: { coupon: 'critical' },
    ...overrides,
  };
}

describe('firstScreenQuery', () => {
  it('is the list opened from the top without search text', () => {
    expect(firstScreenQuery({ query: '', status: 'selling', sort: 'name', offset: 0, limit: 50 })).toEqual({
      status: 'selling',
      attention: false,
      sort: 'name',
      limit: 50,
    });
    expect(firstScreenQuery({ limit: 50 })).toEqual(query);
    expect(firstScreenQuery({ attention: true, limit: 50 })).toMatchObject({ attention: true });
  });

  it('is not a search, a later page, or a request of another size (revalidation, select all)', () => {
    expect(firstScreenQuery({ query: 'goethe', limit: 50 })).toBeNull();
    expect(firstScreenQuery({ offset: 50, limit: 50 })).toBeNull();
    expect(firstScreenQuery({ limit: 0 })).toBeNull();
    expect(firstScreenQuery({ limit: 100 })).toBeNull();
    expect(firstScreenQuery({})).toBeNull();
    expect(firstScreenQuery({ limit: 20_000 })).toBeNull();
  });
});

describe('readFirstScreen', () => {
  it('gives the stored screen for the same criteria on the same day', () => {
    const stored = screenOf();
    expect(readFirstScreen(structuredClone(stored), query, new Date('2025-06-15T23:59:00Z'))).toEqual(stored);
  });

  it('ignores another list, another page size, or yesterday’s screen', () => {
    expect(readFirstScreen(screenOf(), { ...query, status: 'selling' }, BASE_NOW)).toBeNull();
    expect(readFirstScreen(screenOf(), { ...query, attention: true }, BASE_NOW)).toBeNull();
    expect(readFirstScreen(screenOf(), { ...query, sort: 'name' }, BASE_NOW)).toBeNull();
    expect(readFirstScreen(screenOf(), { ...query, limit: 100 }, BASE_NOW)).toBeNull();
    expect(readFirstScreen(screenOf(), query, new Date('2025-06-16T00:00:01Z'))).toBeNull();
  });

  it('ignores anything damaged or of another version', () => {
    const good = screenOf();
    const bad: unknown[] = [
      undefined,
      null,
      'screen',
      { ...good, version: 2 },
      { ...good, query: { ...query, sort: 'random' } },
      { ...good, result: { ...good.result, jobs: [{ id: 'a' }] } },
      { ...good, result: { ...good.result, total: -1 } },
      { ...good, result: { ...good.result, counts: { all: 1 } } },
      { ...good, checklist: null },
    ];
    for (const raw of bad) expect(readFirstScreen(raw, query, BASE_NOW)).toBeNull();
  });

  it('never throws, whatever is stored', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        expect(readFirstScreen(raw, query, BASE_NOW)).toBeNull();
        expect(storedFirstScreenQuery(raw)).toBeNull();
      }),
    );
  });
});

describe('storedFirstScreenQuery', () => {
  it('reads back the criteria of a stored screen', () => {
    expect(storedFirstScreenQuery(screenOf({ query: { ...query, status: 'prepay' } }))).toEqual({ ...query, status: 'prepay' });
  });
});
