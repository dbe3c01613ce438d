import { JOB_STATUSES, type JobStatus } from '../../lib/core/types';
import { JOB_SORTS, type JobSort } from '../../lib/messaging/protocol';

/** The list filter: one status, jobs that need attention, or everything. */
export type ListFilter = 'all' | 'attention' | JobStatus;
export const LIST_FILTERS: readonly ListFilter[] = ['all', ...JOB_STATUSES, 'attention'];

/** What the popup remembers between openings (browser.storage.local, key `popupPrefs`). */
export interface PopupPrefs {
  filter: ListFilter;
  sort: JobSort;
  /** The finished bulk whose results the user closed; it is not shown again. */
  dismissedBulkId: string | null;
}

export const DEFAULT_PREFS: PopupPrefs = { filter: 'all', sort: 'updated', dismissedBulkId: null };

/** Reads stored prefs field by field; anything unknown falls back, so old or damaged prefs never break the popup. */
export function parsePrefs(raw: unknown): PopupPrefs {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_PREFS };
  const record = raw as Record<string, unknown>;
  return {
    filter: LIST_FILTERS.includes(record.filter as ListFilter) ? (record.filter as ListFilter) : DEFAULT_PREFS.filter,
    sort: JOB_SORTS.includes(record.sort as JobSort) ? (record.sort as JobSort) : DEFAULT_PREFS.sort,
    dismissedBulkId: typeof record.dismissedBulkId === 'string' ? record.dismissedBulkId : null,
  };
}
