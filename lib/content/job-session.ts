import { reason } from '../core/reasons';
import type { Account, ChecklistSettings, Job, JobStatus } from '../core/types';
import type { MessageFailure } from '../messaging/client';
import type { BroadcastEvent, MessageError, MessageType, RequestOf, ResponseOf } from '../messaging/protocol';

/**
 * The settings page's job, as the content script knows it: shown at once from the background's
 * cache, then revalidated against the admin; changed only through `setJobStatus`. No rule is
 * decided here (lib/core does that in the view); this is only who asks what, when.
 */
export interface JobData {
  job: Job;
  account: Account;
  checklist: ChecklistSettings;
  /** The background's clock, so the page and the popup judge deadlines alike. */
  now: Date;
}

export type JobNotice =
  | { kind: 'working'; to: JobStatus }
  | { kind: 'changed'; to: JobStatus }
  | { kind: 'failed'; error: MessageError };

export interface JobSessionState {
  /** null until the job is known (not synced yet, or not in this account). */
  data: JobData | null;
  /** A status change is being sent. */
  busy: boolean;
  /** The target of the confirmation dialog that is open, if any. */
  dialog: JobStatus | null;
  notice: JobNotice | null;
}

type Send = <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<ResponseOf<T>>;

export interface JobSessionDeps {
  jobId: string;
  signal: AbortSignal;
  send: Send;
  /** Makes the site's own view show what changed (lib/pages). */
  refreshSiteView(): void;
  onChange(state: JobSessionState): void;
  report(error: unknown): void;
}

/** When to look again after the site saved its settings: the save's answer lands in between. */
export const SAVE_REVALIDATE_DELAYS_MS: readonly number[] = [300, 300, 400, 1000, 2000];

export function createJobSession(deps: JobSessionDeps) {
  const { jobId, signal } = deps;
  let state: JobSessionState = { data: null, busy: false, dialog: null, notice: null };
  let saveWatch = 0;

  const set = (patch: Partial<JobSessionState>) => {
    if (signal.aborted) return;
    state = { ...state, ...patch };
    deps.onChange(state);
  };

  /** Takes a job unless an older answer overtook a newer one (cache vs. revalidation). */
  const accept = (data: JobData) => {
    const current = state.data?.job;
    if (current && data.job.version < current.version) return;
    set({ data });
  };

  async function load(revalidate: boolean): Promise<void> {
    try {
      const answer = await deps.send('getJob', revalidate ? { jobId, revalidate: true } : { jobId });
      if (signal.aborted) return;
      if (!answer) {
        // Revalidation found it gone (deleted on the admin): nothing left to show.
        if (revalidate) set({ data: null, dialog: null });
        return;
      }
      if (!answer.account) return;
      accept({ job: answer.job, account: answer.account, checklist: answer.checklist, now: new Date(answer.now) });
    } catch (error) {
      // A failed revalidation keeps what the cache showed; the page must not hear about it.
      deps.report(error);
    }
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    });

  return {
    get state() {
      return state;
    },

    /** From the cache at once, then from the admin. */
    async start(): Promise<void> {
      await load(false);
      await load(true);
    },

    /** The user picked a target: confirm first (TransitionDialog). */
    request(to: JobStatus): void {
      if (state.busy || !state.data) return;
      set({ dialog: to, notice: null });
    },

    cancel(): void {
      if (!state.busy) set({ dialog: null });
    },

    async confirm(): Promise<void> {
      const to = state.dialog;
      const data = state.data;
      if (!to || !data || state.busy) return;
      set({ busy: true, notice: { kind: 'working', to } });
      try {
        const { job } = await deps.send('setJobStatus', { jobId, to, expectedVersion: data.job.version });
        if (signal.aborted) return;
        set({ busy: false, dialog: null, notice: { kind: 'changed', to }, data: { ...(state.data ?? data), job } });
        deps.refreshSiteView();
      } catch (error) {
        const failure = messageError(error);
        // A conflict brings the admin's current job: show it, so the user decides again on facts.
        const newer = failure.job && state.data ? { ...state.data, job: failure.job } : state.data;
        set({ busy: false, dialog: null, notice: { kind: 'failed', error: failure }, data: newer });
      }
    },

    /**
     * The user saved one of the site's settings forms: revalidate a few times until the job's
     * version moves (the save's answer arrives in between), so the badges follow within a second.
     */
    async siteSaved(): Promise<void> {
      const watch = ++saveWatch;
      const before = state.data?.job.version ?? -1;
      for (const delay of SAVE_REVALIDATE_DELAYS_MS) {
        await sleep(delay);
        if (signal.aborted || watch !== saveWatch) return;
        await load(true);
        if ((state.data?.job.version ?? -1) > before) return;
      }
    },

    /** The site shows another status than before (its own buttons): catch up once. */
    siteStatusChanged(): Promise<void> {
      return load(true);
    },

    onBroadcast(event: BroadcastEvent): void {
      switch (event.event) {
        case 'jobsChanged':
          if (event.jobIds === null || event.jobIds.includes(jobId)) void load(false);
          break;
        case 'settingsChanged':
          void load(false);
          break;
        case 'syncState':
          if (!state.data && event.state.status === 'ok') void load(false);
          break;
        case 'bulkProgress':
          break;
      }
    },

    dismissNotice(): void {
      if (state.notice && state.notice.kind !== 'working') set({ notice: null });
    },
  };
}

export type JobSession = ReturnType<typeof createJobSession>;

function messageError(error: unknown): MessageError {
  if (typeof error === 'object' && error !== null && 'error' in error) {
    const inner = (error as MessageFailure).error;
    if (inner && typeof inner.code === 'string') return inner;
  }
  return { code: 'internal', reason: reason('unexpected', { detail: error instanceof Error ? error.message : String(error) }) };
}
