import { parseJobDate } from '../lib/core/dates';
import { uiLanguage } from '../lib/i18n/t';

/**
 * Dates and numbers in the UI language. A calendar date is a UTC day in lib/core, so it is
 * formatted in UTC: otherwise a user west of Greenwich would see the day before.
 */

const cache = new Map<string, Intl.DateTimeFormat>();
function dateFormat(kind: 'calendar' | 'instant'): Intl.DateTimeFormat {
  const key = `${uiLanguage()}|${kind}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      uiLanguage(),
      kind === 'calendar' ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short' },
    );
    cache.set(key, format);
  }
  return format;
}

/** A job date (calendar day or timestamp) for display; the raw text when unreadable. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const parsed = parseJobDate(value);
  if (parsed === null) return value;
  return parsed.kind === 'calendar'
    ? dateFormat('calendar').format(new Date(parsed.day * 86_400_000))
    : dateFormat('instant').format(new Date(parsed.ms));
}

/** A moment (ISO timestamp) with date and time in the user's zone. */
export function formatDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateFormat('instant').format(new Date(ms));
}

let numberFormat: { language: string; format: Intl.NumberFormat } | null = null;

export function formatNumber(value: number): string {
  // Built once: a list render formats a dozen counts, and each new NumberFormat loads locale data.
  const language = uiLanguage();
  if (numberFormat?.language !== language) numberFormat = { language, format: new Intl.NumberFormat(language) };
  return numberFormat.format.format(value);
}

export function formatPercent(ratio: number): string {
  return new Intl.NumberFormat(uiLanguage(), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}
