import * as v from 'valibot';
import { JOB_STATUSES, type ChecklistSettings, type JobStatus } from '../core/types';
import { JOB_SORTS, type JobQuery, type JobSort, type JobsResult } from './protocol';

/**
 * The popup's first screen, kept by the background in `browser.storage.session` (in memory,
 * readable by extension pages only, gone when the browser closes). The popup paints it while
 * its first `getJobs` is on the way: a stopped service worker needs 100–250 ms to start and
 * open IndexedDB, the storage read a few. The answer then replaces it.
 *
 * The background writes it from its own answers and removes it as soon as the jobs, the
 * settings or the account change, writing it anew once things settle: what the popup finds is
 * never older than the last change.
 */
export const FIRST_SCREEN_KEY = 'firstScreen';
export const FIRST_SCREEN_VERSION = 1;
/** The rows of the popup's first request (its page size): only an answer of exactly this size is kept. */
export const FIRST_SCREEN_ROWS = 50;

/** The criteria a first screen answers: a list opened without search text, from the top. */
export interface FirstScreenQuery {
  status: JobStatus | null;
  attention: boolean;
  sort: JobSort;
  limit: number;
}

export interface FirstScreen {
  version: typeof FIRST_SCREEN_VERSION;
  query: FirstScreenQuery;
  result: JobsResult;
  /** The checklist settings the rows are judged by. */
  checklist: ChecklistSettings;
}

/**
 * The first screen a query would be, or null when it is not one: search text, a later page, or
 * another size (the popup's revalidations and "select all" ask for more rows from the top).
 */
export function firstScreenQuery(query: JobQuery): FirstScreenQuery | null {
  const limit = query.limit ?? 100;
  if ((query.query ?? '').trim() !== '' || (query.offset ?? 0) !== 0 || limit !== FIRST_SCREEN_ROWS) return null;
  return { status: query.status ?? null, attention: query.attention === true, sort: query.sort ?? 'updated', limit };
}

export function sameFirstScreenQuery(a: FirstScreenQuery, b: FirstScreenQuery): boolean {
  return a.status === b.status && a.attention === b.attention && a.sort === b.sort && a.limit === b.limit;
}

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
/**
 * Only the background writes this key and only extension pages can read it, but a popup of a
 * newer or older build may find another shape: anything unexpected is ignored, never shown.
 */
const FirstScreenSchema = v.object({
  version: v.literal(FIRST_SCREEN_VERSION),
  query: v.object({ status: v.nullable(v.picklist(JOB_STATUSES)), attention: v.boolean(), sort: v.picklist(JOB_SORTS), limit: Count }),
  result: v.object({
    jobs: v.array(v.looseObject({ id: v.string(), name: v.string(), status: v.picklist(JOB_STATUSES), version: Count })),
    total: Count,
    counts: v.object({ all: Count, attention: Count, planning: Count, prepay: Count, selling: Count, archived: Count }),
    account: v.nullable(v.looseObject({ id: v.string() })),
    now: v.string(),
  }),
  checklist: v.record(v.string(), v.unknown()),
});

/** The query of a stored first screen, or null when there is none or it is damaged. */
export function storedFirstScreenQuery(raw: unknown): FirstScreenQuery | null {
  const parsed = v.safeParse(FirstScreenSchema, raw);
  return parsed.success ? { ...parsed.output.query } : null;
}

/** The stored first screen for `query` as of `now`, or null (none, another query, another day, damaged). */
export function readFirstScreen(raw: unknown, query: FirstScreenQuery, now: Date): FirstScreen | null {
  const parsed = v.safeParse(FirstScreenSchema, raw);
  if (!parsed.success) return null;
  const screen = raw as FirstScreen;
  if (!sameFirstScreenQuery(screen.query, query)) return null;
  // Deadlines and attention are judged by calendar day (lib/core/dates): yesterday's screen could be wrong today.
  if (screen.result.now.slice(0, 10) !== now.toISOString().slice(0, 10)) return null;
  return screen;
}
