import { signal } from '@preact/signals';
import type { BulkPlan } from '../../lib/core/bulk';
import type { JobStatus } from '../../lib/core/types';
import type { BulkView } from '../../lib/messaging/protocol';
import type { PopupDeps } from './deps';
import { errorText } from '../../components/labels';

export interface BulkPreview {
  target: JobStatus;
  jobIds: string[];
  plan: BulkPlan & { now: string };
  /** Whether jobs with missing critical items are changed too (the user's choice). */
  includeCritical: boolean;
}

/** A bulk is still going while the background works through it (or waits out a 429). */
export function isActive(bulk: BulkView | null): boolean {
  return bulk !== null && (bulk.state === 'queued' || bulk.state === 'running' || bulk.state === 'paused');
}

/** How many of a bulk's jobs have an outcome. */
export function finishedCount(bulk: BulkView): number {
  const c = bulk.counts;
  return c.done + c.failed + c.conflict + c.skipped + c.cancelled;
}

const POLL_MS = 1500;

/**
 * The bulk flow: preview → run → progress → results (retry, undo). The background owns the
 * bulk (it survives the popup closing); this store only shows the latest one and relays commands.
 * Progress comes from broadcasts, with a slow poll as a safety net for a missed one.
 */
export function createBulkStore(deps: PopupDeps) {
  const preview = signal<BulkPreview | null>(null);
  const current = signal<BulkView | null>(null);
  const busy = signal(false);
  const error = signal<string | null>(null);
  let poll: ReturnType<typeof setInterval> | null = null;

  function show(bulk: BulkView | null) {
    current.value = bulk;
    if (isActive(bulk) && poll === null) {
      poll = setInterval(() => {
        const id = current.value?.id;
        if (!id || !isActive(current.value)) return stopPolling();
        deps
          .send('getBulk', { bulkId: id })
          .then((latest) => {
            if (latest && latest.id === current.value?.id) show(latest);
          })
          .catch(() => {
            // The next broadcast or poll brings it.
          });
      }, POLL_MS);
    } else if (!isActive(bulk)) {
      stopPolling();
    }
  }

  function stopPolling() {
    if (poll !== null) clearInterval(poll);
    poll = null;
  }

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    try {
      return await action();
    } catch (cause) {
      error.value = errorText(cause);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return {
    preview,
    current,
    busy,
    error,
    /** The latest bulk, at opening: shown unless it is finished and the user closed it. */
    async load(dismissedId: string | null): Promise<BulkView | null> {
      try {
        const bulk = await deps.send('getBulk', {});
        if (bulk && (isActive(bulk) || bulk.id !== dismissedId)) {
          show(bulk);
          return bulk;
        }
      } catch {
        // No bulk engine answer: nothing to show.
      }
      return null;
    },
    onProgress(bulk: BulkView) {
      const shown = current.value;
      // Another bulk (a retry or undo started elsewhere) replaces the shown one only when newer.
      if (!shown || shown.id === bulk.id || bulk.createdAt >= shown.createdAt) show(bulk);
    },
    async startPreview(target: JobStatus, jobIds: string[]) {
      const plan = await run(() => deps.send('previewBulk', { jobIds, target }));
      if (plan) preview.value = { target, jobIds, plan, includeCritical: false };
      return plan !== undefined;
    },
    setIncludeCritical(includeCritical: boolean) {
      if (preview.value) preview.value = { ...preview.value, includeCritical };
    },
    cancelPreview() {
      preview.value = null;
      error.value = null;
    },
    async start(): Promise<boolean> {
      const p = preview.value;
      if (!p) return false;
      const bulk = await run(() => deps.send('startBulk', { jobIds: p.jobIds, target: p.target, includeCritical: p.includeCritical }));
      if (!bulk) return false;
      preview.value = null;
      show(bulk);
      return true;
    },
    async cancel() {
      const id = current.value?.id;
      if (id) show((await run(() => deps.send('cancelBulk', { bulkId: id }))) ?? current.value);
    },
    async retry() {
      const id = current.value?.id;
      if (id) show((await run(() => deps.send('retryBulk', { bulkId: id }))) ?? current.value);
    },
    async undo() {
      const id = current.value?.id;
      if (id) show((await run(() => deps.send('undoBulk', { bulkId: id }))) ?? current.value);
    },
    dismiss() {
      show(null);
    },
    dispose: stopPolling,
  };
}

export type BulkStore = ReturnType<typeof createBulkStore>;
