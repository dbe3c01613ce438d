import { isOpenDeadline, isPast, parseJobDate } from './dates';
import type {
  Account,
  ChecklistItemId,
  ChecklistKind,
  ChecklistSettings,
  Job,
  JobStatus,
  Severity,
  SeveritySetting,
} from './types';

/**
 * The go-live and prepay checklists of DESIGN.md §2. A checklist is a guide, never a gate:
 * nothing here refuses a transition, it only reports what is missing.
 */

export interface ChecklistItemDefinition {
  id: ChecklistItemId;
  defaultSeverity: Severity;
}

export const GO_LIVE_CHECKLIST: readonly ChecklistItemDefinition[] = [
  { id: 'price-list', defaultSeverity: 'critical' },
  { id: 'photos', defaultSeverity: 'critical' },
  { id: 'access-codes', defaultSeverity: 'critical' },
  { id: 'archive-deadline-future', defaultSeverity: 'critical' },
  { id: 'invoice-settings', defaultSeverity: 'critical' },
  { id: 'archive-date', defaultSeverity: 'recommended' },
  { id: 'automated-campaign', defaultSeverity: 'recommended' },
  { id: 'watermark', defaultSeverity: 'recommended' },
  { id: 'coupon', defaultSeverity: 'recommended' },
];

export const PREPAY_CHECKLIST: readonly ChecklistItemDefinition[] = [
  { id: 'price-list', defaultSeverity: 'critical' },
  { id: 'prepay-deadline', defaultSeverity: 'critical' },
  { id: 'automated-campaign', defaultSeverity: 'recommended' },
  { id: 'coupon', defaultSeverity: 'recommended' },
];

export const CHECKLISTS: Readonly<Record<ChecklistKind, readonly ChecklistItemDefinition[]>> = {
  'go-live': GO_LIVE_CHECKLIST,
  prepay: PREPAY_CHECKLIST,
};

type ItemCheck = (job: Job, account: Pick<Account, 'invoiceSettingsComplete'>, now: Date) => boolean;

/** When each item passes. One rule per id, shared by both checklists. */
const ITEM_CHECKS: Readonly<Record<ChecklistItemId, ItemCheck>> = {
  'price-list': (job) => job.priceList !== null,
  photos: (job) => job.photos.uploaded >= 1,
  // Customers only see photos when codes are activated and the job sells.
  'access-codes': (job) => job.accessCodes.activated >= 1,
  // No deadline means ordering never closes; a passed one means no order is possible.
  'archive-deadline-future': (job, _account, now) => !isPast(job.archiving.deadline, now),
  'invoice-settings': (_job, account) => account.invoiceSettingsComplete,
  // The deadline drives the shop's countdown and the reminder emails.
  'archive-date': (job) => job.archiving.enabled && parseJobDate(job.archiving.deadline) !== null,
  'automated-campaign': (job) => job.automatedCampaign !== null,
  watermark: (job) => job.watermark,
  coupon: (job) => job.coupon.enabled,
  'prepay-deadline': (job, _account, now) => isOpenDeadline(job.prepayDeadline, now),
};

/** Whether one item passes for the job, regardless of its severity. */
export function checkItem(
  id: ChecklistItemId,
  job: Job,
  account: Pick<Account, 'invoiceSettingsComplete'>,
  now: Date,
): boolean {
  return ITEM_CHECKS[id](job, account, now);
}

/** The checklist shown before switching to `target`, or null when that switch has none. */
export function checklistKindFor(target: JobStatus): ChecklistKind | null {
  switch (target) {
    case 'selling':
      return 'go-live';
    case 'prepay':
      return 'prepay';
    case 'planning':
    case 'archived':
      return null;
  }
}

const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['critical', 'recommended', 'hidden'];

/**
 * The effective severity of an item. Settings are keyed by item id, so an override applies in
 * both checklists (one "price list" setting, not two). A value that is not a known setting
 * (stale or hand-edited storage) is ignored rather than trusted.
 */
export function effectiveSeverity(
  item: ChecklistItemDefinition,
  settings: ChecklistSettings | undefined,
): SeveritySetting {
  const override = settings?.[item.id];
  return override !== undefined && SEVERITY_SETTINGS.includes(override) ? override : item.defaultSeverity;
}

export interface ChecklistItemResult {
  id: ChecklistItemId;
  severity: Severity;
  passed: boolean;
}

export type ChecklistWorst = 'critical' | 'recommended' | 'ok';

export interface ChecklistResult {
  kind: ChecklistKind;
  /** Visible items: critical first, then recommended, each group in the checklist's order. */
  items: ChecklistItemResult[];
  criticalMissing: number;
  recommendedDone: number;
  recommendedTotal: number;
  /** 'critical' when a critical item fails, else 'recommended' when a recommended one does, else 'ok'. */
  worst: ChecklistWorst;
}

export function evaluateChecklist(
  kind: ChecklistKind,
  job: Job,
  account: Pick<Account, 'invoiceSettingsComplete'>,
  now: Date,
  settings?: ChecklistSettings,
): ChecklistResult {
  const critical: ChecklistItemResult[] = [];
  const recommended: ChecklistItemResult[] = [];
  for (const item of CHECKLISTS[kind]) {
    const severity = effectiveSeverity(item, settings);
    if (severity === 'hidden') continue;
    const result = { id: item.id, severity, passed: checkItem(item.id, job, account, now) };
    (severity === 'critical' ? critical : recommended).push(result);
  }
  const criticalMissing = critical.filter((item) => !item.passed).length;
  const recommendedDone = recommended.filter((item) => item.passed).length;
  const worst: ChecklistWorst =
    criticalMissing > 0 ? 'critical' : recommendedDone < recommended.length ? 'recommended' : 'ok';
  return {
    kind,
    items: [...critical, ...recommended],
    criticalMissing,
    recommendedDone,
    recommendedTotal: recommended.length,
    worst,
  };
}

/** The ids of the critical items that fail, in checklist order. */
export function missingCritical(result: ChecklistResult): ChecklistItemId[] {
  return result.items.filter((item) => item.severity === 'critical' && !item.passed).map((item) => item.id);
}

/**
 * Whether to show "switching to selling may send the campaign's emails". Only a switch from
 * planning or prepay sends them: reactivating an archived job sends no new emails.
 */
export function campaignEmailNotice(job: Pick<Job, 'status' | 'automatedCampaign'>, target: JobStatus): boolean {
  return (
    target === 'selling' && job.automatedCampaign !== null && (job.status === 'planning' || job.status === 'prepay')
  );
}

export interface ChecklistSummary {
  kind: ChecklistKind;
  criticalMissing: number;
  /** The failing critical items, in checklist order (for badge tooltips). */
  criticalIds: ChecklistItemId[];
  /** Recommended items ("sales boosters") that pass, and how many are shown. */
  boostersDone: number;
  boostersTotal: number;
  worst: ChecklistWorst;
}

/**
 * The one summary behind list rows, page badges and the popup, so they always agree. It is the
 * checklist of the job's next step: going live for planning, prepay and archived jobs, and for a
 * selling job the same go-live checklist as it stands now (what would be flagged if it went live
 * today). The prepay checklist is shown only in the dialog of an actual switch to prepay.
 */
export function checklistSummary(
  job: Job,
  account: Pick<Account, 'invoiceSettingsComplete'>,
  now: Date,
  settings?: ChecklistSettings,
): ChecklistSummary {
  const result = evaluateChecklist('go-live', job, account, now, settings);
  return {
    kind: result.kind,
    criticalMissing: result.criticalMissing,
    criticalIds: missingCritical(result),
    boostersDone: result.recommendedDone,
    boostersTotal: result.recommendedTotal,
    worst: result.worst,
  };
}
