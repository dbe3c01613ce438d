import { CHANNEL, type BroadcastEvent, type BulkView } from '../messaging/protocol';
import { toView } from './journal';
import type { Run } from './run';

/**
 * Progress broadcasts, throttled: a bulk of 500 jobs changes an entry every few milliseconds,
 * and the popup needs a frame, not every change. State changes go out at once (`force`).
 */
export interface BulkProgress {
  broadcastView(bulk: BulkView): void;
  progress(run: Run, force?: boolean): void;
}

export function createBulkProgress(broadcast: (event: BroadcastEvent) => void, intervalMs: number): BulkProgress {
  function broadcastView(bulk: BulkView): void {
    broadcast({ channel: CHANNEL, event: 'bulkProgress', bulk });
  }

  function progress(run: Run, force = false): void {
    if (run.closed) return;
    const now = Date.now();
    const since = now - run.lastProgress;
    if (force || since >= intervalMs) {
      if (run.progressTimer) clearTimeout(run.progressTimer);
      run.progressTimer = null;
      run.lastProgress = now;
      broadcastView(toView(run.record, run.entries.values()));
      return;
    }
    run.progressTimer ??= setTimeout(() => {
      run.progressTimer = null;
      progress(run, true);
    }, intervalMs - since);
  }

  return { broadcastView, progress };
}
