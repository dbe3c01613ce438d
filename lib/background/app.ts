import { AdminApiError, failureReason } from '../admin-api/errors';
import type { AdminApi } from '../admin-api/port';
import type { JobCache } from '../cache';
import type { AttentionSummary } from '../core/attention';
import type { BulkPlan } from '../core/bulk';
import type { Account, Job } from '../core/types';
import type { BroadcastEvent, BulkView, MessageError, RequestOf, SyncStateView } from '../messaging/protocol';
import { CHANNEL } from '../messaging/protocol';
import { HandlerError } from '../messaging/router';
import { reason } from '../core/reasons';
import type { Settings, SettingsPatch } from '../settings/settings';
import { attentionStamp, JobIndexHolder, type JobIndex } from '../sync/job-index';
import { createSyncer, type SyncTarget } from '../sync/sync';
import { badgeFor, type BadgeLook } from './badge';
import { createFirstRows } from './first-rows';
import { createFirstScreenKeeper, type FirstScreenStorage } from './first-screen';
import { createHandlers } from './handlers';
import { createPageSessionCheck } from './page-session';
import type { FirstScreenQuery } from '../messaging/first-screen';

/**
 * lib/background — the background's glue: the protocol's handlers bound to the services, who is
 * signed in where (page views, first use), the popup's first screen, the toolbar badge and the
 * host permissions. Owns: the current account per origin. May call: lib/admin-api, lib/cache,
 * lib/sync, lib/core, lib/messaging, lib/settings. Never: registers browser listeners itself
 * (entrypoints/background does) or trusts a message the router did not check. Background only.
 *
 * The parts: app.ts (this file: the current account, the job index, the badge, storing the
 * server's jobs), handlers.ts (one handler per message type), page-session.ts (who is signed in,
 * from a page view), first-rows.ts and first-screen.ts (a fast first popup), badge.ts,
 * permissions.ts (host access kept in step with the settings).
 */

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

export type SignedIn = Current & { partition: string; account: Account };

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

  /** The current account, or the refusal every request that needs one gets. */
  async function requireAccount(): Promise<SignedIn> {
    const here = await current();
    if (!here.partition || !here.account) throw new HandlerError('no-account', reason('no-account'));
    return here as SignedIn;
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

  const firstRows = createFirstRows({ cache, now: deps.now, peekIndex: (partition) => index.peek(partition), jobIndex, broadcast });

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
      firstRows.remember(here.partition, jobs.counts(here.account, now, settings.checklist), attentionStamp(here.account, now, settings.checklist));
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

  const checkPageSession = createPageSessionCheck({ api: deps.api, settings: deps.settings, current, forgetCurrent, syncer, broadcast });

  function handlers(bulk: BulkEngine) {
    return createHandlers(
      {
        deps,
        cache,
        current,
        requireAccount,
        forgetCurrent,
        jobIndex,
        invalidateIndex: () => index.invalidate(),
        removeFromIndex: (partition, jobIds) => index.remove(partition, jobIds),
        cachedJob,
        cachedJobs,
        storeServerJob,
        checkPageSession,
        syncer,
        firstRows,
        firstScreen,
        broadcast,
        scheduleBadge: () => scheduleBadge(),
      },
      bulk,
    );
  }

  return {
    cache,
    current,
    requireAccount,
    jobIndex,
    handlers,
    sync: () => syncer.sync(),
    syncView: () => syncer.view(),
    refreshBadge,
    storeServerJob,
    /**
     * The settings changed elsewhere (options page). Checklist severities need no reload: the
     * index re-evaluates attention under a new stamp. Another origin means another account.
     */
    onSettingsChanged({ originChanged }: { originChanged: boolean }): void {
      if (originChanged) {
        forgetCurrent();
        index.invalidate();
      }
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
  // A HandlerError never gets here: the router answers it with its own code and reason.
  if (error instanceof AdminApiError) {
    return { code: 'api', kind: error.kind, reason: failureReason(error), ...(error.job ? { job: error.job } : {}) };
  }
  return { code: 'internal', reason: failureReason(error) };
}
