import type { SeveritySetting } from '../../lib/core/types';
import { t } from '../../lib/i18n/t';
import { formatNumber } from '../../components/format';

export function severityLabel(severity: SeveritySetting): string {
  switch (severity) {
    case 'critical':
      return t('severity_critical');
    case 'recommended':
      return t('severity_recommended');
    case 'hidden':
      return t('severity_hidden');
  }
}

/** The sync intervals offered, in minutes; the background accepts any whole number 1–240. */
export const SYNC_INTERVALS: readonly number[] = [1, 2, 5, 10, 15, 30, 60, 120, 240];

export function intervalLabel(minutes: number): string {
  if (minutes === 1) return t('options_sync_every_minute');
  if (minutes === 60) return t('options_sync_every_hour');
  if (minutes % 60 === 0) return t('options_sync_every_hours', formatNumber(minutes / 60));
  return t('options_sync_every_minutes', formatNumber(minutes));
}
