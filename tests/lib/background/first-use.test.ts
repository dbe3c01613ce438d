import { afterEach, describe, expect, it } from 'vitest';
import type { SenderKind } from '../../../lib/messaging/policy';
import { detectAdminPage } from '../../../lib/pages/urls';
import { createTestBackground, type TestBackground } from './helpers';

/**
 * The admin page a person opens is what tells the background who is signed in: no popup, no
 * refresh, no sync alarm before it (M2.1).
 */
let bg: TestBackground;
afterEach(async () => {
  await bg?.close();
});

const popup = { kind: 'popup' } as const;

function settingsPage(jobId: string, origin = bg.sandbox.url): SenderKind {
  return { kind: 'content-script', tabId: 1, origin, page: detectAdminPage(new URL(`${origin}/jobs/${jobId}/settings`)) };
}
function overview(origin = bg.sandbox.url): SenderKind {
  return { kind: 'content-script', tabId: 2, origin, page: detectAdminPage(new URL(`${origin}/jobs`)) };
}

async function stats(): Promise<Record<string, number>> {
  const res = await fetch(`${bg.sandbox.url}/__sandbox/stats`);
  return ((await res.json()) as { requests: { byRoute: Record<string, number> } }).requests.byRoute;
}

async function settled(): Promise<void> {
  await expect.poll(async () => (await bg.app.syncView()).status, { timeout: 5000 }).toBe('ok');
}

describe('first use: the first admin page establishes the account', () => {
  it('a Settings page gets its job from the site before any sync, and starts the first sync', async () => {
    bg = await createTestBackground();
    const h = bg.app.handlers(null as never);
    const [job] = await bg.serverJobs();
    const sender = settingsPage(job!.id);

    expect(await h.getJob({ jobId: job!.id }, sender)).toBeNull();
    const answer = await h.getJob({ jobId: job!.id, revalidate: true }, sender);
    expect(answer?.job).toMatchObject({ id: job!.id, version: job!.version });
    expect(answer?.account?.name).toBe('Demo Photography');

    await settled();
    expect((await h.getJobs({}, popup)).total).toBe(60);
    const routes = await stats();
    expect(routes['GET /api/v1/session']).toBe(1);
    expect(routes['GET /api/v1/jobs/:id']).toBe(1);
  });

  it('several tabs asking at once share one session check and one sync', async () => {
    bg = await createTestBackground();
    const h = bg.app.handlers(null as never);
    const jobs = await bg.serverJobs();
    await Promise.all([
      h.getJob({ jobId: jobs[0]!.id, revalidate: true }, settingsPage(jobs[0]!.id)),
      h.getJob({ jobId: jobs[1]!.id, revalidate: true }, settingsPage(jobs[1]!.id)),
      h.getJobSummaries({ jobIds: [jobs[2]!.id], revalidate: true }, overview()),
    ]);
    await settled();
    const routes = await stats();
    expect(routes['GET /api/v1/session']).toBe(1);
    // 60 jobs: one page for the one full sync.
    expect(routes['GET /api/v1/jobs']).toBe(1);
  });

  it('the overview answers from the cache at once and is told when the first jobs arrive', async () => {
    bg = await createTestBackground();
    const h = bg.app.handlers(null as never);
    const ids = (await bg.serverJobs()).slice(0, 5).map((j) => j.id);
    const first = await h.getJobSummaries({ jobIds: ids, revalidate: true }, overview());
    expect(Object.keys(first.summaries)).toHaveLength(0);
    await settled();
    expect(bg.broadcasts.some((e) => e.event === 'jobsChanged')).toBe(true);
    expect(Object.keys((await h.getJobSummaries({ jobIds: ids }, overview())).summaries).sort()).toEqual([...ids].sort());
  });

  it('a page view with the same account signed in and a good sync asks the site nothing more', async () => {
    bg = await createTestBackground();
    await bg.app.sync();
    const h = bg.app.handlers(null as never);
    const before = await stats();
    await h.getJobSummaries({ jobIds: [], revalidate: true }, overview());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await stats();
    expect(after['GET /api/v1/session']).toBe((before['GET /api/v1/session'] ?? 0) + 1);
    expect(after['GET /api/v1/jobs']).toBe(before['GET /api/v1/jobs']);
  });

  it('after the session expired, signing in again and opening a page clears "signed out"', async () => {
    bg = await createTestBackground();
    await bg.app.sync();
    await bg.signIn(null);
    expect((await bg.app.sync()).status).toBe('signed-out');
    await bg.signIn('demo');
    const h = bg.app.handlers(null as never);
    await h.getJobSummaries({ jobIds: [], revalidate: true }, overview());
    await settled();
    const states = bg.broadcasts.flatMap((e) => (e.event === 'syncState' ? [e.state.status] : []));
    expect(states.at(-1)).toBe('ok');
    expect(states).toContain('signed-out');
  });

  it('another account signing in switches partition at the first page seen, never showing the previous jobs', async () => {
    bg = await createTestBackground();
    await bg.app.sync();
    const h = bg.app.handlers(null as never);
    const demoIds = new Set((await bg.serverJobs('demo')).map((j) => j.id));
    const [theirs] = await bg.serverJobs('other');
    await bg.signIn('other');

    const answer = await h.getJob({ jobId: theirs!.id, revalidate: true }, settingsPage(theirs!.id));
    expect(answer?.account?.name).toBe('Other Studio');
    expect(answer?.job.id).toBe(theirs!.id);
    await settled();
    const list = await h.getJobs({ limit: 1000 }, popup);
    expect(list.account?.name).toBe('Other Studio');
    expect(list.jobs.length).toBeGreaterThan(0);
    expect(list.jobs.filter((j) => demoIds.has(j.id))).toEqual([]);
    // The demo account's partition did not take the other account's job.
    await bg.signIn('demo');
    await h.getJobSummaries({ jobIds: [], revalidate: true }, overview());
    await expect.poll(async () => (await bg.app.current()).account?.name, { timeout: 5000 }).toBe('Demo Photography');
    await settled();
    const back = await h.getJobs({ limit: 1000 }, popup);
    expect(back.account?.name).toBe('Demo Photography');
    expect(back.jobs.some((j) => j.id === theirs!.id)).toBe(false);
  });

  it('a page on another admin origin moves the extension there while no account is known where it points', async () => {
    bg = await createTestBackground();
    bg.settings.current = { ...bg.settings.current, adminOrigin: 'https://app.gotphoto.com' };
    const h = bg.app.handlers(null as never);
    const [job] = await bg.serverJobs();
    const answer = await h.getJob({ jobId: job!.id, revalidate: true }, settingsPage(job!.id));
    expect(answer?.job.id).toBe(job!.id);
    expect(bg.settings.current.adminOrigin).toBe(bg.sandbox.url);
    await settled();
  });

  it('a page on another admin origin leaves the chosen origin alone once it has an account', async () => {
    bg = await createTestBackground();
    await bg.app.sync();
    const h = bg.app.handlers(null as never);
    const [job] = await bg.serverJobs();
    // Nothing listens there: a request to it would fail the test.
    const foreign = 'http://127.0.0.1:9';
    const answer = await h.getJob({ jobId: job!.id, revalidate: true }, settingsPage(job!.id, foreign));
    expect(bg.settings.current.adminOrigin).toBe(bg.sandbox.url);
    // Answered from what the chosen origin's cache knows, nothing fetched from or stored for the other site.
    expect(answer?.job.id).toBe(job!.id);
  });
});
