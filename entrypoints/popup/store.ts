import { batch, signal } from '@preact/signals';
import type { ChecklistSettings, Job } from '../../lib/core/types';
import type { BroadcastEvent } from '../../lib/messaging/protocol';
import { createActivityStore } from './activity-store';
import { createBulkStore, isActive } from './bulk-store';
import type { PopupDeps } from './deps';
import { createDetailStore } from './detail-store';
import { createListStore, PAGE_SIZE, toJobQuery, type Criteria } from './list-store';
import { firstScreenQuery, readFirstScreen } from '../../lib/messaging/first-screen';
import { DEFAULT_PREFS, parsePrefs, type PopupPrefs } from './prefs';
import { createSelectionStore } from './selection-store';
import { createSyncStore } from './sync-store';

/** Opening the popup revalidates data older than this (issue 4 §2). */
export const REVALIDATE_AFTER_MS = 30_000;
/** Sync pages arrive in bursts; the list is fetched again at most this often. */
const REVALIDATE_THROTTLE_MS = 250;

export type View = 'list' | 'detail' | 'activity' | 'bulk-preview' | 'bulk';

export interface Toast {
  id: number;
  text: string;
  tone: 'ok' | 'error';
}

/** The popup's state: small stores, wired to the background's broadcasts. */
export function createPopupStore(deps: PopupDeps) {
  const list = createListStore(deps);
  const sync = createSyncStore(deps);
  const selection = createSelectionStore(list);
  const bulk = createBulkStore(deps);
  const detail = createDetailStore(deps);
  const activity = createActivityStore(deps);
  const view = signal<View>('list');
  const checklist = signal<ChecklistSettings>({});
  /** The first rows (and the settings they are judged by) have arrived. */
  const ready = signal(false);
  const toast = signal<Toast | null>(null);
  /** The list's current row (keyboard focus), by position. */
  const active = signal(0);
  /** Bumped to ask the list to focus its current row. */
  const focusList = signal(0);
  const abort = new AbortController();
  let prefs: PopupPrefs = { ...DEFAULT_PREFS };
  let settingsLoaded = false;
  let accountId: string | null | undefined;
  let throttle: ReturnType<typeof setTimeout> | null = null;
  let toastTimer: ReturnType<typeof setTimeout> | null = null;

  function savePrefs(patch: Partial<PopupPrefs>) {
    prefs = { ...prefs, ...patch };
    deps.savePrefs(prefs);
  }

  function revalidateSoon() {
    if (throttle !== null) return;
    throttle = setTimeout(() => {
      throttle = null;
      void list.revalidate();
    }, REVALIDATE_THROTTLE_MS);
  }

  function onAccount(id: string | null) {
    if (accountId !== undefined && id !== accountId) {
      // Another account's jobs must never mix with these: start over.
      batch(() => {
        selection.clear();
        detail.close();
        if (view.value === 'detail') view.value = 'list';
      });
      void list.reload();
    }
    accountId = id;
  }

  function onEvent(event: BroadcastEvent) {
    switch (event.event) {
      case 'jobsChanged': {
        revalidateSoon();
        const open = detail.state.value?.jobId;
        if (open && (event.jobIds === null || event.jobIds.includes(open))) {
          deps
            .send('getJob', { jobId: open })
            .then((fresh) => fresh && detail.onJobUpdated(fresh.job))
            .catch(() => {});
        }
        break;
      }
      case 'syncState':
        sync.view.value = event.state;
        onAccount(event.state.account?.id ?? null);
        break;
      case 'bulkProgress':
        bulk.onProgress(event.bulk);
        break;
      case 'settingsChanged':
        checklist.value = event.settings.checklist;
        break;
    }
  }

  /** Paints the background's stored first screen, if it answers these criteria, until the real answer comes. */
  function showFirstScreen(forGen: number) {
    const query = firstScreenQuery({ ...toJobQuery(list.criteria.value), offset: 0, limit: PAGE_SIZE });
    if (!query) return;
    deps
      .loadFirstScreen()
      .then((raw) => {
        const screen = readFirstScreen(raw, query, new Date(deps.now()));
        if (!screen || !list.provisional(screen.result, forGen)) return;
        batch(() => {
          if (!settingsLoaded) checklist.value = screen.checklist;
          ready.value = true;
        });
      })
      .catch(() => {
        // Only a head start: the first answer comes anyway.
      });
  }

  /** Call before the first render: the first rows are asked for before anything else happens. */
  async function start() {
    prefs = parsePrefs(deps.loadPrefs());
    list.criteria.value = { query: '', filter: prefs.filter, sort: prefs.sort };
    const firstRows = list.reload();
    showFirstScreen(list.generation());
    deps.onBroadcast(onEvent, abort.signal);
    void sync.load().then(() => onAccount(sync.view.value?.account?.id ?? null));
    void bulk.load(prefs.dismissedBulkId).then((shown) => {
      if (isActive(shown) && view.value === 'list') view.value = 'bulk';
    });
    const settings = deps
      .send('getSettings', {})
      .then((loaded) => {
        settingsLoaded = true;
        checklist.value = loaded.checklist;
      })
      .catch(() => {});
    await Promise.all([firstRows, settings]);
    ready.value = true;
    // Only after the cached rows are on screen: nothing waits for the network.
    await sync.refresh(REVALIDATE_AFTER_MS);
  }

  /** Resolves once the list can show its first rows (or why there are none). */
  function whenReady(): Promise<void> {
    return new Promise((resolve) => {
      const stop = ready.subscribe((value) => {
        if (!value) return;
        resolve();
        queueMicrotask(() => stop());
      });
    });
  }

  function say(text: string, tone: Toast['tone'] = 'ok') {
    if (toastTimer !== null) clearTimeout(toastTimer);
    toast.value = { id: Date.now(), text, tone };
    toastTimer = setTimeout(() => (toast.value = null), 2500);
  }

  return {
    deps,
    list,
    sync,
    selection,
    bulk,
    detail,
    activity,
    view,
    checklist,
    ready,
    toast,
    active,
    focusList,
    start,
    whenReady,
    say,
    setCriteria(patch: Partial<Criteria>) {
      if (patch.filter !== undefined || patch.sort !== undefined) {
        savePrefs({ filter: patch.filter ?? list.criteria.value.filter, sort: patch.sort ?? list.criteria.value.sort });
      }
      return list.setCriteria(patch);
    },
    openDetail(job: Job) {
      view.value = 'detail';
      void detail.open(job.id, job, list.account.value, checklist.value, list.now.value);
    },
    openActivity() {
      view.value = 'activity';
      void activity.load();
    },
    openBulk() {
      view.value = 'bulk';
    },
    back() {
      if (view.value === 'detail') detail.close();
      if (view.value === 'bulk-preview') bulk.cancelPreview();
      view.value = 'list';
    },
    dismissBulk() {
      const shown = bulk.current.value;
      if (shown && !isActive(shown)) savePrefs({ dismissedBulkId: shown.id });
      bulk.dismiss();
      if (view.value === 'bulk') view.value = 'list';
    },
    dispose() {
      abort.abort();
      bulk.dispose();
      if (throttle !== null) clearTimeout(throttle);
      if (toastTimer !== null) clearTimeout(toastTimer);
    },
  };
}

export type PopupStore = ReturnType<typeof createPopupStore>;
