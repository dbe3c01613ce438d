import { evaluateChecklist, missingCritical } from './checklist';
import { daysUntil, isPast, parseJobDate } from './dates';
import type { Account, ChecklistItemId, ChecklistSettings, Job } from './types';

/**
 * Which jobs need the photographer's attention (popup list, toolbar badge). Only selling jobs
 * qualify: they are the ones customers are buying from right now.
 */

/** A selling job whose archiving deadline is at most this many days away gets a warning. */
export const DEADLINE_WARNING_DAYS = 7;

export type AttentionLevel = 'critical' | 'warning';

export type AttentionReason =
  /** Critical go-live items that fail, with the user's severity settings applied. */
  | { code: 'critical-missing'; items: ChecklistItemId[] }
  /** Ordering has closed although the job still sells. */
  | { code: 'deadline-passed'; deadline: string; daysAgo: number }
  /** Ordering closes soon; `daysLeft` 0 means today is the last day. */
  | { code: 'deadline-soon'; deadline: string; daysLeft: number };

export interface AttentionResult {
  level: AttentionLevel;
  /** In the order: critical items, then the deadline. */
  reasons: AttentionReason[];
}

/**
 * The reasons are independent facts: a passed deadline also fails the
 * `archive-deadline-future` item, and both are reported unless the user hid that item, so
 * hiding an item never hides a closed shop.
 */
export function needsAttention(
  job: Job,
  account: Pick<Account, 'invoiceSettingsComplete'>,
  now: Date,
  settings?: ChecklistSettings,
): AttentionResult | null {
  if (job.status !== 'selling') return null;
  const reasons: AttentionReason[] = [];
  let level: AttentionLevel = 'warning';

  const critical = missingCritical(evaluateChecklist('go-live', job, account, now, settings));
  if (critical.length > 0) {
    reasons.push({ code: 'critical-missing', items: critical });
    level = 'critical';
  }

  const deadline = job.archiving.deadline;
  if (deadline !== null && parseJobDate(deadline) !== null) {
    // parseJobDate succeeded, so daysUntil is a number.
    const days = daysUntil(deadline, now) ?? 0;
    if (isPast(deadline, now)) {
      reasons.push({ code: 'deadline-passed', deadline, daysAgo: Math.max(0, -days) });
      level = 'critical';
    } else if (days <= DEADLINE_WARNING_DAYS) {
      reasons.push({ code: 'deadline-soon', deadline, daysLeft: days });
    }
  }

  return reasons.length === 0 ? null : { level, reasons };
}

export interface AttentionSummary {
  /** How many jobs need attention. */
  count: number;
  /** The most urgent level among them, or null when none does. */
  worst: AttentionLevel | null;
}

export function attentionSummary(
  jobs: Iterable<Job>,
  account: Pick<Account, 'invoiceSettingsComplete'>,
  now: Date,
  settings?: ChecklistSettings,
): AttentionSummary {
  let count = 0;
  let worst: AttentionLevel | null = null;
  for (const job of jobs) {
    const result = needsAttention(job, account, now, settings);
    if (result === null) continue;
    count += 1;
    if (result.level === 'critical' || worst === null) worst = result.level;
  }
  return { count, worst };
}
