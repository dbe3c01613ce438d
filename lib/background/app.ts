import { AdminApiError, toErrorInfo } from '../admin-api/errors';
import { newIdempotencyKey } from '../admin-api/http';
import type { AdminApi } from '../admin-api/port';
import type { JobCache, ListSummary } from '../cache';
import type { AttentionSummary } from '../core/attention';
import { checklistSummary, evaluateChecklist } from '../core/checklist';
import { normaliseQuery } from '../core/search';
import { sortJobs } from '../core/sort';
import { describeRefusal, transitionRefusal } from '../core/transitions';
import type { Account, Job, Session } from '../core/types';
import type {
  BroadcastEvent,
  BulkView,
  JobQuery,
  JobsResult,
  JobSummary,
  MessageError,
  RequestOf,
  SyncStateView,
} from '../messaging/protocol';
import { CHANNEL } from '../messaging/protocol';
import { HandlerError, type Handlers } from '../messaging/router';
import type { Settings, SettingsPatch } from '../settings/settings';
import { badgeFor, type BadgeLook } from './badge';
import { attentionStamp, JobIndexHolder, type JobIndex } from '../sync/job-index';
import { createSyncer, type SyncTarget } from '../sync/sync';
import { createFirstScreenKeeper, type FirstScreenStorage } from './first-screen';
import { firstScreenQuery, type FirstScreenQuery } from '../messaging/first-screen';
import type { BulkPlan } from '../core/bulk';

/**
 * lib/background — the background's glue: the protocol's handlers bound to the services, who is
 * signed in where (page views, first use), the popup's first screen, the toolbar badge and the
 * host permissions. Owns: the current account per origin. May call: lib/admin-api, lib/cache,
 * lib/sync, lib/core, lib/messaging, lib/settings. Never: registers browser listeners itself
 * (entrypoints/background does) or trusts a message the router did not check. Background only.
 */

/** A popup opening revalidates data older than this. */
export const REVALIDATE_AFTER_MS = 30_000;

/**
 * A plain first query (newest first, no search or filter) for at most this many rows is answered
 * from IndexedDB while the in-memory index loads: reading 10,000 jobs would keep the popup empty
 * for a second after the worker was stopped (DESIGN §5: first rows within 100 ms).
 */
export const FIRST_ROWS_FROM_CACHE_MAX = 200;

export interface BulkEngine {
  preview(jobIds: string[], target: RequestOf<'previewBulk'>['target']): Promise<BulkPlan & { now: string }>;
  start(request: RequestOf<'startBulk'>): Promise<BulkView>;
  get(bulkId?: string): Promise<BulkView | null>;
  cancel(bulkId: string): Promise<BulkView>;
  retry(bulkId: string): Promise<BulkView>;
  undo(bulkId: string): Promise<BulkView>;
}

export interface BackgroundDeps {
  cache(): Promise<JobCache>;
  api(origin: string): AdminApi;
  now(): Date;
  settings: {
    load(): Promise<Settings>;
    save(patch: SettingsPatch): Promise<Settings>;
  };
  broadcast(event: BroadcastEvent): void;
  showBadge(look: BadgeLook): Promise<void>;
  /** Where the popup's first screen is kept (browser.storage.session); without it, nowhere. */
  firstScreen?: FirstScreenStorage;
}

const NO_FIRST_SCREEN: FirstScreenStorage = { read: async () => undefined, write: async () => {}, clear: async () => {} };

export interface Current {
  origin: string;
  partition: string | null;
  account: Account | null;
}

/** What a page view found: `verified` when the admin site just confirmed that `here.account` is signed in. */
interface PageCheck {
  here: Current;
  verified: boolean;
}

/**
 * The background's state and behaviour, independent of the browser wiring (index.ts) so it can
 * be tested with fakeBrowser, fake-indexeddb and the real sandbox.
 */
export function createBackgroundApp(deps: BackgroundDeps) {
  let cachePromise: Promise<JobCache> | null = null;
  const cache = () => (cachePromise ??= deps.cache());
  const index = new JobIndexHolder(async (partition) => (await cache()).getJobs(partition));
  // A stopped worker is started for a message that needs the cache: open it while the message is on its way.
  cache().catch(() => undefined);
  /** The list summary of each partition as stored (see ListSummary), so it is read once and written only when it changes. */
  const summaries = new Map<string, ListSummary>();
  const firstScreen = createFirstScreenKeeper({ storage: deps.firstScreen ?? NO_FIRST_SCREEN, answer: firstScreenAnswer });

  async function firstScreenAnswer(query: FirstScreenQuery) {
    const settings = await deps.settings.load();
    const here = await current(settings);
    if (!here.partition) return null;
    const result = (await jobIndex(here.partition)).query({ ...query, query: '', offset: 0 }, here.account, deps.now(), settings.checklist);
    return { result, checklist: settings.checklist };
  }

  /** Every broadcast goes through here: what changes the jobs also changes the popup's first screen. */
  function broadcast(event: BroadcastEvent): void {
    if (event.event === 'jobsChanged' || event.event === 'settingsChanged') firstScreen.changed();
    deps.broadcast(event);
  }

  const syncer = createSyncer({
    cache,
    api: deps.api,
    origin: async () => (await deps.settings.load()).adminOrigin,
    now: deps.now,
    onJobsChanged: (target, upserted, deletedIds, fullSyncGen) => onSyncedJobs(target, upserted, deletedIds, fullSyncGen),
    onState: (state) => {
      forgetCurrent();
      broadcast({ channel: CHANNEL, event: 'syncState', state });
      scheduleBadge(state);
    },
  });

  function onSyncedJobs(target: SyncTarget, upserted: Job[], deletedIds: string[], fullSyncGen: number | null) {
    if (fullSyncGen !== null) index.invalidate(target.partition); // stale jobs were removed: reload on next read
    else {
      index.upsert(target.partition, upserted);
      index.remove(target.partition, deletedIds);
    }
    if (fullSyncGen !== null || upserted.length > 0 || deletedIds.length > 0) {
      broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: fullSyncGen !== null ? null : [...upserted.map((j) => j.id), ...deletedIds] });
    }
  }

  /**
   * The account last seen per origin changes only when a sync records it or the cache is cleared;
   * until then every message is answered without the two IndexedDB reads (each can wait behind
   * a long transaction, e.g. a sync page).
   */
  let known: Current | null = null;
  let knownGen = 0;
  function forgetCurrent(): void {
    known = null;
    knownGen += 1;
  }

  async function current(loaded?: Settings): Promise<Current> {
    const origin = (loaded ?? (await deps.settings.load())).adminOrigin;
    if (known?.origin === origin) return known;
    const gen = knownGen;
    const db = await cache();
    const partition = (await db.getCurrentPartition(origin)) ?? null;
    const record = partition ? await db.getSync(partition) : undefined;
    const here = { origin, partition, account: record?.account ?? null };
    if (gen === knownGen) known = here;
    return here;
  }

  function jobIndex(partition: string): Promise<JobIndex> {
    return index.get(partition);
  }

  /** One job, from the index if it is loaded, else straight from the cache (a content script needs no index). */
  async function cachedJob(partition: string, jobId: string): Promise<Job | undefined> {
    const loaded = index.peek(partition);
    return loaded ? loaded.get(jobId) : (await cache()).getJob(partition, jobId);
  }

  async function cachedJobs(partition: string, jobIds: string[]): Promise<Map<string, Job>> {
    const loaded = index.peek(partition);
    const jobs = loaded ? jobIds.flatMap((id) => loaded.get(id) ?? []) : await (await cache()).getJobsByIds(partition, jobIds);
    return new Map(jobs.map((job) => [job.id, job]));
  }

  async function listSummary(partition: string): Promise<ListSummary | undefined> {
    if (!summaries.has(partition)) {
      const stored = await (await cache()).getListSummary(partition);
      if (stored && !summaries.has(partition)) summaries.set(partition, stored);
    }
    return summaries.get(partition);
  }

  /** Keeps the whole list's counts for the next first query (see FIRST_ROWS_FROM_CACHE_MAX). */
  function rememberSummary(partition: string, counts: JobsResult['counts'], stamp: string): void {
    const known = summaries.get(partition);
    if (known?.stamp === stamp && JSON.stringify(known.counts) === JSON.stringify(counts)) return;
    const summary = { counts: { ...counts }, stamp };
    summaries.set(partition, summary);
    void cache()
      .then((db) => db.putListSummary(partition, summary))
      .catch((error: unknown) => console.warn('[Job Status Companion] could not keep the list summary', error));
  }

  /**
   * The first rows of a plain query from a few IndexedDB records, or null when the index is
   * loaded or the query needs every job. The counts are the last summary's (the status index's
   * without one). The full index loads behind it; should it tell another story (a new day for
   * the attention count, changes the summary missed), the UIs are told to ask again.
   */
  async function firstRowsFromCache(
    partition: string,
    account: Account | null,
    query: JobQuery,
    settings: Settings,
    onExact: (exact: JobsResult) => void,
  ): Promise<JobsResult | null> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 100;
    const plain = normaliseQuery(query.query ?? '').length === 0 && !query.status && query.attention !== true && (query.sort ?? 'updated') === 'updated';
    if (index.peek(partition) || !plain || offset + limit > FIRST_ROWS_FROM_CACHE_MAX) return null;
    const db = await cache();
    const now = deps.now();
    const [newest, summary] = await Promise.all([db.getNewestJobs(partition, offset + limit), listSummary(partition)]);
    const stamp = attentionStamp(account, now, settings.checklist);
    let counts: JobsResult['counts'];
    if (summary) counts = { ...summary.counts, attention: summary.stamp === stamp ? summary.counts.attention : 0 };
    else {
      const byStatus = await db.countJobsByStatus(partition);
      counts = { ...byStatus, all: byStatus.planning + byStatus.prepay + byStatus.selling + byStatus.archived, attention: 0 };
    }
    const result: JobsResult = {
      jobs: sortJobs(newest, 'updated').slice(offset, offset + limit),
      total: counts.all,
      counts,
      account,
      now: now.toISOString(),
    };
    void jobIndex(partition)
      .then((jobs) => {
        const exact = jobs.query(query, account, now, settings.checklist);
        rememberSummary(partition, exact.counts, stamp);
        if (!sameList(exact, result)) broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: null });
        onExact(exact);
      })
      .catch((error: unknown) => console.warn('[Job Status Companion] loading the job index failed', error));
    return result;
  }

  /** Badge updates follow every change; one failing (e.g. the worker shutting down) is not an error worth surfacing. */
  function scheduleBadge(state?: SyncStateView): void {
    refreshBadge(state).catch((error: unknown) => console.warn('[Job Status Companion] badge update failed', error));
  }

  async function refreshBadge(state?: SyncStateView): Promise<void> {
    const settings = await deps.settings.load();
    const view = state ?? (await syncer.view());
    const here = await current();
    let summary: AttentionSummary = { count: 0, worst: null };
    if (here.partition && here.account) {
      const jobs = await jobIndex(here.partition);
      const now = deps.now();
      summary = jobs.attentionSummary(here.account, now, settings.checklist);
      // Every change of the jobs ends here, so this keeps the popup's first counts current.
      rememberSummary(here.partition, jobs.counts(here.account, now, settings.checklist), attentionStamp(here.account, now, settings.checklist));
    }
    await deps.showBadge(badgeFor(view.status, summary, settings.badgeEnabled));
  }

  /** Writes a job the server returned, and tells everyone. */
  async function storeServerJob(partition: string, job: Job): Promise<void> {
    await (await cache()).putJob(partition, job);
    index.upsert(partition, [job]);
    broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: [job.id] });
    scheduleBadge();
  }

  /**
   * An admin page the user opens is the first sign of who is signed in there: before any sync
   * (first use), after the session expired and the user signed in again, or as another account.
   * The page asks once per view; whatever is news (no account yet, another account, a last sync
   * that did not end well) makes that account current and starts its sync. Tabs asking at once
   * share one question.
   */
  const sessionChecks = new Map<string, Promise<PageCheck>>();
  function checkPageSession(pageOrigin: string): Promise<PageCheck> {
    let check = sessionChecks.get(pageOrigin);
    if (!check) {
      check = runPageCheck(pageOrigin).finally(() => sessionChecks.delete(pageOrigin));
      sessionChecks.set(pageOrigin, check);
    }
    return check;
  }

  async function runPageCheck(pageOrigin: string): Promise<PageCheck> {
    let settings = await deps.settings.load();
    let here = await current(settings);
    if (pageOrigin !== settings.adminOrigin) {
      // The extension follows the admin site the user actually signs in to, until an account is known on the chosen one.
      if (here.partition) return { here, verified: false };
      settings = await deps.settings.save({ adminOrigin: pageOrigin });
      forgetCurrent();
      here = await current(settings);
    }
    let session: Session;
    try {
      session = await deps.api(here.origin).getSession();
    } catch {
      // Signed out or unreachable: what is cached stays as it is, and the next sync says why.
      return { here, verified: false };
    }
    const status = (await syncer.view()).status;
    if (here.account?.id === session.account.id && (status === 'ok' || status === 'syncing')) return { here, verified: true };
    const switched = here.account !== null && here.account.id !== session.account.id;
    const target = await syncer.establish(session);
    if (!target) return { here: await current(), verified: false };
    // Whatever showed the previous account's jobs (the popup's first screen, the pages) starts over.
    if (switched) broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: null });
    return { here: await current(), verified: true };
  }

  async function requireAccount(): Promise<Current & { partition: string; account: Account }> {
    const here = await current();
    if (!here.partition || !here.account) {
      throw new HandlerError('no-account', 'No admin account is known yet: sign in to the admin site, then refresh.');
    }
    return here as Current & { partition: string; account: Account };
  }

  async function setJobStatus({ jobId, to, expectedVersion }: RequestOf<'setJobStatus'>): Promise<{ job: Job }> {
    const here = await requireAccount();
    const job = await cachedJob(here.partition, jobId);
    if (!job) throw new HandlerError('not-found', `Job ${jobId} is not in the cache; refresh and try again.`);
    if (job.version !== expectedVersion) {
      throw new HandlerError('api', 'The job changed since you opened it; review it and try again.', { kind: 'conflict', job });
    }
    const refusal = transitionRefusal(job, here.account, to);
    if (refusal) throw new HandlerError('not-allowed', describeRefusal(refusal));
    const db = await cache();
    const at = deps.now().toISOString();
    const log = (result: 'done' | 'failed' | 'conflict', reason: string | null) =>
      db.addActivity([
        { partition: here.partition, at, origin: here.origin, accountId: here.account.id, jobId, jobName: job.name, from: job.status, to, result, reason, bulkId: null },
      ]);
    let updated: Job;
    try {
      // One key for the whole call: the adapter's retries of a lost answer are replayed, not re-applied.
      updated = await deps.api(here.origin).setStatus(jobId, { status: to, expectedVersion }, { idempotencyKey: newIdempotencyKey() });
    } catch (error) {
      // Recording the failure must not replace the error the user needs to see.
      try {
        if (error instanceof AdminApiError && error.kind === 'conflict' && error.job) {
          await storeServerJob(here.partition, error.job);
          await log('conflict', `Changed on the admin site meanwhile: it is now ${error.job.status}, version ${error.job.version}; not overwritten.`);
        } else {
          await log('failed', error instanceof Error ? error.message : String(error));
        }
      } catch (logError) {
        console.warn('[Job Status Companion] could not record a failed status change', logError);
      }
      throw error;
    }
    // Outside the try: the change is applied, so a failing cache write must never be logged as a failed change.
    await storeServerJob(here.partition, updated);
    await log('done', null);
    return { job: updated };
  }

  /** The job as the admin site has it now, stored; the cached one when the site cannot be reached. */
  async function revalidated(here: Current, partition: string, jobId: string, fetch: () => Promise<Job>, settings: Settings) {
    let job = (await cachedJob(partition, jobId)) ?? null;
    try {
      job = await fetch();
      await storeServerJob(partition, job);
    } catch (error) {
      if (error instanceof AdminApiError && error.kind === 'not-found') {
        await (await cache()).deleteJob(partition, jobId);
        index.remove(partition, [jobId]);
        return null;
      }
      if (!job) throw error;
    }
    return { job, account: here.account, checklist: settings.checklist, now: deps.now().toISOString() };
  }

  function handlers(bulk: BulkEngine): Handlers {
    return {
      async getJobs(query) {
        const ticket = firstScreen.begin();
        const settings = await deps.settings.load();
        const here = await current(settings);
        if (!here.partition) {
          return { jobs: [], total: 0, counts: { all: 0, attention: 0, planning: 0, prepay: 0, selling: 0, archived: 0 }, account: null, now: deps.now().toISOString() };
        }
        const screenQuery = firstScreenQuery(query);
        // The first screen keeps the loaded index's answer: firstRowsFromCache's may tell another story.
        const keep = (answer: JobsResult) => {
          if (screenQuery) void firstScreen.answered(ticket, screenQuery, answer, settings.checklist);
        };
        const first = await firstRowsFromCache(here.partition, here.account, query, settings, keep);
        if (first) return first;
        const now = deps.now();
        const result = (await jobIndex(here.partition)).query(query, here.account, now, settings.checklist);
        if (normaliseQuery(query.query ?? '').length === 0) rememberSummary(here.partition, result.counts, attentionStamp(here.account, now, settings.checklist));
        keep(result);
        return result;
      },
      async getJob({ jobId, revalidate }, sender) {
        const settings = await deps.settings.load();
        let here = await current(settings);
        if (revalidate && sender.kind === 'content-script') {
          // The page's job is fetched while the session is checked: the bar shows before any full sync.
          const early = sender.origin === here.origin ? deps.api(sender.origin).getJob(jobId) : null;
          early?.catch(() => undefined);
          const fetched = () => early ?? deps.api(sender.origin).getJob(jobId);
          const check = await checkPageSession(sender.origin);
          here = check.here;
          if (!here.partition) return null;
          // Stored only under the account the site just confirmed, never under the one we knew before.
          if (check.verified && here.origin === sender.origin) return revalidated(here, here.partition, jobId, fetched, settings);
        }
        if (!here.partition) return null;
        if (revalidate) return revalidated(here, here.partition, jobId, () => deps.api(here.origin).getJob(jobId), settings);
        const job = (await cachedJob(here.partition, jobId)) ?? null;
        return job ? { job, account: here.account, checklist: settings.checklist, now: deps.now().toISOString() } : null;
      },
      async getJobSummaries({ jobIds, revalidate }, sender) {
        // A page view checks the session without waiting: the badges come from the cache now, and a broadcast follows any news.
        if (revalidate && sender.kind === 'content-script') {
          checkPageSession(sender.origin).catch((error: unknown) => console.warn('[Job Status Companion] session check failed', error));
        }
        const settings = await deps.settings.load();
        const here = await current(settings);
        const summaries: Record<string, JobSummary> = {};
        const now = deps.now();
        if (here.partition && here.account) {
          const jobs = await cachedJobs(here.partition, jobIds);
          for (const id of jobIds) {
            const job = jobs.get(id);
            if (!job) continue;
            const summary = checklistSummary(job, here.account, now, settings.checklist);
            const result = evaluateChecklist('go-live', job, here.account, now, settings.checklist);
            summaries[id] = {
              status: job.status,
              criticalMissing: summary.criticalMissing,
              boostersDone: summary.boostersDone,
              boostersTotal: summary.boostersTotal,
              worst: summary.worst,
              missing: result.items.filter((item) => !item.passed).map((item) => ({ id: item.id, severity: item.severity })),
            };
          }
        }
        return { summaries, now: now.toISOString() };
      },
      getSyncState: () => syncer.view(),
      async refresh({ ifOlderThanMs }) {
        if (ifOlderThanMs !== undefined) {
          const view = await syncer.view();
          const fresh = view.lastSuccessAt && deps.now().getTime() - Date.parse(view.lastSuccessAt) < ifOlderThanMs;
          if (fresh && view.status === 'ok') return view;
        }
        return syncer.sync();
      },
      setJobStatus,
      previewBulk: ({ jobIds, target }) => bulk.preview(jobIds, target),
      startBulk: (request) => bulk.start(request),
      getBulk: ({ bulkId }) => bulk.get(bulkId),
      cancelBulk: ({ bulkId }) => bulk.cancel(bulkId),
      retryBulk: ({ bulkId }) => bulk.retry(bulkId),
      undoBulk: ({ bulkId }) => bulk.undo(bulkId),
      async getActivity({ limit }) {
        const here = await current();
        if (!here.partition) return [];
        return (await cache()).listActivity(here.partition, limit ?? 500);
      },
      getSettings: () => deps.settings.load(),
      async setSettings(patch) {
        const settings = await deps.settings.save(patch);
        broadcast({ channel: CHANNEL, event: 'settingsChanged', settings });
        scheduleBadge();
        return settings;
      },
      async clearCache({ scope }) {
        const db = await cache();
        const here = await current();
        const cleared = scope === 'all' ? await db.clearAll() : here.partition ? await db.clearPartition(here.partition) : 0;
        forgetCurrent();
        index.invalidate();
        summaries.clear();
        // Before answering: once the options page says "cleared", no job may be left anywhere.
        await firstScreen.forget();
        broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: null });
        scheduleBadge();
        return { cleared };
      },
    };
  }

  return {
    cache,
    current,
    jobIndex,
    handlers,
    sync: () => syncer.sync(),
    syncView: () => syncer.view(),
    refreshBadge,
    storeServerJob,
    /** The settings changed elsewhere (options page): drop what depended on them. */
    onSettingsChanged(): void {
      forgetCurrent();
      index.invalidate();
      firstScreen.changed();
      scheduleBadge();
    },
    /** Broadcasts as the app does (the bulk engine's too), so the popup's first screen follows every change. */
    broadcast,
  };
}

export type BackgroundApp = ReturnType<typeof createBackgroundApp>;

/** How an error travels back to the UI. */
export function toMessageError(error: unknown): MessageError {
  if (error instanceof HandlerError) return { code: error.code, message: error.message, ...error.extra };
  if (error instanceof AdminApiError) {
    const info = toErrorInfo(error);
    return { code: 'api', kind: info.kind, message: info.message, ...(error.job ? { job: error.job } : {}) };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** Whether two answers show the same rows (same versions) and the same numbers. */
function sameList(a: JobsResult, b: JobsResult): boolean {
  if (a.total !== b.total || a.jobs.length !== b.jobs.length) return false;
  if ((Object.keys(a.counts) as (keyof JobsResult['counts'])[]).some((key) => a.counts[key] !== b.counts[key])) return false;
  return a.jobs.every((job, i) => job.id === b.jobs[i]!.id && job.version === b.jobs[i]!.version);
}
