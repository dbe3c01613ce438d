import { uiLanguage } from '../../lib/i18n/t';

let rtf: Intl.RelativeTimeFormat | null = null;

/** "12 sec. ago", "3 min. ago", "yesterday": how long ago `iso` was at `now`. */
export function timeAgo(iso: string, now: number): string {
  rtf ??= new Intl.RelativeTimeFormat(uiLanguage(), { numeric: 'auto', style: 'short' });
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return rtf.format(-seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return rtf.format(-hours, 'hour');
  return rtf.format(-Math.round(hours / 24), 'day');
}
