/**
 * The popup end to end: the real sandbox build in Chromium against the sandbox admin site. The
 * popup is opened as a tab at popup.html (440×600, the popup's size), which the extension treats
 * as its popup. Tests run in order and share one browser: each leaves the popup as it found it.
 * Screenshots of every state go to .output/screenshots/popup-*.png.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateChecklist } from '../../lib/core/checklist';
import { sortJobs } from '../../lib/core/sort';
import type { Account, Job } from '../../lib/core/types';
import { CHANNEL, type JobsResult, type SyncStateView } from '../../lib/messaging/protocol';
import { launchE2E, type E2E } from './harness';
import { describeViolations, seriousViolations } from './security-helpers';
import { SCREENSHOT_DIR } from './paths';

let e2e: E2E;
let popup: Page;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  e2e = await launchE2E();
  popup = await openPopup();
  // A sync started before the login (when the extension was pointed at the sandbox) may still be
  // running and end signed out; wait for one that sees the session.
  for (let tries = 0; (await ask<SyncStateView>(popup, 'refresh', {})).status !== 'ok'; tries += 1) {
    if (tries === 20) throw new Error('the extension never synced with the sandbox');
    await popup.waitForTimeout(500);
  }
});

afterAll(async () => {
  await e2e?.close();
});

async function openPopup(): Promise<Page> {
  const page = await e2e.context.newPage();
  await page.setViewportSize({ width: 440, height: 600 });
  await page.goto(e2e.popupUrl);
  return page;
}

async function reopenPopup(): Promise<Page> {
  await popup.close();
  popup = await openPopup();
  return popup;
}

/** A screenshot of the state, and axe-core's verdict on it in both colour schemes. */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOT_DIR}/popup-${name}.png` });
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(describeViolations(await seriousViolations(page)), `${name} (${colorScheme})`).toEqual([]);
  }
}

async function server(account: 'demo' | 'other' = 'demo'): Promise<{ account: Account; jobs: Job[] }> {
  const res = await fetch(`${e2e.sandbox.url}/__sandbox/jobs?account=${account}`);
  return (await res.json()) as { account: Account; jobs: Job[] };
}

async function serverJob(id: string): Promise<Job> {
  const job = (await server()).jobs.find((each) => each.id === id);
  if (!job) throw new Error(`no job ${id} on the sandbox`);
  return job;
}

/** Asks the background directly, as the popup does (the popup page is allowed everything). */
async function ask<T>(page: Page, type: string, payload: unknown): Promise<T> {
  const answer = await page.evaluate(
    ([channel, t, p]) =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ channel, type: t, payload: p }),
    [CHANNEL, type, payload] as const,
  );
  const envelope = answer as { ok: boolean; data: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${type}: ${JSON.stringify(envelope.error)}`);
  return envelope.data;
}

const rows = (page: Page) => page.locator('[role=listbox] [role=option]');
const count = (page: Page) => page.locator('.pop-listbar__count');
const search = (page: Page) => page.getByRole('searchbox', { name: 'Search jobs' });
const chip = (page: Page, name: RegExp) => page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name });

async function setSearch(page: Page, text: string): Promise<void> {
  await search(page).fill(text);
}

async function showAll(page: Page): Promise<void> {
  await setSearch(page, '');
  await chip(page, /^All/).click();
  await page.getByRole('combobox', { name: 'Sort' }).selectOption('updated');
}

describe('the popup against the sandbox', () => {
  // A fresh popup per test (as the user opens it), so one failure does not cascade.
  beforeEach(async () => {
    await reopenPopup();
    await expect.poll(() => popup.locator('.pop-listbar__count').textContent(), { timeout: 30_000 }).toMatch(/^\d+ jobs$/);
    await showAll(popup);
  });

  it('lists the sandbox jobs after login, newest first (M1.3)', async () => {
    const { jobs } = await server();
    await expect.poll(() => count(popup).textContent(), { timeout: 30_000 }).toBe(`${jobs.length} jobs`);
    const newest = sortJobs(jobs, 'updated')[0]!;
    await expect.poll(() => rows(popup).first().getAttribute('data-job-id')).toBe(newest.id);
    await expect.poll(() => popup.locator('.pop-sync').getAttribute('data-sync')).toBe('ok');
    expect(await rows(popup).count()).toBeLessThanOrEqual(100);
    await shot(popup, 'list');
  });

  it('paints a reopened popup from the first screen the background keeps, before a stopped worker answers, and never stale', async () => {
    type Stored = { firstScreen?: { result: JobsResult } };
    const stored = (page: Page) =>
      page.evaluate(() => (globalThis as unknown as { chrome: { storage: { session: { get(key: string): Promise<Stored> } } } }).chrome.storage.session.get('firstScreen'));
    await expect.poll(async () => (await stored(popup)).firstScreen?.result.jobs.length ?? 0).toBe(50);

    // A change removes the kept screen at once and keeps the changed list once things settle.
    const before = await ask<JobsResult>(popup, 'getJobs', { limit: 50 });
    const job = before.jobs.find((each) => each.status === 'planning')!;
    await ask(popup, 'setJobStatus', { jobId: job.id, to: 'archived', expectedVersion: job.version });
    await expect.poll(async () => (await stored(popup)).firstScreen?.result.jobs[0], { timeout: 10_000 }).toMatchObject({ id: job.id, status: 'archived' });

    await popup.close();
    await e2e.stopServiceWorker();
    const page = await e2e.context.newPage();
    await page.setViewportSize({ width: 440, height: 600 });
    // When the first row appears, and when the background answered the first getJobs.
    await page.addInitScript(() => {
      const seen = { rowAt: 0, firstRowId: '', firstRowText: '', answeredAt: 0 };
      Object.defineProperty(window, '__seen', { value: seen });
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(...args: unknown[]): Promise<unknown> | undefined } } }).chrome.runtime;
      const send = runtime.sendMessage.bind(runtime);
      runtime.sendMessage = (...args: unknown[]) => {
        if ((args[0] as { type?: string }).type !== 'getJobs' || seen.answeredAt) return send(...args);
        const answered = () => (seen.answeredAt ||= performance.now());
        // The polyfill passes a callback in Chromium; a promise is returned elsewhere.
        const callback = args.at(-1);
        if (typeof callback === 'function') {
          args[args.length - 1] = (...answer: unknown[]) => {
            answered();
            return (callback as (...a: unknown[]) => unknown)(...answer);
          };
          return send(...args);
        }
        const result = send(...args);
        void result?.then(answered, answered);
        return result;
      };
      new MutationObserver(() => {
        const row = document.querySelector('[role=listbox] [role=option]');
        if (row && !seen.rowAt) Object.assign(seen, { rowAt: performance.now(), firstRowId: row.getAttribute('data-job-id'), firstRowText: row.textContent });
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(e2e.popupUrl);
    type Seen = { rowAt: number; firstRowId: string; firstRowText: string; answeredAt: number };
    await expect.poll(() => page.evaluate(() => (window as unknown as { __seen: Seen }).__seen.answeredAt), { timeout: 30_000 }).toBeGreaterThan(0);
    const seen = await page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);
    expect(seen.rowAt).toBeGreaterThan(0);
    expect(seen.rowAt).toBeLessThan(seen.answeredAt);
    expect(seen.firstRowId).toBe(job.id);
    expect(seen.firstRowText).toContain('Archived');
    await page.close();

    popup = await openPopup();
    await ask(popup, 'setJobStatus', { jobId: job.id, to: 'planning', expectedVersion: job.version + 1 });
  });

  it('search finds a job by name and by ID (M1.3)', async () => {
    const { jobs } = await server();
    const names = new Map<string, number>();
    for (const job of jobs) names.set(job.name, (names.get(job.name) ?? 0) + 1);
    const target = jobs.find((job) => names.get(job.name) === 1 && job.status === 'selling')!;

    await setSearch(popup, target.name);
    await expect.poll(() => rows(popup).first().getAttribute('data-job-id')).toBe(target.id);
    await shot(popup, 'search-name');

    await setSearch(popup, target.id);
    await expect.poll(() => rows(popup).count()).toBe(1);
    expect(await rows(popup).first().getAttribute('data-job-id')).toBe(target.id);

    await setSearch(popup, 'no job is called this');
    await expect.poll(() => popup.getByText('No job matches “no job is called this”').isVisible()).toBe(true);
    await shot(popup, 'search-empty');
    await popup.getByRole('button', { name: 'Clear search' }).click();
    await expect.poll(() => count(popup).textContent()).toBe(`${jobs.length} jobs`);
  });

  it('filters by status and attention, sorts, and remembers both', async () => {
    const { jobs } = await server();
    const selling = jobs.filter((job) => job.status === 'selling');
    await chip(popup, /^Selling/).click();
    await expect.poll(() => count(popup).textContent()).toBe(`${selling.length} jobs`);
    for (const badge of await rows(popup).locator('.jsc-status').all()) expect(await badge.textContent()).toBe('Selling');

    await popup.getByRole('combobox', { name: 'Sort' }).selectOption('name');
    const byName = sortJobs(selling, 'name')[0]!;
    await expect.poll(() => rows(popup).first().getAttribute('data-job-id')).toBe(byName.id);

    await reopenPopup();
    await expect.poll(() => chip(popup, /^Selling/).getAttribute('aria-pressed')).toBe('true');
    expect(await popup.getByRole('combobox', { name: 'Sort' }).inputValue()).toBe('name');
    await expect.poll(() => rows(popup).first().getAttribute('data-job-id')).toBe(byName.id);

    await chip(popup, /^Needs attention/).click();
    await expect.poll(async () => Number((await count(popup).textContent())?.split(' ')[0])).toBeGreaterThan(0);
    for (const badge of await rows(popup).locator('.jsc-status').all()) expect(await badge.textContent()).toBe('Selling');
    await shot(popup, 'attention');
    await showAll(popup);
  });

  it('shows a job in detail: status, transitions, what customers see, the checklist and the facts', async () => {
    const { jobs } = await server();
    const job = sortJobs(jobs.filter((each) => each.status === 'selling'), 'updated')[0]!;
    await setSearch(popup, job.id);
    await expect.poll(() => rows(popup).count()).toBe(1);
    await rows(popup).first().click();
    const detail = popup.locator('[data-view="detail"]');
    await expect.poll(() => detail.getByRole('heading', { level: 1 }).textContent()).toBe(job.name);
    expect(await detail.getByRole('region', { name: 'Status' }).locator('.jsc-status').first().textContent()).toBe('Selling');
    expect(await detail.getByRole('region', { name: 'What customers see' }).textContent()).not.toBe('');
    expect(await detail.getByRole('list', { name: 'Go-live checklist' }).getByRole('listitem').count()).toBe(9);
    expect(await detail.getByRole('region', { name: 'Details' }).textContent()).toContain('Login rate');
    await shot(popup, 'detail');
    await popup.getByRole('button', { name: 'Back' }).click();
    await setSearch(popup, '');
  });

  it('changes one job through the checklist dialog: Cancel changes nothing, "Start selling anyway" sells', async () => {
    const { account, jobs } = await server();
    const now = new Date();
    const job = jobs.find((each) => each.status === 'planning' && evaluateChecklist('go-live', each, account, now).criticalMissing > 0)!;
    await setSearch(popup, job.id);
    await expect.poll(() => rows(popup).count()).toBe(1);
    await rows(popup).first().click();
    const detail = popup.locator('[data-view="detail"]');
    await detail.getByRole('button', { name: 'Start selling' }).click();

    const dialog = popup.getByRole('dialog', { name: 'Go-live checklist' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Critical items come first, and at least one of them is missing.
    expect(await dialog.locator('.jsc-modal__section-title').first().textContent()).toBe('Critical');
    expect(await dialog.locator('.jsc-modal__section').first().locator('.jsc-check[data-state="critical"]').count()).toBeGreaterThan(0);
    await shot(popup, 'golive-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await serverJob(job.id)).status).toBe('planning');

    await detail.getByRole('button', { name: 'Start selling' }).click();
    await dialog.getByRole('button', { name: 'Start selling anyway' }).click();
    await expect.poll(() => detail.getByText('Status changed to Selling.').isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await serverJob(job.id)).status).toBe('selling');
    await shot(popup, 'detail-changed');
    await popup.keyboard.press('Escape');
    await setSearch(popup, '');
  });

  it('runs a 50-job bulk: preview, progress across closing and reopening, retry of failures, undo', async () => {
    await chip(popup, /^Planning/).click();
    await expect.poll(async () => Number((await count(popup).textContent())?.split(' ')[0])).toBeGreaterThanOrEqual(50);
    const planned = await ask<JobsResult>(popup, 'getJobs', { query: '', status: 'planning', attention: false, sort: 'updated', offset: 0, limit: 50 });
    const ids = planned.jobs.map((job) => job.id);
    const forbidden = ids.slice(0, 5);

    // Select 50 with a click and a shift-click, the way a mouse user does.
    await rows(popup).nth(0).locator('.pop-row__check').click();
    await popup.getByTestId('job-list').evaluate((list) => (list.scrollTop = 49 * 68 - 200));
    const last = popup.locator('[role=option][data-index="49"]');
    await expect.poll(() => last.count()).toBe(1);
    await last.locator('.pop-row__check').click({ modifiers: ['Shift'] });
    await expect.poll(() => popup.getByText('50 selected').isVisible()).toBe(true);
    await shot(popup, 'selection');

    await e2e.faults({ latencyMs: 400, failRate: 0.1, forbidJobIds: forbidden });
    await popup.getByRole('region', { name: 'Selected jobs' }).getByRole('button', { name: 'Start selling' }).click();
    const preview = popup.locator('[data-view="bulk-preview"]');
    await expect.poll(() => preview.isVisible()).toBe(true);
    expect(await preview.locator('.pop-tile__value').first().textContent()).toBe('50');
    if (await preview.getByRole('radio', { name: 'Change them anyway' }).count()) {
      await preview.getByRole('radio', { name: 'Change them anyway' }).check();
    }
    await shot(popup, 'bulk-preview');
    await preview.getByRole('button', { name: 'Change 50 jobs' }).click();

    const progress = popup.getByRole('progressbar');
    await expect.poll(() => progress.isVisible()).toBe(true);
    await shot(popup, 'bulk-progress');
    const before = Number(await progress.getAttribute('aria-valuenow'));

    // Close the popup mid-run; the bulk goes on in the background and shows again on reopening.
    await reopenPopup();
    const bulk = popup.locator('[data-view="bulk"]');
    await expect.poll(() => bulk.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(['queued', 'running', 'paused']).toContain(await bulk.getAttribute('data-bulk-state'));
    expect(Number(await popup.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(before);
    await shot(popup, 'bulk-reopened');

    await expect.poll(() => bulk.getAttribute('data-bulk-state'), { timeout: 60_000 }).toBe('done');
    expect(await bulk.locator('[data-count="failed"] dd').textContent()).toBe('5');
    expect(await bulk.getByRole('region', { name: 'Need a look (5)' }).textContent()).toContain('Not permitted for this account.');
    await shot(popup, 'bulk-results');
    const afterRun = await server();
    const statusOf = (id: string) => afterRun.jobs.find((job) => job.id === id)?.status;
    expect(ids.filter((id) => statusOf(id) === 'selling')).toHaveLength(45);
    expect(forbidden.map(statusOf)).toEqual(['planning', 'planning', 'planning', 'planning', 'planning']);

    await e2e.faults({ latencyMs: 0, failRate: 0, forbidJobIds: [] });
    await bulk.getByRole('button', { name: 'Retry failed' }).click();
    await expect.poll(() => popup.getByRole('heading', { name: 'Retry: change to Selling' }).isVisible()).toBe(true);
    await expect.poll(() => popup.locator('[data-view="bulk"]').getAttribute('data-bulk-state'), { timeout: 30_000 }).toBe('done');
    expect(await popup.locator('[data-count="done"] dd').textContent()).toBe('5');
    for (const id of forbidden) expect((await serverJob(id)).status).toBe('selling');
    await shot(popup, 'bulk-retried');

    await popup.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => popup.getByRole('heading', { name: 'Undo of a bulk change' }).isVisible()).toBe(true);
    await expect.poll(() => popup.locator('[data-view="bulk"]').getAttribute('data-bulk-state'), { timeout: 30_000 }).toBe('done');
    for (const id of forbidden) expect((await serverJob(id)).status).toBe('planning');
    await shot(popup, 'bulk-undone');

    await popup.getByRole('button', { name: 'Close', exact: true }).click();
    await showAll(popup);
  });

  it('lists the changes in the activity view', async () => {
    await popup.getByRole('button', { name: 'Activity' }).click();
    const activity = popup.locator('[data-view="activity"]');
    await expect.poll(() => activity.locator('.pop-activity__item').count()).toBeGreaterThan(50);
    await shot(popup, 'activity');
    await popup.getByRole('button', { name: 'Back' }).click();
  });

  it('works with the keyboard alone, with visible focus', async () => {
    await reopenPopup();
    const { jobs } = await server();
    await expect.poll(() => count(popup).textContent()).toBe(`${jobs.length} jobs`);
    const target = sortJobs(jobs.filter((job) => job.status === 'selling'), 'updated')[1]!;
    const focused = () => popup.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { role: el?.getAttribute('role') ?? el?.tagName, label: el?.getAttribute('aria-label') ?? null, text: el?.textContent ?? '', index: el?.dataset.index ?? null, visible: el?.matches(':focus-visible') ?? false };
    });

    await popup.keyboard.press('/');
    expect((await focused()).role).toBe('INPUT');
    await popup.keyboard.type(target.id);
    await expect.poll(() => rows(popup).count()).toBe(1);
    await popup.keyboard.press('ArrowDown');
    await expect.poll(async () => (await focused()).index).toBe('0');
    expect((await focused()).visible).toBe(true);
    await popup.keyboard.press(' ');
    await expect.poll(() => rows(popup).first().getAttribute('aria-selected')).toBe('true');
    await shot(popup, 'keyboard-row');

    await popup.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).label).toBe('Back');
    expect(await popup.locator('[data-view="detail"]').isVisible()).toBe(true);
    for (let i = 0; i < 12 && (await focused()).text !== 'Archive'; i += 1) await popup.keyboard.press('Tab');
    expect((await focused()).text).toBe('Archive');
    expect((await focused()).visible).toBe(true);
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.getByRole('dialog', { name: 'Archive this job?' }).isVisible()).toBe(true);
    expect((await focused()).text).toBe('Cancel');
    await shot(popup, 'keyboard-dialog');
    await popup.keyboard.press('Escape');
    await expect.poll(() => popup.getByRole('dialog').count()).toBe(0);
    await expect.poll(async () => (await focused()).text).toBe('Archive');
    expect((await serverJob(target.id)).status).toBe('selling');

    await popup.keyboard.press('Escape');
    await expect.poll(async () => (await focused()).index).toBe('0');
    await popup.keyboard.press('Escape');
    await expect.poll(() => count(popup).textContent()).toBe(`${jobs.length} jobs`);
    await popup.keyboard.press('Escape');
    await expect.poll(() => popup.getByRole('region', { name: 'Selected jobs' }).count()).toBe(0);

    // Esc left focus in the search field, where Ctrl+A selects the text; ↓ goes back to the list.
    await popup.keyboard.press('ArrowDown');
    await expect.poll(async () => (await focused()).index).toBe('0');
    await popup.keyboard.press('Control+a');
    await expect.poll(() => popup.getByText(`${jobs.length} selected`).isVisible()).toBe(true);
    await shot(popup, 'keyboard-select-all');
    await popup.keyboard.press('Escape');
    await expect.poll(() => popup.getByRole('region', { name: 'Selected jobs' }).count()).toBe(0);
  });

  it('after logging out it shows the sign-in state, whose link opens the login page (M1.3)', async () => {
    await e2e.page.evaluate(() => fetch('/logout', { method: 'POST' }));
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    const signIn = popup.getByRole('button', { name: 'Sign in to the admin site' });
    await expect.poll(() => signIn.isVisible(), { timeout: 15_000 }).toBe(true);
    await shot(popup, 'signed-out');
    const [tab] = await Promise.all([e2e.context.waitForEvent('page'), signIn.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${e2e.sandbox.url}/login`);
    await tab.close();
  });

  it('logged in as the other account, it shows only that account’s jobs (M1.3)', async () => {
    const demo = new Set((await server('demo')).jobs.map((job) => job.id));
    const other = (await server('other')).jobs;
    await e2e.login(e2e.page, 'other');
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => count(popup).textContent(), { timeout: 30_000 }).toBe(`${other.length} jobs`);
    for (const id of await rows(popup).evaluateAll((els) => els.map((el) => el.getAttribute('data-job-id')))) {
      expect(demo.has(id ?? '')).toBe(false);
    }
    await setSearch(popup, [...demo][0]!);
    await expect.poll(() => rows(popup).count()).toBe(0);
    await shot(popup, 'other-account');
    await setSearch(popup, '');
  });

  it('offline: keeps the list and says from when it is', async () => {
    await e2e.sandbox.close();
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => popup.locator('.pop-sync').getAttribute('data-sync'), { timeout: 30_000 }).toBe('offline');
    expect(await popup.locator('.pop-sync').textContent()).toContain('Offline — showing data from');
    expect(await rows(popup).count()).toBeGreaterThan(0);
    await shot(popup, 'offline');
  });
});
