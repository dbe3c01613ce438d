import { AdminApiError, toErrorInfo } from '../../lib/admin-api/errors';
import { newIdempotencyKey } from '../../lib/admin-api/http';
import type { AdminApi } from '../../lib/admin-api/port';
import type { JobCache } from '../../lib/cache';
import { attentionSummary } from '../../lib/core/attention';
import { checklistSummary, evaluateChecklist } from '../../lib/core/checklist';
import { describeRefusal, transitionRefusal } from '../../lib/core/transitions';
import type { Account, Job } from '../../lib/core/types';
import type {
  BroadcastEvent,
  BulkView,
  JobSummary,
  MessageError,
  RequestOf,
  SyncStateView,
} from '../../lib/messaging/protocol';
import { CHANNEL } from '../../lib/messaging/protocol';
import { HandlerError, type Handlers } from '../../lib/messaging/router';
import type { Settings, SettingsPatch } from '../../lib/settings/settings';
import { badgeFor, type BadgeLook } from './badge';
import { JobIndex } from './job-index';
import { createSyncer, type SyncTarget } from './sync';
import type { BulkPlan } from '../../lib/core/bulk';

/** A popup opening revalidates data older than this. */
export const REVALIDATE_AFTER_MS = 30_000;

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
}

export interface Current {
  origin: string;
  partition: string | null;
  account: Account | null;
}

/**
 * The background's state and behaviour, independent of the browser wiring (index.ts) so it can
 * be tested with fakeBrowser, fake-indexeddb and the real sandbox.
 */
export function createBackgroundApp(deps: BackgroundDeps) {
  let index: { partition: string; jobs: JobIndex } | null = null;
  let cachePromise: Promise<JobCache> | null = null;
  const cache = () => (cachePromise ??= deps.cache());

  const syncer = createSyncer({
    cache,
    api: deps.api,
    origin: async () => (await deps.settings.load()).adminOrigin,
    now: deps.now,
    onJobsChanged: (target, upserted, deletedIds, fullSyncGen) => onSyncedJobs(target, upserted, deletedIds, fullSyncGen),
    onState: (state) => {
      deps.broadcast({ channel: CHANNEL, event: 'syncState', state });
      scheduleBadge(state);
    },
  });

  function onSyncedJobs(target: SyncTarget, upserted: Job[], deletedIds: string[], fullSyncGen: number | null) {
    if (index?.partition === target.partition) {
      if (fullSyncGen !== null) index = null; // stale jobs were removed: reload on next read
      else {
        index.jobs.upsert(upserted);
        index.jobs.remove(deletedIds);
      }
    }
    if (fullSyncGen !== null || upserted.length > 0 || deletedIds.length > 0) {
      deps.broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: fullSyncGen !== null ? null : [...upserted.map((j) => j.id), ...deletedIds] });
    }
  }

  async function current(): Promise<Current> {
    const origin = (await deps.settings.load()).adminOrigin;
    const db = await cache();
    const partition = (await db.getCurrentPartition(origin)) ?? null;
    const record = partition ? await db.getSync(partition) : undefined;
    return { origin, partition, account: record?.account ?? null };
  }

  async function jobIndex(partition: string): Promise<JobIndex> {
    if (index?.partition !== partition) {
      const jobs = await (await cache()).getJobs(partition);
      index = { partition, jobs: new JobIndex(jobs) };
    }
    return index.jobs;
  }

  /** Badge updates follow every change; one failing (e.g. the worker shutting down) is not an error worth surfacing. */
  function scheduleBadge(state?: SyncStateView): void {
    refreshBadge(state).catch((error: unknown) => console.warn('[Job Status Companion] badge update failed', error));
  }

  async function refreshBadge(state?: SyncStateView): Promise<void> {
    const settings = await deps.settings.load();
    const view = state ?? (await syncer.view());
    const here = await current();
    const summary =
      here.partition && here.account
        ? attentionSummary((await jobIndex(here.partition)).all(), here.account, deps.now(), settings.checklist)
        : { count: 0, worst: null };
    await deps.showBadge(badgeFor(view.status, summary, settings.badgeEnabled));
  }

  /** Writes a job the server returned, and tells everyone. */
  async function storeServerJob(partition: string, job: Job): Promise<void> {
    await (await cache()).putJob(partition, job);
    if (index?.partition === partition) index.jobs.upsert([job]);
    deps.broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: [job.id] });
    scheduleBadge();
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
    const jobs = await jobIndex(here.partition);
    const job = jobs.get(jobId) ?? (await (await cache()).getJob(here.partition, jobId));
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
    try {
      const updated = await deps.api(here.origin).setStatus(jobId, { status: to, expectedVersion }, { idempotencyKey: newIdempotencyKey() });
      await storeServerJob(here.partition, updated);
      await log('done', null);
      return { job: updated };
    } catch (error) {
      if (error instanceof AdminApiError && error.kind === 'conflict' && error.job) {
        await storeServerJob(here.partition, error.job);
        await log('conflict', 'The job was changed on the admin site meanwhile.');
      } else {
        await log('failed', error instanceof Error ? error.message : String(error));
      }
      throw error;
    }
  }

  function handlers(bulk: BulkEngine): Handlers {
    return {
      async getJobs(query) {
        const here = await current();
        const settings = await deps.settings.load();
        if (!here.partition) {
          return { jobs: [], total: 0, counts: { all: 0, attention: 0, planning: 0, prepay: 0, selling: 0, archived: 0 }, account: null, now: deps.now().toISOString() };
        }
        return (await jobIndex(here.partition)).query(query, here.account, deps.now(), settings.checklist);
      },
      async getJob({ jobId, revalidate }) {
        const here = await current();
        if (!here.partition) return null;
        const settings = await deps.settings.load();
        let job = (await jobIndex(here.partition)).get(jobId) ?? null;
        if (revalidate) {
          try {
            job = await deps.api(here.origin).getJob(jobId);
            await storeServerJob(here.partition, job);
          } catch (error) {
            if (error instanceof AdminApiError && error.kind === 'not-found') {
              await (await cache()).deleteJob(here.partition, jobId);
              index?.jobs.remove([jobId]);
              return null;
            }
            if (!job) throw error;
          }
        }
        return job ? { job, account: here.account, checklist: settings.checklist, now: deps.now().toISOString() } : null;
      },
      async getJobSummaries({ jobIds }) {
        const here = await current();
        const summaries: Record<string, JobSummary> = {};
        const now = deps.now();
        if (here.partition && here.account) {
          const settings = await deps.settings.load();
          const jobs = await jobIndex(here.partition);
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
        deps.broadcast({ channel: CHANNEL, event: 'settingsChanged', settings });
        scheduleBadge();
        return settings;
      },
      async clearCache({ scope }) {
        const db = await cache();
        const here = await current();
        const cleared = scope === 'all' ? await db.clearAll() : here.partition ? await db.clearPartition(here.partition) : 0;
        index = null;
        deps.broadcast({ channel: CHANNEL, event: 'jobsChanged', jobIds: null });
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
      index = null;
      scheduleBadge();
    },
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
