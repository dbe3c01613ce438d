import { signal } from '@preact/signals';
import type { Account, ChecklistSettings, Job, JobStatus } from '../../lib/core/types';
import { MessageFailure } from '../../lib/messaging/client';
import type { PopupDeps } from './deps';
import { errorText } from '../../components/labels';

export type DetailNotice =
  | { kind: 'done'; to: JobStatus }
  /** The job changed on the admin site meanwhile: `job` is the server's version, now shown. */
  | { kind: 'conflict'; job: Job }
  | { kind: 'signed-out' }
  | { kind: 'error'; message: string };

export interface DetailState {
  jobId: string;
  job: Job | null;
  account: Account | null;
  checklist: ChecklistSettings;
  now: Date;
  /** The job is gone from the admin site (or the cache). */
  missing: boolean;
  /** The status the confirmation dialog is open for. */
  pending: JobStatus | null;
  sending: boolean;
  notice: DetailNotice | null;
}

/** One job's detail view and its single status change through the confirmation dialog. */
export function createDetailStore(deps: PopupDeps) {
  const state = signal<DetailState | null>(null);

  function patch(jobId: string, changes: Partial<DetailState>) {
    // Answers for a job the user already left are dropped.
    if (state.value?.jobId === jobId) state.value = { ...state.value, ...changes };
  }

  /** Shows the job at once from what the list had, then asks the background (and the server) for the latest. */
  async function open(jobId: string, known: Job | null, account: Account | null, checklist: ChecklistSettings, now: Date) {
    state.value = { jobId, job: known, account, checklist, now, missing: false, pending: null, sending: false, notice: null };
    try {
      const fresh = await deps.send('getJob', { jobId, revalidate: true });
      if (fresh === null) patch(jobId, { missing: true });
      else patch(jobId, { job: fresh.job, account: fresh.account, checklist: fresh.checklist, now: new Date(fresh.now) });
    } catch (cause) {
      // Offline or signed out: the cached job stays on screen.
      if (!known) patch(jobId, { notice: { kind: 'error', message: errorText(cause) } });
    }
  }

  async function confirm() {
    const current = state.value;
    if (!current?.job || !current.pending || current.sending) return;
    const { jobId, job, pending: to } = current;
    patch(jobId, { sending: true, notice: null });
    try {
      const result = await deps.send('setJobStatus', { jobId, to, expectedVersion: job.version });
      patch(jobId, { job: result.job, pending: null, sending: false, notice: { kind: 'done', to } });
    } catch (cause) {
      const error = cause instanceof MessageFailure ? cause.error : null;
      let notice: DetailNotice;
      if (error?.kind === 'conflict' && error.job) notice = { kind: 'conflict', job: error.job };
      else if (error?.kind === 'signed-out') notice = { kind: 'signed-out' };
      else notice = { kind: 'error', message: errorText(cause) };
      patch(jobId, {
        pending: null,
        sending: false,
        notice,
        ...(notice.kind === 'conflict' ? { job: notice.job } : {}),
      });
    }
  }

  return {
    state,
    open,
    confirm,
    /** A list update for the open job (broadcast): take it unless a change is on its way. */
    onJobUpdated(job: Job) {
      if (state.value?.jobId === job.id && !state.value.sending) patch(job.id, { job });
    },
    request(to: JobStatus) {
      if (state.value) state.value = { ...state.value, pending: to, notice: null };
    },
    cancel() {
      if (state.value && !state.value.sending) state.value = { ...state.value, pending: null };
    },
    dismissNotice() {
      if (state.value) state.value = { ...state.value, notice: null };
    },
    close() {
      state.value = null;
    },
  };
}

export type DetailStore = ReturnType<typeof createDetailStore>;
