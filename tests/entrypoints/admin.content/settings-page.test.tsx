// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checklistSummary } from '../../../lib/core/checklist';
import type { Job, JobStatus } from '../../../lib/core/types';
import type { FeatureRun } from '../../../lib/content/runner';
import { settingsPageFeature } from '../../../entrypoints/admin.content/settings-page';
import { FIXTURE_INFO, showFixture, type FixtureName } from '../../fixtures/html/load';
import { BASE_NOW, makeAccount, makeJob } from '../../lib/core/factories';
import { answer, broadcast, callsOf, resetMessaging } from './helpers';

vi.mock('../../../lib/messaging/client', async () => (await import('./helpers')).clientMock());

const JOB_ID = FIXTURE_INFO.settingsJobId;
const account = makeAccount({ features: { prepay: true } });

/** Missing: price list and access codes (critical), watermark (booster). */
function pageJob(overrides: Partial<Job> = {}): Job {
  return makeJob({ id: JOB_ID, priceList: null, accessCodes: { activated: 0 }, watermark: false, ...overrides });
}

/** The background, as far as this page talks to it: a cache and an admin behind it. */
function fakeBackground(initial: Job) {
  const state = { cached: initial, server: initial, statusCalls: [] as { to: JobStatus; expectedVersion: number }[] };
  answer(async (type, payload) => {
    const p = payload as Record<string, unknown>;
    if (type === 'getJob') {
      if (p.revalidate) state.cached = state.server;
      return { job: state.cached, account, checklist: {}, now: BASE_NOW.toISOString() } as never;
    }
    if (type === 'setJobStatus') {
      state.statusCalls.push({ to: p.to as JobStatus, expectedVersion: p.expectedVersion as number });
      state.server = { ...state.server, status: p.to as JobStatus, version: state.server.version + 1 };
      state.cached = state.server;
      return { job: state.server } as never;
    }
    throw new Error(`unexpected ${type}`);
  });
  return state;
}

/** Every run a test starts; aborted after each test, as the runner would on navigation. */
const runs: AbortController[] = [];

function run(): { controller: AbortController; signal: AbortSignal } {
  const controller = new AbortController();
  runs.push(controller);
  return { controller, signal: controller.signal };
}

function start(fixture: FixtureName, path = `/jobs/${JOB_ID}/settings`) {
  showFixture(fixture);
  const { controller } = run();
  const report = vi.fn();
  const url = new URL(`https://app.gotphoto.com${path}`);
  const featureRun: FeatureRun = { url, signal: controller.signal, report };
  const done = settingsPageFeature.init(featureRun);
  return { controller, report, done };
}

const hosts = () => [...document.querySelectorAll('job-status-companion')] as HTMLElement[];
const shadow = () => {
  const host = hosts()[0];
  if (!host?.shadowRoot) throw new Error('no UI');
  return host.shadowRoot;
};
const q = (selector: string) => shadow().querySelector<HTMLElement>(selector);
const button = (name: string) =>
  [...shadow().querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === name) ?? null;
const ui = () => vi.waitFor(() => expect(q('.jsc-page')).not.toBeNull());

describe('the settings page feature', () => {
  beforeEach(() => {
    resetMessaging();
  });
  afterEach(() => {
    for (const controller of runs.splice(0)) controller.abort();
  });

  it('mounts one UI in the new layout’s banner with the status and the checklist badge', async () => {
    const job = pageJob();
    fakeBackground(job);
    const { controller, report } = start('new-settings');
    await ui();
    expect(hosts()).toHaveLength(1);
    expect(hosts()[0]?.parentElement?.matches('header.job-banner')).toBe(true);
    expect(q('.jsc-page')?.classList.contains('jsc-page--row')).toBe(true);
    expect(q('.jsc-status')?.textContent).toBe('Planning');
    const summary = checklistSummary(job, account, BASE_NOW);
    expect(summary).toMatchObject({ criticalMissing: 2, boostersDone: 3, boostersTotal: 4 });
    expect(q('.jsc-summary')?.textContent).toBe('2 critical · 3/4 boosters');
    expect(q('.jsc-summary')?.className).toContain('jsc-summary--critical');
    expect(report).not.toHaveBeenCalled();
    controller.abort();
  });

  it('sits next to the status buttons in the classic layout', async () => {
    fakeBackground(pageJob());
    const { controller } = start('classic-settings', `/classic/jobs/${JOB_ID}/settings`);
    await ui();
    expect(hosts()[0]?.parentElement?.matches('#job-status-box .job-status-cell')).toBe(true);
    expect(q('.jsc-page')?.classList.contains('jsc-page--inline')).toBe(true);
    controller.abort();
  });

  it('shows the cached job at once, then the revalidated one', async () => {
    const state = fakeBackground(pageJob());
    state.server = pageJob({ version: 2, accessCodes: { activated: 5 } } as Partial<Job>);
    const { controller } = start('new-settings');
    await vi.waitFor(() => expect(q('.jsc-summary')?.textContent).toBe('1 critical · 3/4 boosters'));
    expect(callsOf('getJob')).toEqual([{ jobId: JOB_ID }, { jobId: JOB_ID, revalidate: true }]);
    controller.abort();
  });

  it('offers the allowed transitions only', async () => {
    fakeBackground(pageJob());
    const { controller } = start('new-settings');
    await ui();
    const labels = [...shadow().querySelectorAll('.jsc-transitions button')].map((b) => b.textContent);
    expect(labels).toEqual(['Start selling', 'Archive']);
    controller.abort();
  });

  it('asks with the go-live checklist before selling: Cancel changes nothing, “anyway” sells and refreshes the site', async () => {
    const state = fakeBackground(pageJob());
    const popstate = vi.fn();
    window.addEventListener('popstate', popstate);
    const { controller } = start('new-settings');
    await ui();

    button('Start selling')?.click();
    await vi.waitFor(() => expect(q('[role="dialog"]')).not.toBeNull());
    const dialog = q('[role="dialog"]');
    expect(dialog?.textContent).toContain('Go-live checklist');
    // Critical items first.
    const states = [...(dialog?.querySelectorAll('[data-item]') ?? [])].map((li) => li.getAttribute('data-state'));
    expect(states.indexOf('recommended')).toBeGreaterThan(states.lastIndexOf('critical'));
    expect([...(dialog?.querySelectorAll('[data-state="critical"]') ?? [])].map((li) => li.getAttribute('data-item'))).toEqual(['price-list', 'access-codes']);
    button('Cancel')?.click();
    await vi.waitFor(() => expect(q('[role="dialog"]')).toBeNull());
    expect(state.statusCalls).toEqual([]);

    button('Start selling')?.click();
    await vi.waitFor(() => expect(button('Start selling anyway')).not.toBeNull());
    button('Start selling anyway')?.click();
    await vi.waitFor(() => expect(q('.jsc-status')?.textContent).toBe('Selling'));
    expect(state.statusCalls).toEqual([{ to: 'selling', expectedVersion: 1 }]);
    expect(popstate).toHaveBeenCalledTimes(1);
    expect(q('[role="status"]')?.textContent).toBe('Status changed to Selling.');
    expect(q('[role="dialog"]')).toBeNull();
    window.removeEventListener('popstate', popstate);
    controller.abort();
  });

  it('asks with the prepay checklist before switching to prepay', async () => {
    const state = fakeBackground(pageJob({ salesMethod: 'prepay', prepayDeadline: null }));
    const { controller } = start('new-settings');
    await ui();
    button('Switch to Prepay')?.click();
    await vi.waitFor(() => expect(q('[role="dialog"]')?.textContent).toContain('Prepay checklist'));
    expect(q('[role="dialog"] [data-item="prepay-deadline"]')?.dataset.state).toBe('critical');
    button('Switch to Prepay anyway')?.click();
    await vi.waitFor(() => expect(q('.jsc-status')?.textContent).toBe('Prepay'));
    expect(state.statusCalls).toEqual([{ to: 'prepay', expectedVersion: 1 }]);
    controller.abort();
  });

  it('confirms archiving with what customers lose', async () => {
    const state = fakeBackground(pageJob({ status: 'selling' }));
    const { controller } = start('new-settings');
    await ui();
    button('Archive')?.click();
    await vi.waitFor(() => expect(q('[role="dialog"]')?.textContent).toContain('Customers can no longer order'));
    const confirm = [...(q('[role="dialog"]')?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Archive');
    confirm?.click();
    await vi.waitFor(() => expect(q('.jsc-status')?.textContent).toBe('Archived'));
    expect(state.statusCalls).toEqual([{ to: 'archived', expectedVersion: 1 }]);
    controller.abort();
  });

  it('shows a conflict as a message and the admin’s newer job', async () => {
    fakeBackground(pageJob());
    const newer = pageJob({ version: 5, status: 'selling' });
    answer(async (type) => {
      if (type === 'getJob') return { job: pageJob(), account, checklist: {}, now: BASE_NOW.toISOString() } as never;
      const { MessageFailure } = await import('../../../lib/messaging/client');
      throw new MessageFailure({ code: 'api', kind: 'conflict', reason: { code: 'api', params: { kind: 'conflict' } }, job: newer });
    });
    const { controller, report } = start('new-settings');
    await ui();
    button('Archive')?.click();
    await vi.waitFor(() => expect(q('[role="dialog"]')).not.toBeNull());
    [...(q('[role="dialog"]')?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Archive')?.click();
    await vi.waitFor(() => expect(q('[role="status"]')?.textContent).toContain('changed on the admin site meanwhile'));
    expect(q('.jsc-status')?.textContent).toBe('Selling');
    expect(report).not.toHaveBeenCalled();
    controller.abort();
  });

  it('re-evaluates the badge after the site saves its settings form', async () => {
    const state = fakeBackground(pageJob());
    const { controller } = start('new-settings');
    await vi.waitFor(() => expect(q('.jsc-summary')?.textContent).toBe('2 critical · 3/4 boosters'));
    // The site saves on submit; the server has the new price list a moment later.
    const form = document.querySelector('form[data-form="price-list"]');
    form?.addEventListener('submit', (event) => event.preventDefault());
    form?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    setTimeout(() => (state.server = pageJob({ version: 2, priceList: { id: 'pl-101', name: 'Standard' } })), 100);
    await vi.waitFor(() => expect(q('.jsc-summary')?.textContent).toBe('1 critical · 3/4 boosters'), { timeout: 1000 });
    controller.abort();
  });

  it('follows a change the site made with its own buttons (its status label changes)', async () => {
    const state = fakeBackground(pageJob());
    const { controller } = start('new-settings');
    await ui();
    state.server = pageJob({ version: 2, status: 'archived' });
    const label = document.querySelector('header.job-banner .status-label');
    if (label) label.textContent = 'Archived';
    await vi.waitFor(() => expect(q('.jsc-status')?.textContent).toBe('Archived'));
    controller.abort();
  });

  it('updates from the background’s broadcasts for this job only', async () => {
    const state = fakeBackground(pageJob());
    const { controller } = start('new-settings');
    await ui();
    const before = callsOf('getJob').length;
    broadcast({ channel: 'job-status-companion/v1', event: 'jobsChanged', jobIds: ['other'] });
    expect(callsOf('getJob')).toHaveLength(before);
    state.cached = pageJob({ version: 3, watermark: true });
    broadcast({ channel: 'job-status-companion/v1', event: 'jobsChanged', jobIds: [JOB_ID] });
    await vi.waitFor(() => expect(q('.jsc-summary')?.textContent).toBe('2 critical · 4/4 boosters'));
    controller.abort();
  });

  it('expands to the item list with “Fix” buttons that reveal the right settings section', async () => {
    fakeBackground(pageJob({ accessCodes: { total: 10, activated: 0 } } as Partial<Job>));
    const { controller } = start('new-settings');
    await ui();
    const toggle = q('.jsc-page__toggle');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    toggle?.click();
    await vi.waitFor(() => expect(q('.jsc-page__panel')).not.toBeNull());
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    const section = document.getElementById('price-list');
    const scrolled = vi.fn();
    if (section) section.scrollIntoView = scrolled;
    q('[data-item="price-list"] button')?.click();
    expect(scrolled).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(q('.jsc-page__panel')).toBeNull());
    controller.abort();
  });

  it('offers no “Fix” for invoice settings (they are not on this page) and says where they are', async () => {
    answer(async () => ({ job: pageJob(), account: makeAccount({ invoiceSettingsComplete: false }), checklist: {}, now: BASE_NOW.toISOString() }) as never);
    const { controller } = start('new-settings');
    await ui();
    q('.jsc-page__toggle')?.click();
    await vi.waitFor(() => expect(q('.jsc-page__panel')).not.toBeNull());
    expect(q('[data-item="invoice-settings"]')?.dataset.state).toBe('critical');
    expect(q('[data-item="invoice-settings"] button')).toBeNull();
    expect(q('[data-item="price-list"] button')).not.toBeNull();
    expect(q('.jsc-page__hint')?.textContent).toContain('account settings');
    controller.abort();
  });

  it('renders a hostile job name as text', async () => {
    const name = '<img src=x onerror=alert(1)>';
    fakeBackground(pageJob({ name }));
    const { controller } = start('new-settings');
    await ui();
    button('Start selling')?.click();
    await vi.waitFor(() => expect(q('.jsc-modal__job')).not.toBeNull());
    expect(q('.jsc-modal__job')?.textContent).toBe(name);
    expect(shadow().querySelector('img')).toBeNull();
    controller.abort();
  });

  it('floats as a pill when the anchor is missing, and never throws into the page', async () => {
    fakeBackground(pageJob());
    showFixture('new-settings');
    document.querySelector('header.job-banner')?.remove();
    const { controller, signal } = run();
    const report = vi.fn();
    await settingsPageFeature.init({ url: new URL(`https://app.gotphoto.com/jobs/${JOB_ID}/settings`), signal, report });
    await vi.waitFor(() => expect(q('.jsc-page--pill')).not.toBeNull(), { timeout: 2000 });
    expect(hosts()[0]?.parentElement).toBe(document.body);
    expect(hosts()[0]?.style.position).toBe('fixed');
    expect(report).not.toHaveBeenCalled();
    controller.abort();
  });

  it('follows the banner when the site re-renders it, keeping one UI', async () => {
    fakeBackground(pageJob());
    const { controller } = start('new-settings');
    await ui();
    const old = document.querySelector('header.job-banner');
    const fresh = old?.cloneNode(true) as HTMLElement;
    fresh.querySelector('job-status-companion')?.remove();
    old?.replaceWith(fresh);
    await vi.waitFor(() => expect(hosts()[0]?.parentElement).toBe(fresh));
    expect(hosts()).toHaveLength(1);
    controller.abort();
  });

  it('removes itself when the run is aborted, so the next run leaves exactly one UI', async () => {
    fakeBackground(pageJob());
    const first = start('new-settings');
    await ui();
    first.controller.abort();
    expect(hosts()).toHaveLength(0);
    const { controller, signal } = run();
    await settingsPageFeature.init({ url: new URL(`https://app.gotphoto.com/jobs/${JOB_ID}/settings`), signal, report: vi.fn() });
    await ui();
    expect(hosts()).toHaveLength(1);
    controller.abort();
  });

  it('shows nothing and reports, without throwing, when the background fails', async () => {
    answer(async () => {
      throw new Error('background asleep');
    });
    const { controller, report, done } = start('new-settings');
    await expect(done).resolves.toBeUndefined();
    expect(hosts()).toHaveLength(0);
    expect(report).toHaveBeenCalled();
    controller.abort();
  });

  it('shows nothing for a job the cache does not know, and appears once a sync brings it', async () => {
    let known = false;
    answer(async () => (known ? { job: pageJob(), account, checklist: {}, now: BASE_NOW.toISOString() } : null) as never);
    const { controller, done } = start('new-settings');
    await done;
    expect(hosts()).toHaveLength(0);
    known = true;
    broadcast({ channel: 'job-status-companion/v1', event: 'jobsChanged', jobIds: null });
    await ui();
    controller.abort();
  });
});
