import type { ChecklistSettings } from '../../lib/core/types';
import { FIRST_SCREEN_VERSION, storedFirstScreenQuery, type FirstScreen, type FirstScreenQuery } from '../../lib/messaging/first-screen';
import type { JobsResult } from '../../lib/messaging/protocol';

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

  const write = (screenQuery: FirstScreenQuery, result: JobsResult, checklist: ChecklistSettings) =>
    enqueue(() => deps.storage.write({ version: FIRST_SCREEN_VERSION, query: screenQuery, result, checklist }));

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
          const stored = storedFirstScreenQuery(await deps.storage.read());
          queryKnown = true;
          query ??= stored;
        }
        await deps.storage.clear();
      });
    },

    /** The cache was cleared: nothing may remain, and nothing is written until the popup asks again. */
    forget(): Promise<void> {
      epoch += 1;
      query = null;
      queryKnown = true;
      if (settle !== null) clearTimeout(settle);
      settle = null;
      return enqueue(() => deps.storage.clear());
    },
  };
}

export type FirstScreenKeeper = ReturnType<typeof createFirstScreenKeeper>;
