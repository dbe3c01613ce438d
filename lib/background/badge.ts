import { browser } from 'wxt/browser';
import type { AttentionSummary } from '../core/attention';
import type { SyncStatus } from '../messaging/protocol';
import { t } from '../i18n/t';

export interface BadgeLook {
  text: string;
  color: string;
  title: string;
}

export const BADGE_COLORS = { critical: '#c5221f', warning: '#b06000', problem: '#5f6368' } as const;

/**
 * The toolbar badge: how many jobs need attention, coloured by the worst; nothing when signed
 * out or turned off; a small "!" when sync fails so stale numbers are never shown as fresh.
 */
export function badgeFor(status: SyncStatus, summary: AttentionSummary, enabled: boolean): BadgeLook {
  // The background words only the toolbar's tooltip, through the same catalogs as the UI.
  const base = t('extName');
  if (!enabled) return { text: '', color: BADGE_COLORS.problem, title: base };
  if (status === 'signed-out') return { text: '', color: BADGE_COLORS.problem, title: t('badge_title_signed_out', base) };
  if (status === 'offline' || status === 'error') {
    return { text: '!', color: BADGE_COLORS.problem, title: t('badge_title_sync_failed', base) };
  }
  if (summary.count === 0) return { text: '', color: BADGE_COLORS.warning, title: t('badge_title_none', base) };
  return {
    text: summary.count > 999 ? '999+' : String(summary.count),
    color: summary.worst === 'critical' ? BADGE_COLORS.critical : BADGE_COLORS.warning,
    title: summary.count === 1 ? t('badge_title_count_one', base) : t('badge_title_count', base, summary.count),
  };
}

let shown: BadgeLook | null = null;

export async function showBadge(look: BadgeLook): Promise<void> {
  if (shown && shown.text === look.text && shown.color === look.color && shown.title === look.title) return;
  shown = look;
  await Promise.all([
    browser.action.setBadgeText({ text: look.text }),
    browser.action.setBadgeBackgroundColor({ color: look.color }),
    browser.action.setTitle({ title: look.title }),
  ]);
}
