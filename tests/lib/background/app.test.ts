import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiError } from '../../../lib/admin-api/errors';
import { isTransitionAllowed } from '../../../lib/core/transitions';
import { HandlerError } from '../../../lib/messaging/router';
import { createTestBackground, type TestBackground } from './helpers';

let bg: TestBackground;
afterEach(async () => {
  await bg?.close();
});

const popup = { kind: 'popup' } as const;

async function setup() {
  bg = await createTestBackground();
  await bg.app.sync();
  return bg.app.handlers(null as never);
}

describe('background handlers', () => {
  it('getJobs answers from the cache with counts and the account', async () => {
    const h = await setup();
    const result = await h.getJobs({ limit: 5 }, popup);
    expect(result.jobs).toHaveLength(5);
    expect(result.total).toBe(60);
    expect(result.counts.all).toBe(60);
    expect(result.account?.name).toBe('Demo Photography');
  });

  it('getJob revalidates from the admin site when asked, and forgets a job the site deleted', async () => {
    const h = await setup();
    const [job] = await bg.serverJobs();
    await fetch(`${bg.sandbox.url}/__sandbox/edit/${job!.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ watermark: !job!.watermark }) });
    expect((await h.getJob({ jobId: job!.id }, popup))?.job.version).toBe(job!.version);
    const fresh = await h.getJob({ jobId: job!.id, revalidate: true }, popup);
    expect(fresh?.job.version).toBe(job!.version + 1);
    expect(fresh?.job.watermark).toBe(!job!.watermark);
    await fetch(`${bg.sandbox.url}/__sandbox/delete/${job!.id}`, { method: 'POST' });
    expect(await h.getJob({ jobId: job!.id, revalidate: true }, popup)).toBeNull();
    expect(await h.getJob({ jobId: job!.id }, popup)).toBeNull();
  });

  it('setJobStatus changes the job on the site, updates the cache and logs the activity', async () => {
    const h = await setup();
    const account = (await bg.app.current()).account!;
    const job = (await bg.serverJobs()).find((j) => isTransitionAllowed(j, account, 'archived'))!;
    const { job: changed } = await h.setJobStatus({ jobId: job.id, to: 'archived', expectedVersion: job.version }, popup);
    expect(changed).toMatchObject({ status: 'archived', version: job.version + 1 });
    expect((await bg.serverJobs()).find((j) => j.id === job.id)?.status).toBe('archived');
    expect((await h.getJob({ jobId: job.id }, popup))?.job.status).toBe('archived');
    const [entry] = await h.getActivity({}, popup);
    expect(entry).toMatchObject({ jobId: job.id, from: job.status, to: 'archived', result: 'done' });
  });

  it('setJobStatus refuses a transition lib/core forbids without calling the site', async () => {
    const h = await setup();
    const job = (await bg.serverJobs()).find((j) => j.status === 'selling')!;
    const before = (await (await fetch(`${bg.sandbox.url}/__sandbox/stats`)).json()) as { requests: { total: number } };
    await expect(h.setJobStatus({ jobId: job.id, to: 'prepay', expectedVersion: job.version }, popup)).rejects.toBeInstanceOf(HandlerError);
    const after = (await (await fetch(`${bg.sandbox.url}/__sandbox/stats`)).json()) as { requests: { total: number } };
    expect(after.requests.total).toBe(before.requests.total);
  });

  it('a job changed on the site meanwhile is a conflict: never overwritten, the cache takes the server state', async () => {
    const h = await setup();
    const account = (await bg.app.current()).account!;
    const job = (await bg.serverJobs()).find((j) => isTransitionAllowed(j, account, 'archived'))!;
    await fetch(`${bg.sandbox.url}/__sandbox/edit/${job.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Edited elsewhere' }) });
    const error = await h.setJobStatus({ jobId: job.id, to: 'archived', expectedVersion: job.version }, popup).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as AdminApiError).kind).toBe('conflict');
    const server = (await bg.serverJobs()).find((j) => j.id === job.id)!;
    expect(server.status).toBe(job.status);
    expect((await h.getJob({ jobId: job.id }, popup))?.job).toEqual(server);
    expect((await h.getActivity({}, popup))[0]).toMatchObject({ jobId: job.id, result: 'conflict' });
  });

  it('refresh skips a sync when the data is fresher than asked', async () => {
    const h = await setup();
    const statsBefore = (await (await fetch(`${bg.sandbox.url}/__sandbox/stats`)).json()) as { requests: { total: number } };
    await h.refresh({ ifOlderThanMs: 60_000 }, popup);
    const statsAfter = (await (await fetch(`${bg.sandbox.url}/__sandbox/stats`)).json()) as { requests: { total: number } };
    expect(statsAfter.requests.total).toBe(statsBefore.requests.total);
    await h.refresh({}, popup);
    const statsForced = (await (await fetch(`${bg.sandbox.url}/__sandbox/stats`)).json()) as { requests: { total: number } };
    expect(statsForced.requests.total).toBeGreaterThan(statsAfter.requests.total);
  });

  it('getJobSummaries gives overview badges only the status and missing items', async () => {
    const h = await setup();
    const jobs = await bg.serverJobs();
    const { summaries } = await h.getJobSummaries({ jobIds: jobs.slice(0, 3).map((j) => j.id).concat('unknown') }, popup);
    expect(Object.keys(summaries)).toHaveLength(3);
    for (const summary of Object.values(summaries)) {
      expect(Object.keys(summary).sort()).toEqual(['boostersDone', 'boostersTotal', 'criticalMissing', 'missing', 'status', 'worst']);
      expect(summary.missing.filter((m) => m.severity === 'critical')).toHaveLength(summary.criticalMissing);
    }
  });

  it('clearCache empties the account and the list follows', async () => {
    const h = await setup();
    expect((await h.clearCache({ scope: 'account' }, popup)).cleared).toBe(60);
    expect((await h.getJobs({}, popup)).total).toBe(0);
  });

  it('setSettings stores valid settings and broadcasts them', async () => {
    const h = await setup();
    const settings = await h.setSettings({ badgeEnabled: false, checklist: { watermark: 'hidden' } }, popup);
    expect(settings).toMatchObject({ badgeEnabled: false, checklist: { watermark: 'hidden' } });
    expect(bg.broadcasts.at(-1)).toMatchObject({ event: 'settingsChanged' });
  });
});
