import type { ChecklistSettings } from '../core/types';
import { FIRST_SCREEN_VERSION, storedFirstScreenQuery, type FirstScreen, type FirstScreenQuery } from '../messaging/first-screen';
import type { JobsResult } from '../messaging/protocol';

/** Where the first screen lives (browser.storage.session in the extension; a fake in tests). */
export interface FirstScreenStorage {
  read(): Promise<unknown>;
  write(screen: FirstScreen): Promise<void>;
  clear(): Promise<void>;
}

export interface FirstScreenKeeperDeps {
  storage: FirstScreenStorage;
  /** The current answer to `query`, or null when there is none (no account known). */
  answer(query: FirstScreenQuery): Promise<{ result: JobsResult; checklist: ChecklistSettings } | null>;
  /** Changes come in bursts (sync pages, a bulk): the screen is written again once they stop this long. */
  settleMs?: number;
  onError?(error: unknown): void;
}

/** A sync writes a page every few hundred milliseconds; a bulk changes jobs several times a second. */
export const FIRST_SCREEN_SETTLE_MS = 400;

/**
 * Keeps the popup's first screen (lib/messaging/first-screen) true: written from the answer the
 * popup got, removed the moment anything it shows may have changed, and written again from a
 * fresh answer once the changes settle.
 */
export function createFirstScreenKeeper(deps: FirstScreenKeeperDeps) {
  const settleMs = deps.settleMs ?? FIRST_SCREEN_SETTLE_MS;
  const onError = deps.onError ?? ((error: unknown) => console.warn('[Job Status Companion] could not keep the first screen', error));
  /** The query the popup last opened with; after a worker restart, read back from the stored screen. */
  let query: FirstScreenQuery | null = null;
  let queryKnown = false;
  /** Bumped by every change: an answer computed before one is not written. */
  let epoch = 0;
  let settle: ReturnType<typeof setTimeout> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  /** Storage calls one after another, so a removal never overtakes the write it follows. */
  const enqueue = (work: () => Promise<unknown>): Promise<void> => {
    const next = queue.then(work).then(
      () => undefined,
      (error: unknown) => onError(error),
    );
    queue = next;
    return next;
  };

  /** What the stored screen shows, so the same answer (every time the popup opens, or a search is cleared) is not written again. */
  let stored: string | null = null;
  const write = (screenQuery: FirstScreenQuery, result: JobsResult, checklist: ChecklistSettings) => {
    const shows = signature(screenQuery, result, checklist);
    if (shows === stored) return Promise.resolve();
    stored = shows;
    return enqueue(async () => {
      // After the answer it came with has gone out: storing 50 jobs costs the worker a few milliseconds.
      await new Promise((resolve) => setTimeout(resolve, 0));
      try {
        await deps.storage.write({ version: FIRST_SCREEN_VERSION, query: screenQuery, result, checklist });
      } catch (error) {
        if (stored === shows) stored = null; // not stored after all: the next answer tries again
        throw error;
      }
    });
  };
  const clear = () => {
    stored = null;
    return enqueue(() => deps.storage.clear());
  };

  async function rewrite(forEpoch: number): Promise<void> {
    if (!query) return;
    const wanted = query;
    const answer = await deps.answer(wanted);
    if (!answer || forEpoch !== epoch || query !== wanted) return;
    await write(wanted, answer.result, answer.checklist);
  }

  return {
    /** Call before computing an answer that may become the first screen. */
    begin(): number {
      return epoch;
    },

    /** The popup opened with `screenQuery` and is answered `result`, computed since `ticket`. */
    answered(ticket: number, screenQuery: FirstScreenQuery, result: JobsResult, checklist: ChecklistSettings): Promise<void> {
      query = screenQuery;
      queryKnown = true;
      if (ticket !== epoch || settle !== null) return Promise.resolve(); // the settled rewrite will do it
      return write(screenQuery, result, checklist);
    },

    /** Jobs, settings or the account changed: the stored screen may be wrong from now on. */
    changed(): void {
      epoch += 1;
      const first = settle === null;
      if (settle !== null) clearTimeout(settle);
      const forEpoch = epoch;
      settle = setTimeout(() => {
        settle = null;
        void rewrite(forEpoch).catch(onError);
      }, settleMs);
      if (!first) return;
      void enqueue(async () => {
        if (!queryKnown) {
          // A restarted worker does not know which list the popup shows: the stored screen says.
          const kept = storedFirstScreenQuery(await deps.storage.read());
          queryKnown = true;
          query ??= kept;
        }
      });
      void clear();
    },

    /** The cache was cleared: nothing may remain, and nothing is written until the popup asks again. */
    forget(): Promise<void> {
      epoch += 1;
      query = null;
      queryKnown = true;
      if (settle !== null) clearTimeout(settle);
      settle = null;
      return clear();
    },
  };
}

export type FirstScreenKeeper = ReturnType<typeof createFirstScreenKeeper>;

function signature(query: FirstScreenQuery, result: JobsResult, checklist: ChecklistSettings): string {
  const rows = result.jobs.map((job) => `${job.id}:${job.version}`).join(',');
  return JSON.stringify([query, result.total, result.counts, result.account, result.now.slice(0, 10), checklist, rows]);
}
