/**
 * The extension in Firefox ESR, as a person uses it: sign in through the sandbox's login form,
 * see the bar and the badges on the admin pages, change a status through the bar.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../lib/core/types';
import { BADGE, expectedBadge, launchFirefoxE2E, ROW_BADGE, textOf, UI, type FirefoxE2E } from './harness';

let e2e: FirefoxE2E;
let page: Page;
const used = new Set<string>();

/** A demo job nobody else in this file used yet, matching `test`, newest first as the overview lists them. */
async function pick(test: (job: Job) => boolean = () => true) {
  const { account, jobs } = await e2e.jobs('demo');
  const job = [...jobs].sort((a, b) => Number(b.id) - Number(a.id)).find((j) => !used.has(j.id) && test(j));
  if (!job) throw new Error('no such job in the sandbox');
  used.add(job.id);
  return { job, account };
}

beforeAll(async () => {
  e2e = await launchFirefoxE2E();
  page = e2e.page;
});

afterAll(async () => {
  await e2e?.close();
});

describe('Firefox: the admin pages', () => {
  it('signing in on a Settings link shows the bar with its checklist badge (new layout)', async () => {
    const { job, account } = await pick();
    await page.goto(`${e2e.sandbox.url}/jobs/${job.id}/settings`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await e2e.signIn(page);
    expect(new URL(page.url()).pathname).toBe(`/jobs/${job.id}/settings`);
    // The content script runs…
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-job-status-companion'))).toBe(`new:settings:${job.id}`);
    // …and the background, with the host permission granted at install, fetched the job.
    await expect.poll(() => textOf(page, BADGE), { timeout: 15_000 }).toBe(expectedBadge(job, account));
  });

  it('the classic layout shows the bar too', async () => {
    const { job, account } = await pick();
    await page.goto(`${e2e.sandbox.url}/classic/jobs/${job.id}/settings`);
    await expect.poll(() => textOf(page, BADGE), { timeout: 15_000 }).toBe(expectedBadge(job, account));
    expect(await page.$$eval(UI, (hosts) => hosts.length)).toBe(1);
  });

  it('the overview shows a badge next to every job it lists', async () => {
    await page.goto(`${e2e.sandbox.url}/jobs`);
    const listed = await page.$$eval('tr[data-job-id]', (rows) => rows.length);
    expect(listed).toBeGreaterThan(0);
    await expect.poll(() => page.$$eval(ROW_BADGE, (badges) => badges.length), { timeout: 15_000 }).toBe(listed);
  });

  it('archiving through the bar, after its confirmation, reaches the sandbox once', async () => {
    const { job } = await pick((j) => j.status === 'selling');
    const route = 'POST /api/v1/jobs/:id/status';
    const before = await e2e.stats();
    await page.goto(`${e2e.sandbox.url}/jobs/${job.id}/settings`);
    const archive = await page.waitForSelector(`${UI} >>> .jsc-transitions button[data-to="archived"]`, { timeout: 15_000 });
    await archive!.click();
    const dialog = `${UI} >>> [role="dialog"]`;
    await page.waitForSelector(dialog);
    expect(await textOf(page, dialog)).toContain('Customers can no longer order');
    const buttons = await page.$$(`${dialog} button`);
    const labels = await Promise.all(buttons.map((b) => b.evaluate((el) => el.textContent?.trim() ?? '')));
    const confirm = buttons[labels.indexOf('Archive')];
    expect(confirm, labels.join(' | ')).toBeDefined();
    await confirm!.click();

    await expect.poll(async () => (await e2e.job(job.id)).status, { timeout: 15_000 }).toBe('archived');
    await expect.poll(() => textOf(page, `${UI} >>> .jsc-page > .jsc-status`), { timeout: 15_000 }).toBe('Archived');
    const after = await e2e.stats();
    expect((after.requests.byRoute[route] ?? 0) - (before.requests.byRoute[route] ?? 0)).toBe(1);
    expect((after.statusChanges[job.id] ?? 0) - (before.statusChanges[job.id] ?? 0)).toBe(1);
    expect((await e2e.job(job.id)).version).toBe(job.version + 1);
  });
});
