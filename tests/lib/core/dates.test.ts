import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MS_PER_DAY,
  daysUntil,
  formatUtcDay,
  isJobDate,
  isOpenDeadline,
  isPast,
  parseJobDate,
  sortInstant,
  utcDay,
} from '../../../lib/core';
import { jobDateArbitrary, nowArbitrary } from './arbitraries';

const TODAY = '2025-06-15';
const YESTERDAY = '2025-06-14';
const TOMORROW = '2025-06-16';
/** Moments across "today" (UTC), including both edges of the day. */
const TIMES_OF_DAY = ['00:00:00.000Z', '00:00:00.001Z', '09:30:00.000Z', '12:00:00.000Z', '23:59:59.000Z', '23:59:59.999Z'];
const nowsToday = TIMES_OF_DAY.map((time) => new Date(`${TODAY}T${time}`));

describe('parseJobDate', () => {
  it('reads a calendar date as a UTC day number', () => {
    expect(parseJobDate('1970-01-01')).toEqual({ kind: 'calendar', day: 0 });
    expect(parseJobDate('1970-01-02')).toEqual({ kind: 'calendar', day: 1 });
    expect(parseJobDate('2025-06-15')).toEqual({ kind: 'calendar', day: Date.UTC(2025, 5, 15) / MS_PER_DAY });
  });

  it('reads timestamps as instants, with Z, an offset, or no zone (read as UTC)', () => {
    const at = Date.UTC(2025, 5, 15, 10, 20, 30, 400);
    expect(parseJobDate('2025-06-15T10:20:30.400Z')).toEqual({ kind: 'instant', ms: at });
    expect(parseJobDate('2025-06-15T12:20:30.400+02:00')).toEqual({ kind: 'instant', ms: at });
    expect(parseJobDate('2025-06-15T05:50:30.400-0430')).toEqual({ kind: 'instant', ms: at });
    expect(parseJobDate('2025-06-15T10:20:30.400')).toEqual({ kind: 'instant', ms: at });
    expect(parseJobDate('2025-06-15T10:20Z')).toEqual({ kind: 'instant', ms: Date.UTC(2025, 5, 15, 10, 20) });
    expect(parseJobDate('2025-06-15T10:20:30.4001234Z')).toEqual({ kind: 'instant', ms: at });
  });

  it('agrees with Date for every toISOString output', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true, min: new Date('1000-01-01'), max: new Date('9999-12-31') }), (d) => {
        expect(parseJobDate(d.toISOString())).toEqual({ kind: 'instant', ms: d.getTime() });
        expect(parseJobDate(d.toISOString().slice(0, 10))).toEqual({ kind: 'calendar', day: utcDay(d) });
      }),
    );
  });

  it('accepts leap days only in leap years', () => {
    expect(parseJobDate('2024-02-29')).not.toBeNull();
    expect(parseJobDate('2000-02-29')).not.toBeNull();
    expect(parseJobDate('2023-02-29')).toBeNull();
    expect(parseJobDate('1900-02-29')).toBeNull();
  });

  it('treats years before 100 as themselves, not as 19xx', () => {
    expect(formatUtcDay((parseJobDate('0050-03-01') as { day: number }).day)).toBe('0050-03-01');
  });

  it.each([
    '',
    'soon',
    '2025-6-15',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '2025-06-15 10:00:00Z',
    '2025-06-15T24:00:00Z',
    '2025-06-15T10:60:00Z',
    '2025-06-15T10:00:60Z',
    '2025-06-15T10:00:00+24:00',
    '2025-06-15T10:00:00+05:60',
    '2025-06-15Z',
    ' 2025-06-15',
    '15.06.2025',
  ])('treats %j as no date', (value) => {
    expect(parseJobDate(value)).toBeNull();
    expect(isJobDate(value)).toBe(false);
    expect(isPast(value, nowsToday[0]!)).toBe(false);
    expect(isOpenDeadline(value, nowsToday[0]!)).toBe(false);
    expect(daysUntil(value, nowsToday[0]!)).toBeNull();
    expect(sortInstant(value)).toBeNull();
  });

  it('treats null and undefined as no date', () => {
    expect(parseJobDate(null)).toBeNull();
    expect(parseJobDate(undefined)).toBeNull();
    expect(isPast(null, nowsToday[0]!)).toBe(false);
    expect(daysUntil(null, nowsToday[0]!)).toBeNull();
  });
});

describe('utcDay and formatUtcDay', () => {
  it.each(nowsToday)('puts %s on today (UTC)', (now) => {
    expect(formatUtcDay(utcDay(now))).toBe(TODAY);
  });

  it('uses UTC, not the zone an instant was written in', () => {
    expect(formatUtcDay(utcDay(new Date('2025-06-16T01:00:00+02:00')))).toBe(TODAY);
    expect(formatUtcDay(utcDay(new Date('1969-12-31T23:59:59.999Z')))).toBe('1969-12-31');
  });
});

describe('calendar deadlines: today is still open, yesterday has passed', () => {
  it.each(nowsToday)('at %s a deadline of today is open, 0 days away', (now) => {
    expect(isPast(TODAY, now)).toBe(false);
    expect(isOpenDeadline(TODAY, now)).toBe(true);
    expect(daysUntil(TODAY, now)).toBe(0);
  });

  it.each(nowsToday)('at %s a deadline of yesterday has passed, -1 days away', (now) => {
    expect(isPast(YESTERDAY, now)).toBe(true);
    expect(isOpenDeadline(YESTERDAY, now)).toBe(false);
    expect(daysUntil(YESTERDAY, now)).toBe(-1);
  });

  it.each(nowsToday)('at %s a deadline of tomorrow is open, 1 day away', (now) => {
    expect(isPast(TOMORROW, now)).toBe(false);
    expect(isOpenDeadline(TOMORROW, now)).toBe(true);
    expect(daysUntil(TOMORROW, now)).toBe(1);
  });

  it('closes at 00:00:00.000Z of the next day', () => {
    expect(isPast(TODAY, new Date(`${TOMORROW}T00:00:00.000Z`))).toBe(true);
    expect(isPast(TODAY, new Date(`${TODAY}T23:59:59.999Z`))).toBe(false);
  });
});

describe('timestamp deadlines are compared as instants', () => {
  const deadline = '2025-06-15T12:00:00.000Z';
  const at = Date.parse(deadline);

  it('is open at its exact instant and closed one millisecond later', () => {
    expect(isPast(deadline, new Date(at - 1))).toBe(false);
    expect(isPast(deadline, new Date(at))).toBe(false);
    expect(isPast(deadline, new Date(at + 1))).toBe(true);
  });

  it('honours the zone offset', () => {
    const sameInstant = '2025-06-15T14:00:00+02:00';
    expect(isPast(sameInstant, new Date(at))).toBe(false);
    expect(isPast(sameInstant, new Date(at + 1))).toBe(true);
  });

  it('counts days until on the UTC day of the instant', () => {
    expect(daysUntil(deadline, new Date(`${TODAY}T23:59:59.999Z`))).toBe(0);
    expect(daysUntil('2025-06-16T00:30:00+02:00', new Date(`${TODAY}T00:00:00.000Z`))).toBe(0);
    expect(daysUntil('2025-06-16T00:30:00Z', new Date(`${TODAY}T23:59:59.999Z`))).toBe(1);
    expect(daysUntil('2025-06-14T23:59:59.999Z', new Date(`${TODAY}T00:00:00.000Z`))).toBe(-1);
  });

  it('may be past while daysUntil is still 0 (earlier today)', () => {
    const now = new Date(`${TODAY}T18:00:00.000Z`);
    expect(isPast(deadline, now)).toBe(true);
    expect(daysUntil(deadline, now)).toBe(0);
  });
});

describe('sortInstant', () => {
  it('orders a calendar date at 00:00 UTC of its day', () => {
    expect(sortInstant(TODAY)).toBe(Date.parse(`${TODAY}T00:00:00.000Z`));
    expect(sortInstant('2025-06-15T00:00:00.001Z')!).toBeGreaterThan(sortInstant(TODAY)!);
  });
});

describe('properties', () => {
  it('a date in the past is never open, and daysUntil < 0 implies past', () => {
    fc.assert(
      fc.property(jobDateArbitrary, nowArbitrary, (value, now) => {
        const days = daysUntil(value, now);
        expect(days).not.toBeNull();
        expect(isOpenDeadline(value, now)).toBe(!isPast(value, now));
        if (days! < 0) expect(isPast(value, now)).toBe(true);
        if (days! > 0) expect(isPast(value, now)).toBe(false);
      }),
    );
  });

  it('never throws on arbitrary strings or invalid now', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.date(), (value, now) => {
        parseJobDate(value);
        isPast(value, now);
        daysUntil(value, now);
        isOpenDeadline(value, now);
        utcDay(now);
      }),
    );
  });
});
