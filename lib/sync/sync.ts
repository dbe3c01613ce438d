import { AdminApiError, failureReason } from '../admin-api/errors';
import type { AdminApi } from '../admin-api/port';
import { partitionKey, type JobCache, type SyncRecord } from '../cache';
import type { Account, Job, Session } from '../core/types';
import type { SyncStateView, SyncStatus } from '../messaging/protocol';

/**
 * lib/sync — the background's copy of the admin site: the syncer (full, then incremental, resumable
 * page by page) and the in-memory job index the popup's queries are answered from.
 * Owns: the sync state records and the job index. May call: lib/admin-api (through the AdminApi
 * port), lib/cache, lib/core. Never: touches browser UI, decides a domain rule itself, or writes a
 * page that failed validation. Only the background imports it (eslint.config.js).
 */

/** Page size for sync: big pages mean few round trips and few IndexedDB transactions. */
export const SYNC_PAGE_SIZE = 500;

export interface SyncTarget {
  origin: string;
  partition: string;
  account: Account;
}

export interface SyncDeps {
  cache(): Promise<JobCache>;
  api(origin: string): AdminApi;
  origin(): Promise<string>;
  now(): Date;
  /** Called after every page write and at the end, so the in-memory index and UIs follow. */
  onJobsChanged(target: SyncTarget, upserted: Job[], deletedIds: string[], fullSyncGen: number | null): void;
  onState(state: SyncStateView): void;
}

/**
 * Keeps the cache equal to the admin site: a full sync first (resumable page by page, since the
 * worker may stop at any moment), then incremental syncs by `updatedSince` with `deletedIds`.
 * Every page is validated by the API adapter before it is written; a failure keeps the cache
 * and records why. One sync runs at a time.
 */
export function createSyncer(deps: SyncDeps) {
  let running: Promise<SyncStateView> | null = null;
  /** The admin origin the running sync belongs to: a sync for another origin never joins it. */
  let runningOrigin: string | null = null;
  /** The running sync's account, once its session is known (null when it failed before). */
  let runningTarget: Promise<SyncTarget | null> | null = null;

  function start(origin: string, session?: Session): Promise<SyncStateView> {
    let known: (target: SyncTarget | null) => void = () => {};
    runningTarget = new Promise((resolve) => (known = resolve));
    const run_ = run(origin, session, (target) => known(target)).finally(() => {
      known(null);
      if (running === run_) {
        running = null;
        runningOrigin = null;
        runningTarget = null;
      }
    });
    running = run_;
    runningOrigin = origin;
    return run_;
  }

  async function viewFor(origin: string): Promise<SyncStateView> {
    const partition = await (await deps.cache()).getCurrentPartition(origin);
    const record = partition ? await (await deps.cache()).getSync(partition) : undefined;
    const jobCount = !partition ? 0 : (record?.jobCount ?? (await (await deps.cache()).countJobs(partition)));
    // A worker stopped mid-sync leaves "syncing" behind; unless one runs here now, that is history (the next sync resumes it).
    const stale = record?.status === 'syncing' && running === null;
    return toView(origin, stale ? { ...record, status: record.lastError ? 'error' : record.lastSuccessAt ? 'ok' : 'never' } : (record ?? null), jobCount);
  }

  async function run(origin: string, given: Session | undefined, accountKnown: (target: SyncTarget) => void): Promise<SyncStateView> {
    const api = deps.api(origin);
    let session = given;
    try {
      session ??= await api.getSession();
    } catch (error) {
      return fail(origin, null, error);
    }
    const account = session.account;
    const partition = partitionKey(origin, account.id);
    await (await deps.cache()).setCurrentPartition(origin, partition);
    const target: SyncTarget = { origin, partition, account };

    let record: SyncRecord = (await (await deps.cache()).getSync(partition)) ?? {
      partition,
      origin,
      accountId: account.id,
      account,
      phase: 'full',
      cursor: null,
      updatedSince: null,
      gen: 0,
      status: 'never',
      lastSuccessAt: null,
      lastError: null,
    };
    record = { ...record, account, status: 'syncing' };
    await (await deps.cache()).putSync(record);
    deps.onState(await viewFor(origin));
    accountKnown(target);

    let changed: boolean;
    try {
      ({ record, changed } = record.phase === 'full' ? { record: await fullSync(api, target, record), changed: true } : await incrementalSync(api, target, record));
    } catch (error) {
      return fail(origin, record, error);
    }
    // Counted once here, so showing the sync state never walks the whole cache.
    const jobCount = changed || record.jobCount === undefined ? await (await deps.cache()).countJobs(partition) : record.jobCount;
    record = { ...record, status: 'ok', lastSuccessAt: deps.now().toISOString(), lastError: null, jobCount };
    await (await deps.cache()).putSync(record);
    const view = await viewFor(origin);
    deps.onState(view);
    return view;
  }

  async function fullSync(api: AdminApi, target: SyncTarget, start: SyncRecord): Promise<SyncRecord> {
    // A full sync interrupted by a stopped worker goes on from its cursor with the same generation.
    let record: SyncRecord =
      start.cursor === null ? { ...start, gen: start.gen + 1, updatedSince: null } : start;
    let cursor = record.cursor;
    let next = prefetch(api.listJobs({ limit: SYNC_PAGE_SIZE, cursor }));
    do {
      const page = await next;
      cursor = page.nextCursor;
      if (cursor !== null) next = prefetch(api.listJobs({ limit: SYNC_PAGE_SIZE, cursor }));
      // The first page's server time is where the next incremental sync starts: anything changed
      // while we page through is newer than it.
      record = { ...record, cursor, updatedSince: record.updatedSince ?? page.serverTime };
      await (await deps.cache()).putJobsPage(target.partition, page.jobs, { gen: record.gen, sync: record });
      deps.onJobsChanged(target, page.jobs, [], null);
    } while (cursor !== null);
    await (await deps.cache()).removeStaleJobs(target.partition, record.gen);
    deps.onJobsChanged(target, [], [], record.gen);
    return { ...record, phase: 'incremental', cursor: null };
  }

  async function incrementalSync(api: AdminApi, target: SyncTarget, start: SyncRecord): Promise<{ record: SyncRecord; changed: boolean }> {
    let cursor: string | null = null;
    let nextSince: string | null = null;
    let changed = false;
    let next = prefetch(api.listJobs({ limit: SYNC_PAGE_SIZE, cursor, updatedSince: start.updatedSince }));
    do {
      const page = await next;
      nextSince ??= page.serverTime;
      cursor = page.nextCursor;
      if (cursor !== null) next = prefetch(api.listJobs({ limit: SYNC_PAGE_SIZE, cursor, updatedSince: start.updatedSince }));
      await (await deps.cache()).putJobsPage(target.partition, page.jobs, { gen: start.gen, deletedIds: page.deletedIds });
      if (page.jobs.length > 0 || page.deletedIds.length > 0) {
        changed = true;
        deps.onJobsChanged(target, page.jobs, page.deletedIds, null);
      }
    } while (cursor !== null);
    return { record: { ...start, updatedSince: nextSince ?? start.updatedSince }, changed };
  }

  async function fail(origin: string, record: SyncRecord | null, error: unknown): Promise<SyncStateView> {
    const status = statusForError(error);
    const lastError = { kind: errorKind(error), reason: failureReason(error), at: deps.now().toISOString() };
    // Signed out before we knew the account: mark the account last seen on this origin.
    const partition = record?.partition ?? (await (await deps.cache()).getCurrentPartition(origin));
    const existing = record ?? (partition ? await (await deps.cache()).getSync(partition) : undefined);
    if (existing) await (await deps.cache()).putSync({ ...existing, status, lastError });
    const view = existing
      ? await viewFor(origin)
      : { ...toView(origin, null, 0), status, lastError };
    deps.onState(view);
    return view;
  }

  return {
    /** Runs a sync of the current origin, or joins the one running for it. */
    async sync(): Promise<SyncStateView> {
      const origin = await deps.origin();
      // Checked and started with no await in between, so two callers never start two syncs.
      // A running sync of another origin ends first: its result is its own origin's.
      for (;;) {
        if (!running) return start(origin);
        if (runningOrigin === origin) return running;
        await running.catch(() => undefined);
      }
    },
    /**
     * Makes `session`'s account the current one of its origin and syncs it: joins the running
     * sync when it is that account's, else lets the running one end and starts another. Resolves
     * as soon as the account is recorded (before the jobs arrive), with null when that failed.
     */
    async establish(session: Session): Promise<SyncTarget | null> {
      const origin = await deps.origin();
      while (running) {
        const target = runningOrigin === origin ? await runningTarget : null;
        if (target?.account.id === session.account.id) return target;
        await running?.catch(() => undefined);
      }
      start(origin, session).catch(() => undefined);
      return runningTarget;
    },
    isRunning: () => running !== null,
    view: async () => viewFor(await deps.origin()),
  };
}

/**
 * The next page is requested as soon as the cursor is known, so it travels while this page is
 * written to IndexedDB (the writes take longer than a page fetch on a fast connection). Each page
 * is still written in its own transaction with its cursor, so a stopped worker resumes exactly; a
 * prefetched page nobody awaits any more (the write failed) is dropped without an unhandled
 * rejection.
 */
function prefetch<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}

export function statusForError(error: unknown): SyncStatus {
  if (error instanceof AdminApiError) {
    if (error.kind === 'signed-out') return 'signed-out';
    if (error.kind === 'network' || error.kind === 'timeout') return 'offline';
  }
  return 'error';
}

function errorKind(error: unknown): string {
  return error instanceof AdminApiError ? error.kind : 'unexpected';
}

export function toView(origin: string, record: SyncRecord | null, jobCount: number): SyncStateView {
  return {
    status: record?.status ?? 'never',
    origin,
    account: record?.account ?? null,
    lastSuccessAt: record?.lastSuccessAt ?? null,
    lastError: record?.lastError ?? null,
    jobCount,
  };
}
