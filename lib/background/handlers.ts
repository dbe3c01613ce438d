import { AdminApiError, failureReason } from '../admin-api/errors';
import { newIdempotencyKey } from '../admin-api/http';
import { evaluateChecklist } from '../core/checklist';
import { normaliseQuery } from '../core/search';
import { reason, refusalReason, type Reason } from '../core/reasons';
import { transitionRefusal } from '../core/transitions';
import type { Job } from '../core/types';
import { CHANNEL, type JobsResult, type JobSummary, type RequestOf, type SyncStateView } from '../messaging/protocol';
import { firstScreenQuery } from '../messaging/first-screen';
import { HandlerError, type Handlers } from '../messaging/router';
import type { Settings } from '../settings/settings';
import { attentionStamp, type JobIndex } from '../sync/job-index';
import type { BackgroundDeps, BulkEngine, Current, SignedIn } from './app';
import type { FirstRows } from './first-rows';
import type { FirstScreenKeeper } from './first-screen';
import type { PageCheck } from './page-session';

/**
 * The protocol's handlers bound to the background's parts: each answers one message type that
 * the router has already validated and allowed for its sender. Rules come from lib/core.
 */

/** The parts of the background app the handlers work with (app.ts builds them). */
export interface AppCore {
  deps: BackgroundDeps;
  cache: BackgroundDeps['cache'];
  current(settings?: Settings): Promise<Current>;
  requireAccount(): Promise<SignedIn>;
  forgetCurrent(): void;
  jobIndex(partition: string): Promise<JobIndex>;
  invalidateIndex(): void;
  removeFromIndex(partition: string, jobIds: string[]): void;
  cachedJob(partition: string, jobId: string): Promise<Job | undefined>;
  cachedJobs(partition: string, jobIds: string[]): Promise<Map<string, Job>>;
  storeServerJob(partition: string, job: Job): Promise<void>;
  checkPageSession(pageOrigin: string): Promise<PageCheck>;
  syncer: { view(): Promise<SyncStateView>; sync(): Promise<SyncStateView> };
  firstRows: FirstRows;
  firstScreen: FirstScreenKeeper;
  broadcast: BackgroundDeps['broadcast'];
  scheduleBadge(): void;
}

export function createHandlers(core: AppCore, bulk: BulkEngine): Handlers {
  const { deps, cache, current, requireAccount, cachedJob, storeServerJob, broadcast } = core;



  async function setJobStatus({ jobId, to, expectedVersion }: RequestOf<'setJobStatus'>): Promise<{ job: Job }> {
    const here = await requireAccount();
    const job = await cachedJob(here.partition, jobId);
    if (!job) throw new HandlerError('not-found', reason('not-in-cache'));
    if (job.version !== expectedVersion) {
      throw new HandlerError('api', reason('job-changed'), { kind: 'conflict', job });
    }
    const refusal = transitionRefusal(job, here.account, to);
    if (refusal) throw new HandlerError('not-allowed', refusalReason(refusal));
    const db = await cache();
    const at = deps.now().toISOString();
    const log = (result: 'done' | 'failed' | 'conflict', why: Reason | null) =>
      db.addActivity([
        { partition: here.partition, at, origin: here.origin, accountId: here.account.id, jobId, jobName: job.name, from: job.status, to, result, reason: why, bulkId: null },
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
          await log('conflict', reason('conflict', { status: error.job.status, version: error.job.version, expected: expectedVersion }));
        } else {
          await log('failed', failureReason(error));
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
        core.removeFromIndex(partition, [jobId]);
        return null;
      }
      if (!job) throw error;
    }
    return { job, account: here.account, checklist: settings.checklist, now: deps.now().toISOString() };
  }

  return {
    async getJobs(query) {
      const ticket = core.firstScreen.begin();
      const settings = await deps.settings.load();
      const here = await current(settings);
      if (!here.partition) {
        return { jobs: [], total: 0, counts: { all: 0, attention: 0, planning: 0, prepay: 0, selling: 0, archived: 0 }, account: null, now: deps.now().toISOString() };
      }
      const screenQuery = firstScreenQuery(query);
      // The first screen keeps the loaded index's answer: the cache's first rows may tell another story.
      const keep = (answer: JobsResult) => {
        if (screenQuery) void core.firstScreen.answered(ticket, screenQuery, answer, settings.checklist);
      };
      const first = await core.firstRows.fromCache(here.partition, here.account, query, settings, keep);
      if (first) return first;
      const now = deps.now();
      const result = (await core.jobIndex(here.partition)).query(query, here.account, now, settings.checklist);
      if (normaliseQuery(query.query ?? '').length === 0) {
        core.firstRows.remember(here.partition, result.counts, attentionStamp(here.account, now, settings.checklist));
      }
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
        const check = await core.checkPageSession(sender.origin);
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
        core.checkPageSession(sender.origin).catch((error: unknown) => console.warn('[Job Status Companion] session check failed', error));
      }
      const settings = await deps.settings.load();
      const here = await current(settings);
      const summaries: Record<string, JobSummary> = {};
      const now = deps.now();
      if (here.partition && here.account) {
        const jobs = await core.cachedJobs(here.partition, jobIds);
        for (const id of jobIds) {
          const job = jobs.get(id);
          if (!job) continue;
          // One evaluation gives both the counts and the items (checklistSummary would run it again).
          const result = evaluateChecklist('go-live', job, here.account, now, settings.checklist);
          summaries[id] = {
            status: job.status,
            criticalMissing: result.criticalMissing,
            boostersDone: result.recommendedDone,
            boostersTotal: result.recommendedTotal,
            worst: result.worst,
            missing: result.items.filter((item) => !item.passed).map((item) => ({ id: item.id, severity: item.severity })),
          };
        }
      }
      return { summaries, now: now.toISOString() };
    },
    getSyncState: () => core.syncer.view(),
    async refresh({ ifOlderThanMs }) {
      if (ifOlderThanMs !== undefined) {
        const view = await core.syncer.view();
        const fresh = view.lastSuccessAt && deps.now().getTime() - Date.parse(view.lastSuccessAt) < ifOlderThanMs;
        if (fresh && view.status === 'ok') return view;
      }
      return core.syncer.sync();
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
      core.scheduleBadge();
      return settings;
    },
    async clearCache({ scope }) {
      const db = await cache();
      const here = await current();
      const cleared = scope === 'all' ? await db.clearAll() : here.partition ? await db.clearPartition(here.partition) : 0;
      core.forgetCurrent();
      core.invalidateIndex();
      core.firstRows.forget();
      // Before answering: once the options page says "cleared", no job may be left anywhere.
      await core.firstScreen.forget();
      broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: null });
      core.scheduleBadge();
      return { cleared };
    },
  };
}
