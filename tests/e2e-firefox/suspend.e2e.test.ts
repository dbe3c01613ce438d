/**
 * Firefox runs the background as an event page and suspends it when it has been idle for
 * `extensions.background.idle.timeout` (30 s by default); a pending fetch does not count as
 * activity. Lowering that pref to 2 s and answering slower than that makes Firefox suspend the
 * page in the middle of a bulk, as a long-running one can be in real use. The bulk must then
 * resume from its journal (the safety alarm wakes the page) and change every job exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickText, launchFirefoxE2E, textOf, type FirefoxE2E } from './harness';

const SESSION = 'GET /api/v1/session';
const STATUS = 'POST /api/v1/jobs/:id/status';
let e2e: FirefoxE2E;

beforeAll(async () => {
  e2e = await launchFirefoxE2E({ jobs: 120, prefs: { 'extensions.background.idle.timeout': 2000 } });
  await e2e.page.goto(`${e2e.sandbox.url}/login`);
  await e2e.signIn(e2e.page);
  await e2e.page.goto(`${e2e.sandbox.url}/jobs`);
});

afterAll(async () => {
  await e2e?.close();
});

describe('Firefox: the event page', () => {
  it('a bulk resumes after Firefox suspends the background mid-run, and changes every job once', async () => {
    const popup = await e2e.openExtensionPage('popup.html');
    await expect.poll(() => textOf(popup, '.pop-listbar__count'), { timeout: 30_000 }).toBe('120 jobs');
    await clickText(popup, '[role=group] button', (text) => text.startsWith('Planning'));
    await (await popup.waitForSelector('[role=listbox] [role=option][data-index="0"] .pop-row__check'))!.click();
    const last = await popup.waitForSelector('[role=listbox] [role=option][data-index="9"] .pop-row__check');
    await popup.keyboard.down('Shift');
    await last!.click();
    await popup.keyboard.up('Shift');
    await expect.poll(() => popup.evaluate(() => document.body.textContent?.includes('10 selected') ?? false)).toBe(true);

    const before = await e2e.stats();
    // Slower than the idle timeout: Firefox suspends the page while the first requests are out.
    await e2e.faults({ latencyMs: 3_000 });
    await clickText(popup, '[role=region][aria-label="Selected jobs"] button', (text) => text === 'Start selling');
    await popup.waitForSelector('[data-view="bulk-preview"]');
    for (const label of await popup.$$('[data-view="bulk-preview"] label')) {
      if ((await label.evaluate((el) => el.textContent ?? '')).includes('Change them anyway')) await label.click();
    }
    await clickText(popup, '[data-view="bulk-preview"] button', (text) => text === 'Change 10 jobs');
    await expect.poll(async () => ((await e2e.stats()).requests.byRoute[STATUS] ?? 0) - (before.requests.byRoute[STATUS] ?? 0), { timeout: 15_000 }).toBeGreaterThan(0);
    await popup.close();
    // Long enough for the page to be suspended with its first answers still on their way.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await e2e.faults({ latencyMs: 0 });

    const changedSince = async () => {
      const now = await e2e.stats();
      return Object.entries(now.statusChanges).map(([id, n]) => [id, n - (before.statusChanges[id] ?? 0)] as const).filter(([, n]) => n > 0);
    };
    await expect.poll(async () => (await changedSince()).length, { timeout: 80_000, interval: 1_000 }).toBe(10);
    const changed = await changedSince();
    expect(changed.every(([, n]) => n === 1)).toBe(true);
    const after = await e2e.stats();
    // A background that lost its memory asks for the session (its CSRF token) again: it was suspended and woke up.
    expect((after.requests.byRoute[SESSION] ?? 0) - (before.requests.byRoute[SESSION] ?? 0)).toBeGreaterThan(0);
    const { jobs } = await e2e.jobs('demo');
    for (const [id] of changed) expect(jobs.find((job) => job.id === id)?.status).toBe('selling');

    // Reopened, the popup shows the finished bulk.
    const reopened = await e2e.openExtensionPage('popup.html');
    await expect.poll(() => reopened.$eval('[data-bulk-state]', (el) => el.getAttribute('data-bulk-state')).catch(() => null), { timeout: 15_000 }).toBe('done');
  });
});
