import { batch, computed, signal } from '@preact/signals';
import type { Account, Job } from '../../lib/core/types';
import type { JobQuery, JobSort, JobsResult } from '../../lib/messaging/protocol';
import { FIRST_SCREEN_ROWS } from '../../lib/messaging/first-screen';
import type { PopupDeps } from './deps';
import type { ListFilter } from './prefs';
import { errorText } from '../../components/labels';

/** Rows per request: the first one paints the popup (and is what the background keeps as its first screen), later ones follow the scrolling. */
export const PAGE_SIZE = FIRST_SCREEN_ROWS;
/** The background caps a request at this many jobs; "select all" and CSV ask for all of them. */
export const ALL_LIMIT = 20_000;

export interface Criteria {
  query: string;
  filter: ListFilter;
  sort: JobSort;
}

export type Counts = JobsResult['counts'];

export interface ListState {
  /** Bumped whenever the criteria change: answers to older requests are dropped. */
  gen: number;
  /** Whether the first answer for the current criteria has arrived. */
  ready: boolean;
  total: number;
  counts: Counts | null;
  /** Loaded rows by position in the filtered list; a gap is a row not fetched yet. */
  rows: ReadonlyMap<number, Job>;
  error: string | null;
}

export function toJobQuery(criteria: Criteria): JobQuery {
  return {
    query: criteria.query,
    status: criteria.filter === 'all' || criteria.filter === 'attention' ? null : criteria.filter,
    attention: criteria.filter === 'attention',
    sort: criteria.sort,
  };
}

/**
 * The job list as a window over the background's filtered, sorted index: the background does
 * the filtering and counting, the popup only asks for the rows on screen, a page at a time.
 */
export function createListStore(deps: PopupDeps) {
  const criteria = signal<Criteria>({ query: '', filter: 'all', sort: 'updated' });
  const state = signal<ListState>({ gen: 0, ready: false, total: 0, counts: null, rows: new Map(), error: null });
  const account = signal<Account | null>(null);
  /** The background's clock for checklist and deadline rules, so rows agree with the badge. */
  const now = signal<Date>(new Date(deps.now()));
  /**
   * Bumped when the first answer for new criteria arrives: the view scrolls back to the top with
   * the new rows (not before, which would cost a render of the old ones while the answer is on its way).
   */
  const epoch = signal(0);
  // Each part alone, so a keystroke re-renders the search field and not everything showing filter or sort.
  const query = computed(() => criteria.value.query);
  const filter = computed(() => criteria.value.filter);
  const sort = computed(() => criteria.value.sort);

  let gen = 0;
  /** The generation whose first answer starts a new list (scrolled to the top). */
  let newListGen = 0;
  /** Pages requested for the current generation. */
  let requested = new Set<number>();
  let visible = { start: 0, end: PAGE_SIZE - 1 };

  function accept(result: JobsResult, forGen: number, offset: number, replace: boolean) {
    if (forGen !== gen) return;
    const rows = new Map(replace ? [] : state.value.rows);
    result.jobs.forEach((job, i) => rows.set(offset + i, job));
    batch(() => {
      state.value = { gen, ready: true, total: result.total, counts: result.counts, rows, error: null };
      account.value = result.account;
      now.value = new Date(result.now);
      if (forGen === newListGen) {
        newListGen = 0;
        epoch.value += 1;
      }
    });
    if (replace) {
      // Pages that landed before this answer were dropped with the old map: ask again for any gap.
      requested = new Set();
      for (let page = offset / PAGE_SIZE; page * PAGE_SIZE < offset + Math.max(result.jobs.length, 1); page += 1) requested.add(page);
      showRange(visible.start, visible.end);
    }
  }

  function fail(error: unknown, forGen: number) {
    if (forGen !== gen) return;
    state.value = { ...state.value, ready: true, error: errorText(error) };
  }

  async function fetchPage(page: number, forGen: number) {
    requested.add(page);
    try {
      const result = await deps.send('getJobs', { ...toJobQuery(criteria.value), offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      accept(result, forGen, page * PAGE_SIZE, false);
    } catch (error) {
      requested.delete(page);
      fail(error, forGen);
    }
  }

  /**
   * Reloads from the top for new criteria. Old rows stay on screen until the answer arrives, so
   * typing never flashes an empty list.
   */
  function reload(): Promise<void> {
    gen += 1;
    newListGen = gen;
    requested = new Set([0]);
    const forGen = gen;
    return deps
      .send('getJobs', { ...toJobQuery(criteria.value), offset: 0, limit: PAGE_SIZE })
      .then((result) => accept(result, forGen, 0, true))
      .catch((error: unknown) => fail(error, forGen));
  }

  /**
   * The jobs changed in the background: fetch the rows on screen again in one request and swap
   * them in at once, keeping the scroll position.
   */
  async function revalidate(): Promise<void> {
    gen += 1;
    const forGen = gen;
    const first = Math.floor(Math.max(0, visible.start - PAGE_SIZE / 2) / PAGE_SIZE);
    const last = Math.floor((visible.end + PAGE_SIZE / 2) / PAGE_SIZE);
    requested = new Set();
    for (let page = first; page <= last; page += 1) requested.add(page);
    try {
      const result = await deps.send('getJobs', {
        ...toJobQuery(criteria.value),
        offset: first * PAGE_SIZE,
        limit: (last - first + 1) * PAGE_SIZE,
      });
      accept(result, forGen, first * PAGE_SIZE, true);
    } catch (error) {
      fail(error, forGen);
    }
  }

  /**
   * Shows a stored first screen while the first answer for generation `forGen` is on its way;
   * false when that answer (or newer criteria) came first. Its rows are judged by the popup's
   * clock, not the time the screen was stored.
   */
  function provisional(result: JobsResult, forGen: number): boolean {
    if (forGen !== gen || state.value.ready) return false;
    accept({ ...result, now: new Date(deps.now()).toISOString() }, forGen, 0, true);
    return true;
  }

  /** The visible range changed (scrolling): fetch the pages it needs that are not loaded. */
  function showRange(start: number, end: number) {
    visible = { start, end };
    const total = state.value.total;
    if (!state.value.ready || total === 0) return;
    const last = Math.min(end, total - 1);
    for (let page = Math.floor(start / PAGE_SIZE); page * PAGE_SIZE <= last; page += 1) {
      if (!requested.has(page)) void fetchPage(page, gen);
    }
  }

  /** Jobs of the current criteria at positions `from`…`to` (inclusive), loaded or fetched. */
  async function jobsAt(from: number, to: number): Promise<Job[]> {
    const rows = state.value.rows;
    const jobs: Job[] = [];
    for (let i = from; i <= to; i += 1) {
      const job = rows.get(i);
      if (!job) break;
      jobs.push(job);
    }
    if (jobs.length === to - from + 1) return jobs;
    const result = await deps.send('getJobs', { ...toJobQuery(criteria.value), offset: from, limit: to - from + 1 });
    return result.jobs;
  }

  /** Every job matching the current criteria (select all, CSV). */
  async function allJobs(): Promise<Job[]> {
    const result = await deps.send('getJobs', { ...toJobQuery(criteria.value), offset: 0, limit: ALL_LIMIT });
    return result.jobs;
  }

  return {
    criteria,
    query,
    filter,
    sort,
    state,
    account,
    now,
    epoch,
    reload,
    provisional,
    /** The current criteria's generation (answers for older ones are dropped). */
    generation: () => gen,
    revalidate,
    showRange,
    jobsAt,
    allJobs,
    setCriteria(patch: Partial<Criteria>) {
      criteria.value = { ...criteria.value, ...patch };
      return reload();
    },
  };
}

export type ListStore = ReturnType<typeof createListStore>;
