/**
 * The popup in Firefox ESR, opened as an extension page in a tab (the sandbox build's opener:
 * Firefox's WebDriver BiDi cannot click the toolbar button or navigate to moz-extension://).
 * Everything after that is what a person does in it: read the list, search, select with the
 * mouse, start a bulk.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickText, launchFirefoxE2E, textOf, type FirefoxE2E } from './harness';

let e2e: FirefoxE2E;
let popup: Page;

const COUNT = '.pop-listbar__count';
const ROWS = '[role=listbox] [role=option]';
const SEARCH = 'input[type=search]';

async function setSearch(page: Page, text: string): Promise<void> {
  const box = await page.waitForSelector(SEARCH);
  await box!.click({ count: 3 });
  await page.keyboard.press('Backspace');
  if (text) await box!.type(text);
}

beforeAll(async () => {
  e2e = await launchFirefoxE2E({ jobs: 200 });
  await e2e.page.goto(`${e2e.sandbox.url}/login`);
  await e2e.signIn(e2e.page);
  // The first admin page tells the extension who is signed in.
  await e2e.page.goto(`${e2e.sandbox.url}/jobs`);
  popup = await e2e.openExtensionPage('popup.html');
});

afterAll(async () => {
  await e2e?.close();
});

describe('Firefox: the popup', () => {
  it('lists the signed-in account’s jobs, and search finds a job by its ID', async () => {
    const { jobs } = await e2e.jobs('demo');
    await expect.poll(() => textOf(popup, COUNT), { timeout: 30_000 }).toBe(`${jobs.length} jobs`);
    const target = jobs.find((job) => job.status === 'selling')!;
    await setSearch(popup, target.id);
    await expect.poll(() => popup.$$eval(ROWS, (rows) => rows.map((row) => row.getAttribute('data-job-id'))), { timeout: 15_000 }).toEqual([target.id]);
    await setSearch(popup, '');
    await expect.poll(() => textOf(popup, COUNT), { timeout: 15_000 }).toBe(`${jobs.length} jobs`);
  });

  it('a 50-job bulk with 10 % of answers failing (5xx) changes every job exactly once', async () => {
    await clickText(popup, '[role=group] button', (text) => text.startsWith('Planning'));
    await expect.poll(async () => Number((await textOf(popup, COUNT))?.split(' ')[0]), { timeout: 15_000 }).toBeGreaterThanOrEqual(50);

    // Select 50 with a click and a shift-click, the way a mouse user does.
    await (await popup.waitForSelector(`${ROWS}[data-index="0"] .pop-row__check`))!.click();
    await popup.$eval('[data-testid=job-list]', (list) => (list.scrollTop = 49 * 68 - 200));
    const last = await popup.waitForSelector(`${ROWS}[data-index="49"] .pop-row__check`, { timeout: 15_000 });
    await popup.keyboard.down('Shift');
    await last!.click();
    await popup.keyboard.up('Shift');
    await expect.poll(() => popup.$$eval('[role=option][aria-selected=true]', (rows) => rows.length)).toBeGreaterThan(0);
    await expect.poll(() => popup.evaluate(() => document.body.textContent?.includes('50 selected') ?? false)).toBe(true);
    const selected = await popup.$$eval(`${ROWS}[aria-selected=true]`, (rows) => rows.map((row) => row.getAttribute('data-job-id')!));

    const before = await e2e.stats();
    await e2e.faults({ failRate: 0.1, latencyMs: 100 });
    await clickText(popup, '[role=region][aria-label="Selected jobs"] button', (text) => text === 'Start selling');
    await popup.waitForSelector('[data-view="bulk-preview"]');
    expect(await textOf(popup, '[data-view="bulk-preview"] .pop-tile__value')).toBe('50');
    const anyway = await popup.$$('[data-view="bulk-preview"] label');
    for (const label of anyway) {
      if ((await label.evaluate((el) => el.textContent ?? '')).includes('Change them anyway')) await label.click();
    }
    await clickText(popup, '[data-view="bulk-preview"] button', (text) => text === 'Change 50 jobs');

    await expect.poll(() => popup.$eval('[data-view="bulk"]', (el) => el.getAttribute('data-bulk-state')).catch(() => null), { timeout: 90_000, interval: 500 }).toBe('done');
    await e2e.faults({ failRate: 0, latencyMs: 0 });
    expect(await textOf(popup, '[data-view="bulk"] [data-count="done"] dd')).toBe('50');

    const after = await e2e.stats();
    // The faults were served, so the retries were real.
    expect((after.faultsServed.error5xx ?? 0) - (before.faultsServed.error5xx ?? 0)).toBeGreaterThan(0);
    const changed = Object.entries(after.statusChanges)
      .map(([id, n]) => [id, n - (before.statusChanges[id] ?? 0)] as const)
      .filter(([, n]) => n > 0);
    expect(changed.every(([, n]) => n === 1)).toBe(true);
    expect(changed.length).toBe(50);
    // The rows visible at the end of the selection were among them.
    for (const id of selected) expect(changed.map(([changedId]) => changedId)).toContain(id);
    const { jobs } = await e2e.jobs('demo');
    for (const [id] of changed) expect(jobs.find((job) => job.id === id)?.status).toBe('selling');
  });
});
