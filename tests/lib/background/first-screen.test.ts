import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFirstScreenKeeper, type FirstScreenStorage } from '../../../lib/background/first-screen';
import type { FirstScreen, FirstScreenQuery } from '../../../lib/messaging/first-screen';
import type { JobsResult } from '../../../lib/messaging/protocol';
import { isTransitionAllowed } from '../../../lib/core/transitions';
import { BASE_NOW, makeAccount, makeJob } from '../core/factories';
import { createTestBackground, type TestBackground } from './helpers';

const QUERY: FirstScreenQuery = { status: null, attention: false, sort: 'updated', limit: 50 };
const SETTLE = 400;

function resultOf(...ids: string[]): JobsResult {
  const counts = { all: ids.length, attention: 0, planning: ids.length, prepay: 0, selling: 0, archived: 0 };
  return { jobs: ids.map((id) => makeJob({ id })), total: ids.length, counts, account: makeAccount(), now: BASE_NOW.toISOString() };
}

function memoryStorage(initial?: unknown) {
  let value = initial;
  const log: string[] = [];
  const storage: FirstScreenStorage = {
    read: async () => value,
    write: async (screen) => {
      log.push(`write ${screen.result.jobs.map((job) => job.id).join(',')}`);
      value = structuredClone(screen);
    },
    clear: async () => {
      log.push('clear');
      value = undefined;
    },
  };
  return { storage, log, get: () => value as FirstScreen | undefined };
}

/** Storage writes wait for the answer to go out first (a zero timeout). */
const done = async (work: Promise<void>) => {
  await vi.advanceTimersByTimeAsync(0);
  await work;
};

describe('the first screen keeper', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps the answer the popup got', async () => {
    const store = memoryStorage();
    const keeper = createFirstScreenKeeper({ storage: store.storage, answer: async () => null });
    await done(keeper.answered(keeper.begin(), QUERY, resultOf('a', 'b'), { coupon: 'critical' }));
    expect(store.get()).toMatchObject({ version: 1, query: QUERY, checklist: { coupon: 'critical' } });
    expect(store.get()!.result.jobs.map((job) => job.id)).toEqual(['a', 'b']);
  });

  it('removes the screen the moment something changes, and writes it anew once changes settle', async () => {
    const store = memoryStorage();
    let current = resultOf('a');
    const answer = vi.fn(async () => ({ result: current, checklist: {} }));
    const keeper = createFirstScreenKeeper({ storage: store.storage, answer, settleMs: SETTLE });
    await done(keeper.answered(keeper.begin(), QUERY, current, {}));
    current = resultOf('b', 'a');
    // A burst: three sync pages, 100 ms apart.
    for (let i = 0; i < 3; i++) {
      keeper.changed();
      await vi.advanceTimersByTimeAsync(100);
      expect(store.get()).toBeUndefined();
    }
    expect(answer).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(SETTLE);
    await vi.advanceTimersByTimeAsync(1); // the write waits for a zero timeout
    expect(answer).toHaveBeenCalledTimes(1);
    expect(answer).toHaveBeenCalledWith(QUERY);
    expect(store.log).toEqual(['write a', 'clear', 'write b,a']);
  });

  it('does not keep an answer computed before a change, nor one that arrives during a burst', async () => {
    const store = memoryStorage();
    const keeper = createFirstScreenKeeper({ storage: store.storage, answer: async () => ({ result: resultOf('new'), checklist: {} }), settleMs: SETTLE });
    const ticket = keeper.begin();
    keeper.changed();
    await done(keeper.answered(ticket, QUERY, resultOf('old'), {}));
    await done(keeper.answered(keeper.begin(), QUERY, resultOf('during'), {}));
    expect(store.get()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(SETTLE);
    await vi.advanceTimersByTimeAsync(1); // the write waits for a zero timeout
    expect(store.log).toEqual(['clear', 'write new']);
  });

  it('drops a settled rewrite overtaken by another change', async () => {
    const store = memoryStorage();
    let release: () => void = () => {};
    const keeper = createFirstScreenKeeper({
      storage: store.storage,
      answer: () => new Promise((resolve) => (release = () => resolve({ result: resultOf('stale'), checklist: {} }))),
      settleMs: SETTLE,
    });
    await done(keeper.answered(keeper.begin(), QUERY, resultOf('a'), {}));
    keeper.changed();
    await vi.advanceTimersByTimeAsync(SETTLE);
    await vi.advanceTimersByTimeAsync(1); // the write waits for a zero timeout
    keeper.changed(); // while the rewrite computes its answer
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.log).toEqual(['write a', 'clear', 'clear']);
  });

  it('writes nothing when there is no answer (no account)', async () => {
    const store = memoryStorage();
    const keeper = createFirstScreenKeeper({ storage: store.storage, answer: async () => null, settleMs: SETTLE });
    await done(keeper.answered(keeper.begin(), QUERY, resultOf('a'), {}));
    keeper.changed();
    await vi.advanceTimersByTimeAsync(SETTLE * 2);
    expect(store.get()).toBeUndefined();
  });

  it('after the cache is cleared, keeps nothing until the popup asks again', async () => {
    const store = memoryStorage();
    const answer = vi.fn(async () => ({ result: resultOf('a'), checklist: {} }));
    const keeper = createFirstScreenKeeper({ storage: store.storage, answer, settleMs: SETTLE });
    await done(keeper.answered(keeper.begin(), QUERY, resultOf('a'), {}));
    keeper.changed();
    await keeper.forget();
    expect(store.get()).toBeUndefined();
    keeper.changed();
    await vi.advanceTimersByTimeAsync(SETTLE * 2);
    expect(answer).not.toHaveBeenCalled();
    expect(store.get()).toBeUndefined();
  });

  it('a restarted worker learns the list from the stored screen and keeps it current', async () => {
    const before = memoryStorage();
    const old = createFirstScreenKeeper({ storage: before.storage, answer: async () => null });
    await done(old.answered(old.begin(), { ...QUERY, status: 'selling' }, resultOf('a'), {}));

    const store = memoryStorage(before.get());
    const answer = vi.fn(async () => ({ result: resultOf('b'), checklist: {} }));
    const keeper = createFirstScreenKeeper({ storage: store.storage, answer, settleMs: SETTLE });
    keeper.changed();
    await vi.advanceTimersByTimeAsync(SETTLE);
    await vi.advanceTimersByTimeAsync(1); // the write waits for a zero timeout
    expect(answer).toHaveBeenCalledWith({ ...QUERY, status: 'selling' });
    expect(store.get()).toMatchObject({ query: { status: 'selling' } });
    expect(store.log).toEqual(['clear', 'write b']);
  });

  it('does not write the same screen again (each opening, each cleared search), but retries one that failed', async () => {
    const store = memoryStorage();
    const onError = vi.fn();
    const failing = { ...store.storage, write: vi.fn().mockRejectedValueOnce(new Error('quota')).mockImplementation(store.storage.write) };
    const keeper = createFirstScreenKeeper({ storage: failing, answer: async () => null, onError });
    await done(keeper.answered(keeper.begin(), QUERY, resultOf('a'), {}));
    expect(store.get()).toBeUndefined();
    await done(keeper.answered(keeper.begin(), QUERY, resultOf('a'), {}));
    await done(keeper.answered(keeper.begin(), QUERY, resultOf('a'), {}));
    expect(failing.write).toHaveBeenCalledTimes(2);
    expect(store.get()!.result.jobs.map((job) => job.id)).toEqual(['a']);
    await done(keeper.answered(keeper.begin(), QUERY, resultOf('a'), { coupon: 'critical' }));
    expect(failing.write).toHaveBeenCalledTimes(3);
  });

  it('reports a failing storage and goes on', async () => {
    const store = memoryStorage();
    const onError = vi.fn();
    const failing = { ...store.storage, write: vi.fn().mockRejectedValueOnce(new Error('quota')).mockImplementation(store.storage.write) };
    const keeper = createFirstScreenKeeper({ storage: failing, answer: async () => ({ result: resultOf('b'), checklist: {} }), settleMs: SETTLE, onError });
    await done(keeper.answered(keeper.begin(), QUERY, resultOf('a'), {}));
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'quota' }));
    keeper.changed();
    await vi.advanceTimersByTimeAsync(SETTLE);
    await vi.advanceTimersByTimeAsync(1); // the write waits for a zero timeout
    expect(store.get()!.result.jobs.map((job) => job.id)).toEqual(['b']);
  });
});

describe('the background keeps the popup\'s first screen (real sandbox, fake-indexeddb)', () => {
  let bg: TestBackground | undefined;
  afterEach(async () => {
    await bg?.close();
    bg = undefined;
  });
  const popup = { kind: 'popup' } as const;
  const until = async (check: () => boolean) => {
    for (let waited = 0; !check(); waited += 20) {
      if (waited > 5000) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('keeps exactly the popup\'s first answer, and not searches or later pages', async () => {
    const store = memoryStorage();
    bg = await createTestBackground({ firstScreen: store.storage });
    await bg.app.sync();
    const h = bg.app.handlers(null as never);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the sync's own change settles
    const answer = await h.getJobs({ query: '', status: null, attention: false, sort: 'updated', offset: 0, limit: 50 }, popup);
    await until(() => store.get()?.result.jobs.length === 50);
    expect(store.get()).toMatchObject({ query: QUERY, checklist: {} });
    expect(store.get()!.result).toEqual(answer);
    const writes = store.log.length;
    await h.getJobs({ query: 'school', limit: 50 }, popup);
    await h.getJobs({ offset: 50, limit: 50 }, popup);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.log).toHaveLength(writes);
  });

  it('a status change removes it at once and writes the changed list once things settle', async () => {
    const store = memoryStorage();
    bg = await createTestBackground({ firstScreen: store.storage });
    await bg.app.sync();
    const h = bg.app.handlers(null as never);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { jobs, account } = await h.getJobs({ limit: 50 }, popup);
    await until(() => store.get() !== undefined);
    const job = jobs.find((candidate) => candidate.status === 'planning' && isTransitionAllowed(candidate, account!, 'archived'))!;
    await h.setJobStatus({ jobId: job.id, to: 'archived', expectedVersion: job.version }, popup);
    expect(store.get()).toBeUndefined();
    await until(() => store.get() !== undefined);
    const kept = store.get()!.result.jobs;
    expect(kept[0]).toMatchObject({ id: job.id, status: 'archived', version: job.version + 1 });
  });

  it('clearing the cache removes it before the answer', async () => {
    const store = memoryStorage();
    bg = await createTestBackground({ firstScreen: store.storage });
    await bg.app.sync();
    const h = bg.app.handlers(null as never);
    await h.getJobs({ limit: 50 }, popup);
    await until(() => store.get() !== undefined);
    await h.clearCache({ scope: 'account' }, popup);
    expect(store.get()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(store.get()).toBeUndefined();
  });
});
