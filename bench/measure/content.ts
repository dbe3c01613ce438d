/**
 * The content script on a job's Settings page: from its start (it marks <html> with
 * data-job-status-companion first thing) to its UI host in the page, and to the UI showing the
 * job from the cache (status, checklist badge, actions).
 */
import { mountProbe, type MountProbeResult } from '../lib/probes';
import { sleep, type BenchSession } from '../lib/session';
import { summarize, type Summary } from '../lib/stats';

/** The host element entrypoints/admin.content/settings-page.tsx mounts, and what it renders once it has the job. */
const UI = { host: 'job-status-companion', ready: '[role="region"]' };

export interface ContentResult {
  jobs: number;
  warm: { host: Summary; ready: Summary; painted: Summary };
  cold: { host: Summary; ready: Summary; painted: Summary };
}

async function openSettingsPage(session: BenchSession, url: string): Promise<MountProbeResult> {
  const page = await session.context.newPage();
  await page.addInitScript(mountProbe(UI));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __benchMount: MountProbeResult }).__benchMount.readyPaintedAt !== null, null, {
    timeout: 30_000,
    polling: 50,
  });
  const result = await page.evaluate(() => structuredClone((window as unknown as { __benchMount: MountProbeResult }).__benchMount));
  await page.close();
  return result;
}

export async function measureContent(session: BenchSession, jobs: number, runs: number): Promise<ContentResult> {
  const picked = await session.send('getJobs', { offset: 0, limit: runs + 1 });
  const urls = picked.jobs.map((job) => `${session.sandbox.url}/jobs/${encodeURIComponent(job.id)}/settings`);
  await openSettingsPage(session, urls[0]!);
  const warm: MountProbeResult[] = [];
  const cold: MountProbeResult[] = [];
  for (let i = 0; i < runs; i++) {
    const url = urls[(i % (urls.length - 1)) + 1]!;
    await session.workerWarm();
    warm.push(await openSettingsPage(session, url));
    await session.syncIdle();
    await session.stopWorker({ settle: true });
    cold.push(await openSettingsPage(session, url));
    await sleep(50);
  }
  const since = (runs: MountProbeResult[], key: 'hostAt' | 'readyAt' | 'readyPaintedAt') => summarize(runs.map((r) => r[key]! - r.injectAt!));
  return {
    jobs,
    warm: { host: since(warm, 'hostAt'), ready: since(warm, 'readyAt'), painted: since(warm, 'readyPaintedAt') },
    cold: { host: since(cold, 'hostAt'), ready: since(cold, 'readyAt'), painted: since(cold, 'readyPaintedAt') },
  };
}
