/**
 * How lib/core reads and compares the dates of a Job.
 *
 * A Job carries two kinds of date string (DESIGN.md §3):
 * - calendar dates, `YYYY-MM-DD` (shoot date, deadlines as the admin's date pickers save them);
 * - full ISO timestamps, `YYYY-MM-DDTHH:mm[:ss[.fff]][Z|±HH:mm]` (`updatedAt`, and deadlines when
 *   the admin stores a time).
 *
 * Rules, applied by every module of lib/core through the helpers below:
 * - The current time is always a parameter (`now: Date`); nothing here reads the clock, so the
 *   same job and the same `now` always give the same answer.
 * - A calendar date is a whole UTC calendar day. A deadline `YYYY-MM-DD` is open ("in the
 *   future") while today in UTC is on or before that day: a deadline of today is still open,
 *   one of yesterday has passed. We use UTC rather than the user's zone so that the popup, the
 *   content script and the background (which may run with different zones in tests and CI)
 *   always agree.
 * - A timestamp is an instant. It has passed once `now` is strictly after it, so a deadline is
 *   still open at its exact instant, like a calendar deadline is open on its own day.
 *   A timestamp without a zone is read as UTC: reading it in the machine's zone would make the
 *   result depend on where the code runs.
 * - "Days until" counts UTC calendar days for both kinds (a timestamp counts on its UTC day), so
 *   "0" means today, "-1" yesterday. For a timestamp earlier today `daysUntil` is 0 while
 *   `isPast` is already true: ask `isPast` whether something is over, `daysUntil` how far off it is.
 * - A string that is neither form (or an impossible date such as `2023-02-29`) is treated as no
 *   date at all. Response schemas should reject such values before they are cached (`isJobDate`
 *   is the exact test); treating them as absent keeps every function here total instead of
 *   throwing in the UI.
 */

export const MS_PER_DAY = 86_400_000;

export type ParsedDate =
  /** `day`: days since 1970-01-01 (UTC). */
  | { kind: 'calendar'; day: number }
  /** `ms`: milliseconds since the epoch, as `Date.getTime()`. */
  | { kind: 'instant'; ms: number };

const CALENDAR_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Days since the epoch for a valid Y-M-D, or null when the day does not exist. */
function dayNumber(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  const ms = check.getTime();
  // Dates silently roll 2023-02-29 over to March 1st; a round trip exposes that.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return ms / MS_PER_DAY;
}

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/** Reads a Job date, or null when it is absent or not one of the two accepted forms. */
export function parseJobDate(value: string | null | undefined): ParsedDate | null {
  if (typeof value !== 'string') return null;
  const calendar = CALENDAR_RE.exec(value);
  if (calendar) {
    const day = dayNumber(Number(calendar[1]), Number(calendar[2]), Number(calendar[3]));
    return day === null ? null : { kind: 'calendar', day };
  }
  const ts = TIMESTAMP_RE.exec(value);
  if (!ts) return null;
  const day = dayNumber(Number(ts[1]), Number(ts[2]), Number(ts[3]));
  const hours = Number(ts[4]);
  const minutes = Number(ts[5]);
  const seconds = ts[6] === undefined ? 0 : Number(ts[6]);
  // Only millisecond precision is representable; further digits are truncated.
  const millis = ts[7] === undefined ? 0 : Number(ts[7].slice(0, 3).padEnd(3, '0'));
  const offset = zoneOffsetMinutes(ts[8]);
  if (day === null || offset === null || hours > 23 || minutes > 59 || seconds > 59) return null;
  const ms = day * MS_PER_DAY + ((hours * 60 + minutes - offset) * 60 + seconds) * 1000 + millis;
  return { kind: 'instant', ms };
}

/** True when `value` is a calendar date or timestamp that lib/core understands. */
export function isJobDate(value: string): boolean {
  return parseJobDate(value) !== null;
}

/** Today's UTC calendar day for `now`, as days since the epoch. */
export function utcDay(now: Date): number {
  return Math.floor(now.getTime() / MS_PER_DAY);
}

/** A day number as `YYYY-MM-DD`. */
export function formatUtcDay(day: number): string {
  const d = new Date(day * MS_PER_DAY);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${dd}`;
}

/** The UTC calendar day a parsed date falls on. */
export function dayOf(date: ParsedDate): number {
  return date.kind === 'calendar' ? date.day : Math.floor(date.ms / MS_PER_DAY);
}

/** The instant a parsed date starts at (a calendar day starts at 00:00 UTC); used to order mixed dates. */
export function instantOf(date: ParsedDate): number {
  return date.kind === 'calendar' ? date.day * MS_PER_DAY : date.ms;
}

/** True when the date (a deadline) is over at `now`; false when absent or unreadable. */
export function isPast(value: string | null | undefined, now: Date): boolean {
  const date = parseJobDate(value);
  if (date === null) return false;
  return date.kind === 'calendar' ? utcDay(now) > date.day : now.getTime() > date.ms;
}

/** True when a date is set and not past: the reading of "set and in the future" for deadlines. */
export function isOpenDeadline(value: string | null | undefined, now: Date): boolean {
  return parseJobDate(value) !== null && !isPast(value, now);
}

/** UTC calendar days from today to the date (0 today, 1 tomorrow, -1 yesterday); null when absent. */
export function daysUntil(value: string | null | undefined, now: Date): number | null {
  const date = parseJobDate(value);
  return date === null ? null : dayOf(date) - utcDay(now);
}

/** Milliseconds since the epoch used to order dates, or null when absent or unreadable. */
export function sortInstant(value: string | null | undefined): number | null {
  const date = parseJobDate(value);
  return date === null ? null : instantOf(date);
}
