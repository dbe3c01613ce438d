/**
 * First use as a person does it (M2.1), with no back door at all: the sandbox runs where the
 * sandbox build points by default (lib/env/sandbox.ts, as `npm start` has it), the browser
 * installs the extension, and from then on the test only does what a person does: open pages,
 * fill the login form, click. It never writes the extension's storage, never sends it a message
 * and never asks it to refresh. What it reads from the sandbox's test controls is the oracle
 * (which jobs exist), and expiring the sessions stands for the admin site's own time-out.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistSummary } from '../../lib/core/checklist';
import type { Account, Job } from '../../lib/core/types';
import { SANDBOX_DEFAULT_PORT } from '../../lib/env/sandbox';
import { launchWithExtension, type LaunchedBrowser } from '../../sandbox/chromium';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { ACCOUNTS } from './harness';
import { EXTENSION_DIR } from './paths';

const UI = 'job-status-companion';
const ROW_BADGE = 'job-status-companion-badge';

let sandbox: RunningSandbox;
let browser: LaunchedBrowser;
let page: Page;
let popupUrl: string;

async function serverJobs(account: 'demo' | 'other'): Promise<{ account: Account; jobs: Job[] }> {
  const res = await fetch(`${sandbox.url}/__sandbox/jobs?account=${account}`);
  return (await res.json()) as { account: Account; jobs: Job[] };
}

/** The newest job first, as the overview lists them. */
async function newestJob(account: 'demo' | 'other', skip = 0): Promise<{ job: Job; account: Account }> {
  const { account: who, jobs } = await serverJobs(account);
  const job = [...jobs].sort((a, b) => Number(b.id) - Number(a.id))[skip];
  if (!job) throw new Error('the sandbox has no jobs');
  return { job, account: who };
}

function expectedBadge(job: Job, account: Account): string {
  const s = checklistSummary(job, account, new Date());
  return s.criticalMissing > 0
    ? `${s.criticalMissing} critical · ${s.boostersDone}/${s.boostersTotal} boosters`
    : `Ready · ${s.boostersDone}/${s.boostersTotal} boosters`;
}

/** The login form, filled and sent as a person does; resolves once the site has moved on, with the time of the click. */
async function signIn(tab: Page, account: keyof typeof ACCOUNTS): Promise<number> {
  await tab.waitForURL(/\/login/);
  await tab.getByLabel(/e-?mail/i).fill(ACCOUNTS[account].email);
  await tab.getByLabel(/password/i).fill(ACCOUNTS[account].password);
  const clicked = Date.now();
  await Promise.all([tab.waitForURL((url) => !url.pathname.startsWith('/login')), tab.getByRole('button', { name: /sign in/i }).click()]);
  return clicked;
}

const badge = (tab: Page) => tab.locator(`${UI} .jsc-page__toggle .jsc-summary`);
const rowBadges = (tab: Page) => tab.locator(`tr ${ROW_BADGE}`);
const popupRows = (tab: Page) => tab.locator('[role=listbox] [role=option]');

beforeAll(async () => {
  const port = SANDBOX_DEFAULT_PORT;
  try {
    sandbox = await startSandbox({ port, jobs: 200, seed: 1, testControls: true });
  } catch (error) {
    throw new Error(`The first-use test needs port ${port} (the sandbox build's default admin origin); is \`npm start\` running? ${String(error)}`);
  }
  browser = await launchWithExtension(EXTENSION_DIR);
  popupUrl = `chrome-extension://${browser.extensionId}/popup.html`;
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

describe('first use, as a person does it', () => {
  it('signing in on a Settings link shows the bar with its checklist badge, without any other step', async () => {
    const { job, account } = await newestJob('demo', 3);
    await page.goto(`${sandbox.url}/jobs/${job.id}/settings`);
    const clicked = await signIn(page, 'demo');
    expect(new URL(page.url()).pathname).toBe(`/jobs/${job.id}/settings`);
    await badge(page).waitFor({ timeout: 10_000 });
    const injectedToBar = await page.evaluate(() => {
      const [injected] = performance.getEntriesByName('job-status-companion:injected');
      const [mounted] = performance.getEntriesByName('job-status-companion:mounted:settings-page');
      return injected && mounted ? Math.round(mounted.startTime - injected.startTime) : null;
    });
    console.log(`[first-use e2e] sign in clicked → bar on the Settings page: ${Date.now() - clicked} ms (script injected → bar: ${injectedToBar} ms)`);
    await expect.poll(() => badge(page).textContent()).toBe(expectedBadge(job, account));
  });

  it('the overview shows a badge next to every job it lists', async () => {
    await page.getByRole('link', { name: '← All jobs' }).click();
    await page.waitForURL(`${sandbox.url}/jobs`);
    const listed = await page.locator('tr[data-job-id]').count();
    expect(listed).toBeGreaterThan(0);
    await expect.poll(() => rowBadges(page).count(), { timeout: 15_000 }).toBe(listed);
  });

  it('a job opened from the overview in the classic layout shows the bar too', async () => {
    const { job, account } = await newestJob('demo', 5);
    await page.goto(`${sandbox.url}/classic/jobs`);
    await page.getByRole('link', { name: job.name, exact: true }).first().click();
    await page.waitForURL(`${sandbox.url}/classic/jobs/${job.id}/settings`);
    await expect.poll(() => badge(page).textContent(), { timeout: 10_000 }).toBe(expectedBadge(job, account));
  });

  it('the popup lists the account’s jobs', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(popupUrl);
    await expect.poll(() => popup.locator('.pop-listbar__count').textContent(), { timeout: 15_000 }).toBe('200 jobs');
    await popup.close();
  });

  it('after the site’s session expired, signing in again brings back the page and clears the popup’s “signed out”', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(popupUrl);
    await expect.poll(() => popup.locator('.pop-sync').getAttribute('data-sync'), { timeout: 15_000 }).toBe('ok');

    await fetch(`${sandbox.url}/__sandbox/expire-sessions`, { method: 'POST' });
    // The person notices in the popup after a refresh…
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => popup.locator('.pop-sync').getAttribute('data-sync'), { timeout: 15_000 }).toBe('signed-out');

    // …and on the site, which sends them to its login form.
    const { job, account } = await newestJob('demo', 7);
    await page.goto(`${sandbox.url}/jobs/${job.id}/settings`);
    await signIn(page, 'demo');
    await expect.poll(() => badge(page).textContent(), { timeout: 10_000 }).toBe(expectedBadge(job, account));
    // The popup, still open, follows without being touched.
    await expect.poll(() => popup.locator('.pop-sync').getAttribute('data-sync'), { timeout: 15_000 }).toBe('ok');
    await popup.close();
  });

  it('another account signing in sees only its own jobs, on the page and in the popup', async () => {
    const demoIds = new Set((await serverJobs('demo')).jobs.map((j) => j.id));
    const theirs = await serverJobs('other');

    await page.goto(`${sandbox.url}/jobs`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'other');
    await page.waitForURL(`${sandbox.url}/jobs`);
    const listed = await page.locator('tr[data-job-id]').count();
    expect(listed).toBe(theirs.jobs.length);
    await expect.poll(() => rowBadges(page).count(), { timeout: 15_000 }).toBe(listed);

    const { job, account } = await newestJob('other', 2);
    await page.getByRole('link', { name: job.name, exact: true }).first().click();
    await page.waitForURL(`${sandbox.url}/jobs/${job.id}/settings`);
    await expect.poll(() => badge(page).textContent(), { timeout: 10_000 }).toBe(expectedBadge(job, account));

    const popup = await browser.context.newPage();
    // Every row the popup ever paints, from its first frame on: none may be the other account's.
    await popup.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { seenJobIds: string[] }).seenJobIds = seen;
      new MutationObserver(() => {
        for (const row of document.querySelectorAll('[data-job-id]')) seen.push(row.getAttribute('data-job-id') ?? '');
      }).observe(document, { childList: true, subtree: true });
    });
    await popup.goto(popupUrl);
    await expect.poll(() => popup.locator('.pop-listbar__count').textContent(), { timeout: 15_000 }).toBe(`${theirs.jobs.length} jobs`);
    const shown = await popupRows(popup).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-job-id') ?? ''));
    expect(shown.length).toBeGreaterThan(0);
    const seen = await popup.evaluate(() => (window as unknown as { seenJobIds: string[] }).seenJobIds);
    expect([...shown, ...seen].filter((id) => demoIds.has(id))).toEqual([]);
    await popup.close();
  });
});
