import { signal } from '@preact/signals';
import type { Job } from '../../lib/core/types';
import type { ListStore } from './list-store';
import { errorText } from '../../components/labels';

/**
 * The selected jobs, by id, with the job as it was when selected (for the bulk bar's actions;
 * the background re-reads every job before it plans or acts). A selection survives changes of
 * search and filter, so jobs can be gathered from several searches.
 */
export function createSelectionStore(list: ListStore) {
  const selected = signal<ReadonlyMap<string, Job>>(new Map());
  /** Where the last plain click was, for shift-click ranges (a position in the current list). */
  let anchor: number | null = null;
  const busy = signal(false);
  const error = signal<string | null>(null);

  function set(next: Map<string, Job>) {
    selected.value = next;
  }

  function toggle(job: Job, index: number) {
    const next = new Map(selected.value);
    if (next.has(job.id)) next.delete(job.id);
    else next.set(job.id, job);
    anchor = index;
    set(next);
  }

  /** Shift-click: select everything between the anchor and `index`, inclusive. */
  async function extendTo(job: Job, index: number) {
    if (anchor === null) {
      toggle(job, index);
      return;
    }
    const from = Math.min(anchor, index);
    const to = Math.max(anchor, index);
    busy.value = true;
    try {
      const jobs = await list.jobsAt(from, to);
      const next = new Map(selected.value);
      for (const each of jobs) next.set(each.id, each);
      set(next);
      anchor = index;
    } catch (cause) {
      error.value = errorText(cause);
    } finally {
      busy.value = false;
    }
  }

  async function selectAllFiltered() {
    busy.value = true;
    error.value = null;
    try {
      const jobs = await list.allJobs();
      const next = new Map(selected.value);
      for (const job of jobs) next.set(job.id, job);
      set(next);
    } catch (cause) {
      error.value = errorText(cause);
    } finally {
      busy.value = false;
    }
  }

  function clear() {
    anchor = null;
    set(new Map());
  }

  return { selected, busy, error, toggle, extendTo, selectAllFiltered, clear };
}

export type SelectionStore = ReturnType<typeof createSelectionStore>;
