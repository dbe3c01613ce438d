// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { overviewBadgesFeature } from '../../../entrypoints/admin.content/overview-badges';
import type { JobSummary } from '../../../lib/messaging/protocol';
import { FIXTURE_INFO, showFixture, type FixtureName } from '../../fixtures/html/load';
import { answer, broadcast, callsOf, resetMessaging } from './helpers';

vi.mock('../../../lib/messaging/client', async () => (await import('./helpers')).clientMock());

const [FIRST = '', SECOND = '', ...REST] = FIXTURE_INFO.overviewJobIds;

const needsWork: JobSummary = {
  status: 'planning',
  criticalMissing: 1,
  boostersDone: 2,
  boostersTotal: 4,
  worst: 'critical',
  missing: [
    { id: 'price-list', severity: 'critical' },
    { id: 'watermark', severity: 'recommended' },
    { id: 'coupon', severity: 'recommended' },
  ],
};
const ready: JobSummary = { status: 'selling', criticalMissing: 0, boostersDone: 4, boostersTotal: 4, worst: 'ok', missing: [] };

const runs: AbortController[] = [];
async function start(fixture: FixtureName, path: string, summaries: Record<string, JobSummary>) {
  showFixture(fixture);
  answer(async (type, payload) => {
    if (type !== 'getJobSummaries') throw new Error(type);
    const ids = (payload as { jobIds: string[] }).jobIds;
    return { summaries: Object.fromEntries(ids.filter((id) => summaries[id]).map((id) => [id, summaries[id]])), now: '2026-01-01T00:00:00Z' } as never;
  });
  const controller = new AbortController();
  runs.push(controller);
  const report = vi.fn();
  await overviewBadgesFeature.init({ url: new URL(`https://app.gotphoto.com${path}`), signal: controller.signal, report });
  return { controller, report };
}

const badgeOf = (jobId: string) => {
  const host = document.querySelector(`tr[data-job-id="${jobId}"] job-status-companion-badge`);
  return host?.shadowRoot?.querySelector<HTMLElement>('.jsc-row-badge') ?? null;
};
const allBadges = () => document.querySelectorAll('job-status-companion-badge');

describe('the overview badges feature', () => {
  beforeEach(() => resetMessaging());
  afterEach(() => {
    for (const controller of runs.splice(0)) controller.abort();
  });

  it.each([
    ['new-overview', '/jobs', 'td.job-row__status'],
    ['classic-overview', '/classic/jobs', 'td.job-status'],
  ] as const)('puts a badge next to each known job’s status label (%s)', async (fixture, path, cell) => {
    const { report } = await start(fixture, path, { [FIRST]: needsWork, [SECOND]: ready });
    expect(callsOf('getJobSummaries')).toEqual([{ jobIds: expect.arrayContaining(FIXTURE_INFO.overviewJobIds), revalidate: true }]);
    expect(allBadges()).toHaveLength(2);
    expect(document.querySelector(`tr[data-job-id="${FIRST}"] job-status-companion-badge`)?.parentElement?.matches(cell)).toBe(true);
    expect(badgeOf(FIRST)?.textContent).toContain('1 critical · 2/4 boosters');
    expect(badgeOf(FIRST)?.querySelector('.jsc-summary')?.className).toContain('jsc-summary--critical');
    expect(badgeOf(FIRST)?.title).toBe('Missing: Price list assigned, Watermarks on, Job coupon enabled');
    expect(badgeOf(SECOND)?.textContent).toContain('Ready · 4/4 boosters');
    expect(badgeOf(SECOND)?.title).toBe('Everything on the go-live checklist is set up.');
    expect(badgeOf(SECOND)?.querySelector('.jsc-summary')?.className).toContain('jsc-summary--ok');
    for (const id of REST) expect(badgeOf(id)).toBeNull();
    expect(report).not.toHaveBeenCalled();
  });

  it('colours a job missing only boosters as recommended', async () => {
    await start('new-overview', '/jobs', { [FIRST]: { ...ready, boostersDone: 3, worst: 'recommended', missing: [{ id: 'coupon', severity: 'recommended' }] } });
    expect(badgeOf(FIRST)?.querySelector('.jsc-summary')?.className).toContain('jsc-summary--recommended');
  });

  it('updates the badges when the background says jobs changed', async () => {
    const summaries: Record<string, JobSummary> = { [FIRST]: needsWork };
    await start('new-overview', '/jobs', summaries);
    summaries[FIRST] = ready;
    broadcast({ channel: 'job-status-companion/v1', event: 'jobsChanged', jobIds: [FIRST] });
    await vi.waitFor(() => expect(badgeOf(FIRST)?.textContent).toContain('Ready'));
    expect(allBadges()).toHaveLength(1);
  });

  it('badges rows the site adds later, once', async () => {
    await start('new-overview', '/jobs', { [FIRST]: needsWork, 'new-1': ready });
    const row = document.querySelector(`tr[data-job-id="${FIRST}"]`)?.cloneNode(true) as HTMLElement;
    row.querySelector('job-status-companion-badge')?.remove();
    row.setAttribute('data-job-id', 'new-1');
    document.querySelector('table.jobs-table tbody')?.append(row);
    await vi.waitFor(() => expect(badgeOf('new-1')?.textContent).toContain('Ready'));
    expect(allBadges()).toHaveLength(2);
  });

  it('removes every badge when the run is aborted', async () => {
    const { controller } = await start('new-overview', '/jobs', { [FIRST]: needsWork, [SECOND]: ready });
    expect(allBadges()).toHaveLength(2);
    controller.abort();
    expect(allBadges()).toHaveLength(0);
  });

  it('adds nothing and reports when the background fails', async () => {
    showFixture('new-overview');
    answer(async () => {
      throw new Error('no background');
    });
    const controller = new AbortController();
    runs.push(controller);
    const report = vi.fn();
    await expect(overviewBadgesFeature.init({ url: new URL('https://app.gotphoto.com/jobs'), signal: controller.signal, report })).resolves.toBeUndefined();
    expect(allBadges()).toHaveLength(0);
    expect(report).toHaveBeenCalledTimes(1);
  });
});
