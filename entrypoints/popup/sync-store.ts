import { signal } from '@preact/signals';
import type { SyncStateView } from '../../lib/messaging/protocol';
import type { PopupDeps } from './deps';
import { errorText } from '../../components/labels';

/** The sync state line: what the background last reported, and whether we asked for a refresh. */
export function createSyncStore(deps: PopupDeps) {
  const view = signal<SyncStateView | null>(null);
  const refreshing = signal(false);
  const error = signal<string | null>(null);

  async function refresh(ifOlderThanMs?: number): Promise<void> {
    refreshing.value = true;
    error.value = null;
    try {
      view.value = await deps.send('refresh', ifOlderThanMs === undefined ? {} : { ifOlderThanMs });
    } catch (cause) {
      error.value = errorText(cause);
    } finally {
      refreshing.value = false;
    }
  }

  async function load(): Promise<void> {
    try {
      view.value = await deps.send('getSyncState', {});
    } catch (cause) {
      error.value = errorText(cause);
    }
  }

  return { view, refreshing, error, refresh, load };
}

export type SyncStore = ReturnType<typeof createSyncStore>;
