import { vi } from 'vitest';
import { JobIndex } from '../../../lib/sync/job-index';
import type { PopupDeps } from '../../../entrypoints/popup/deps';
import { planBulk } from '../../../lib/core/bulk';
import { transitionRefusal } from '../../../lib/core/transitions';
import type { Account, Job, JobStatus } from '../../../lib/core/types';
import { MessageFailure } from '../../../lib/messaging/client';
import type {
  ActivityEntry,
  BroadcastEvent,
  BulkJobResult,
  BulkView,
  MessageType,
  RequestOf,
  ResponseOf,
  SyncStateView,
} from '../../../lib/messaging/protocol';
import { CHANNEL } from '../../../lib/messaging/protocol';
import { defaultSettings } from '../../../lib/settings/settings';
import { BASE_NOW, makeAccount, makeJob } from '../../lib/core/factories';

export const ORIGIN = 'https://app.gotphoto.com';

/** `count` distinct jobs with varied statuses, names and deadlines. */
export function manyJobs(count: number): Job[] {
  const statuses: JobStatus[] = ['planning', 'selling', 'archived', 'prepay'];
  return Array.from({ length: count }, (_, i) =>
    makeJob({
      id: `job-${String(i).padStart(5, '0')}`,
      name: `Job ${String(i).padStart(5, '0')}`,
      organization: `School ${i % 7}`,
      status: statuses[i % 4],
      updatedAt: new Date(BASE_NOW.getTime() - i * 60_000).toISOString(),
    }),
  );
}

type Handler<T extends MessageType> = (payload: RequestOf<T>) => ResponseOf<T> | Promise<ResponseOf<T>>;

/**
 * A background in memory for popup tests: the real JobIndex answers getJobs, lib/core plans
 * bulks; every handler can be replaced. Broadcasts are pushed with `emit`.
 */
export function fakeBackground(jobs: Job[] = manyJobs(3), account: Account = makeAccount()) {
  const index = new JobIndex(jobs);
  const listeners = new Set<(event: BroadcastEvent) => void>();
  const prefs: { value: unknown } = { value: undefined };
  /** What browser.storage.session holds under the first-screen key. */
  const firstScreen: { value: unknown } = { value: undefined };
  let sync: SyncStateView = {
    status: 'ok',
    origin: ORIGIN,
    account,
    lastSuccessAt: new Date(BASE_NOW.getTime() - 12_000).toISOString(),
    lastError: null,
    jobCount: jobs.length,
  };
  const activity: ActivityEntry[] = [];

  function bulkView(target: JobStatus, results: BulkJobResult[], state: BulkView['state'] = 'running'): BulkView {
    const counts = { pending: 0, 'in-flight': 0, done: 0, failed: 0, conflict: 0, skipped: 0, cancelled: 0 };
    for (const result of results) counts[result.state] += 1;
    return { id: 'bulk-1', createdAt: BASE_NOW.toISOString(), target, state, resumeAt: null, counts, total: results.length, results, origin: null, waitingFor: null };
  }

  const handlers: { [T in MessageType]?: Handler<T> } = {
    getJobs: (query) => index.query(query, account, BASE_NOW, {}),
    getJob: ({ jobId }) => {
      const job = index.get(jobId);
      return job ? { job, account, checklist: {}, now: BASE_NOW.toISOString() } : null;
    },
    getSettings: () => defaultSettings(),
    getSyncState: () => sync,
    refresh: () => sync,
    getBulk: () => null,
    setJobStatus: ({ jobId, to, expectedVersion }) => {
      const job = index.get(jobId);
      if (!job) throw new MessageFailure({ code: 'not-found', reason: { code: 'not-in-cache' } });
      if (job.version !== expectedVersion) throw new MessageFailure({ code: 'api', kind: 'conflict', reason: { code: 'job-changed' }, job });
      const updated = { ...job, status: to, version: job.version + 1 };
      index.upsert([updated]);
      return { job: updated };
    },
    previewBulk: ({ jobIds, target }) => ({
      ...planBulk(jobIds.flatMap((id) => index.get(id) ?? []), target, account, BASE_NOW),
      now: BASE_NOW.toISOString(),
    }),
    startBulk: ({ jobIds, target }) =>
      bulkView(
        target,
        jobIds.map((jobId) => {
          const job = index.get(jobId) ?? makeJob({ id: jobId });
          const refusal = transitionRefusal(job, account, target);
          return { jobId, name: job.name, from: job.status, to: target, state: refusal ? 'skipped' : 'pending', attempt: 0, reason: refusal ? 'not allowed' : null };
        }),
      ),
    getActivity: () => activity,
  };

  const send = vi.fn(async <T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> => {
    const handler = handlers[type] as Handler<T> | undefined;
    if (!handler) throw new MessageFailure({ code: 'internal', reason: { code: 'unexpected', params: { detail: `no fake for ${type}` } } });
    return handler(payload);
  });

  const deps: PopupDeps = {
    send: send as unknown as PopupDeps['send'],
    onBroadcast: (handler, signal) => {
      listeners.add(handler);
      signal.addEventListener('abort', () => listeners.delete(handler));
    },
    loadPrefs: vi.fn(() => prefs.value),
    savePrefs: vi.fn((value: unknown) => {
      prefs.value = value;
    }),
    loadFirstScreen: vi.fn(async () => firstScreen.value),
    openTab: vi.fn(),
    openOptions: vi.fn(),
    copy: vi.fn(async () => {}),
    download: vi.fn(),
    now: () => BASE_NOW.getTime(),
  };

  return {
    deps,
    send,
    index,
    account,
    prefs,
    firstScreen,
    activity,
    handlers,
    bulkView,
    setSync(next: Partial<SyncStateView>) {
      sync = { ...sync, ...next };
    },
    emit(event: BroadcastEvent extends infer E ? (E extends BroadcastEvent ? Omit<E, 'channel'> : never) : never) {
      for (const listener of listeners) listener({ channel: CHANNEL, ...event } as BroadcastEvent);
    },
    /** The requests of one type, in order. */
    calls<T extends MessageType>(type: T): RequestOf<T>[] {
      return send.mock.calls.filter(([each]) => each === type).map(([, payload]) => payload as RequestOf<T>);
    },
  };
}

export type FakeBackground = ReturnType<typeof fakeBackground>;
