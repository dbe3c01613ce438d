import { signal } from '@preact/signals';
import type { ActivityEntry } from '../../lib/messaging/protocol';
import type { PopupDeps } from './deps';
import { errorText } from '../../components/labels';

export const ACTIVITY_LIMIT = 500;

export function createActivityStore(deps: PopupDeps) {
  const entries = signal<ActivityEntry[] | null>(null);
  const error = signal<string | null>(null);

  return {
    entries,
    error,
    async load() {
      error.value = null;
      try {
        const list = await deps.send('getActivity', { limit: ACTIVITY_LIMIT });
        // Newest first, whatever order the log keeps (ISO times sort as text).
        entries.value = [...list].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id));
      } catch (cause) {
        error.value = errorText(cause);
      }
    },
  };
}

export type ActivityStore = ReturnType<typeof createActivityStore>;
