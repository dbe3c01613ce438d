import { afterEach, describe, expect, it } from 'vitest';
import type { JobCache } from '../../../lib/cache';
import type { BroadcastEvent } from '../../../lib/messaging/protocol';
import { createBackgroundApp } from '../../../lib/background/app';
import { createTestBackground, type TestBackground } from './helpers';

let bg: TestBackground;
afterEach(async () => {
  await bg?.close();
});

const popup = { kind: 'popup' } as const;

/** A second app over the same cache: the worker after Chromium stopped it, memory empty. */
function restartedWorker(b: TestBackground) {
  const broadcasts: BroadcastEvent[] = [];
  // Counts what this worker reads, not what the first app still does in the background; loading
  // every job can be held back to show what is answered without it.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const reads = { all: 0, counts: 0, hold: false, release };
  const cache = new Proxy(b.cache, {
    get(target, key) {
      if (key === 'getJobs') {
        reads.all += 1;
        if (reads.hold) return async (partition: string) => held.then(() => target.getJobs(partition));
      }
      if (key === 'countJobs') reads.counts += 1;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as JobCache;
  const app = createBackgroundApp({
    cache: async () => cache,
    api: b.api,
    now: () => new Date(),
    settings: { load: async () => b.settings.current, save: async () => b.settings.current },
    broadcast: (event) => broadcasts.push(event),
    showBadge: async () => undefined,
  });
  return { app, handlers: app.handlers(null as never), broadcasts, reads };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the first popup query after the worker restarted', () => {
  it('is answered from a few cached records, exactly as the loaded index answers it', async () => {
    bg = await createTestBackground({ jobs: 300 });
    await bg.app.sync();
    // What a popup asks once everything is loaded; the badge's refresh leaves the summary behind.
    await bg.app.refreshBadge();
    const exact = await bg.app.handlers(null as never).getJobs({ query: '', status: null, attention: false, sort: 'updated', offset: 0, limit: 50 }, popup);
    await settle();

    const cold = restartedWorker(bg);
    cold.reads.hold = true;
    const first = await cold.handlers.getJobs({ query: '', status: null, attention: false, sort: 'updated', offset: 0, limit: 50 }, popup);
    expect({ ...first, now: exact.now }).toEqual(exact);
    cold.reads.release();
    await settle();
    // The index loaded behind it and agreed: nobody is asked to fetch again.
    expect(cold.reads.all).toBe(1);
    expect(cold.broadcasts.filter((event) => event.event === 'jobsChanged')).toEqual([]);
  });

  it('tells the lists to ask again when the index disagrees with the kept counts', async () => {
    bg = await createTestBackground({ jobs: 120 });
    await bg.app.sync();
    await bg.app.refreshBadge();
    await settle();
    const [job] = await bg.serverJobs();
    await bg.cache.deleteJob((await bg.app.current()).partition!, job!.id); // a change the summary never saw

    const cold = restartedWorker(bg);
    const first = await cold.handlers.getJobs({ limit: 50 }, popup);
    expect(first.total).toBe(120);
    await settle();
    expect(cold.broadcasts).toContainEqual(expect.objectContaining({ event: 'jobsChanged', jobIds: null }));
    expect((await cold.handlers.getJobs({ limit: 50 }, popup)).total).toBe(119);
  });

  it('a search, a filter or a later page waits for the index', async () => {
    bg = await createTestBackground({ jobs: 120 });
    await bg.app.sync();
    const server = await bg.serverJobs();
    const cold = restartedWorker(bg);
    const found = await cold.handlers.getJobs({ query: server[0]!.name, limit: 50 }, popup);
    expect(found.jobs.map((job) => job.id)).toContain(server[0]!.id);
    const selling = await restartedWorker(bg).handlers.getJobs({ status: 'selling', limit: 50 }, popup);
    expect(selling.jobs.every((job) => job.status === 'selling')).toBe(true);
    expect(selling.total).toBe(server.filter((job) => job.status === 'selling').length);
  });

  it('a content script’s job and an overview’s badges come from the cache without loading every job', async () => {
    bg = await createTestBackground({ jobs: 120 });
    await bg.app.sync();
    const server = await bg.serverJobs();
    const cold = restartedWorker(bg);
    expect((await cold.handlers.getJob({ jobId: server[3]!.id }, popup))?.job).toEqual(server[3]);
    const { summaries } = await cold.handlers.getJobSummaries({ jobIds: [server[1]!.id, server[2]!.id, 'missing'] }, popup);
    expect(Object.keys(summaries).sort()).toEqual([server[1]!.id, server[2]!.id].sort());
    expect(summaries[server[1]!.id]?.status).toBe(server[1]!.status);
    expect(cold.reads.all).toBe(0);
  });

  it('the sync state shows the job count recorded by the last sync', async () => {
    bg = await createTestBackground({ jobs: 80 });
    await bg.app.sync();
    const cold = restartedWorker(bg);
    expect((await cold.handlers.getSyncState({}, popup)).jobCount).toBe(80);
    expect(cold.reads.counts).toBe(0);
  });
});
