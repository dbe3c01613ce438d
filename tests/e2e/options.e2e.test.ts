/**
 * The options page in the real extension: every setting reaches the background (storage,
 * alarm, badge), clearing asks first, keyboard reaches every control, and the host-access
 * banner and content-script registration follow the settings.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CHANNEL } from '../../lib/messaging/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchE2E, type E2E } from './harness';
import { SCREENSHOT_DIR } from './paths';
import { syncNow } from './security-helpers';

let e2e: E2E;
let page: Page;

type Chrome = {
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> } };
  alarms: { get(name: string): Promise<{ periodInMinutes?: number } | undefined> };
  action: { getBadgeText(details: object): Promise<string> };
  scripting: { getRegisteredContentScripts(): Promise<{ id: string }[]> };
};

async function inWorker<T>(fn: (chrome: Chrome) => Promise<T>): Promise<T> {
  const worker = await e2e.serviceWorker();
  return worker.evaluate(`(${fn.toString()})(globalThis.chrome)`) as Promise<T>;
}

async function settings(): Promise<Record<string, unknown>> {
  return inWorker(async (chrome) => (await chrome.storage.local.get('settings')).settings as Record<string, unknown>);
}

beforeAll(async () => {
  e2e = await launchE2E();
  await syncNow(e2e);
  page = await e2e.context.newPage();
  await page.goto(e2e.optionsUrl);
  await page.getByRole('heading', { name: 'Admin site' }).waitFor();
});

afterAll(async () => {
  await e2e?.close();
});

describe('the options page', () => {
  it('shows the site in use, the checklist defaults and the synced account', async () => {
    expect(await page.title()).toBe('Job Status Companion settings');
    const sandboxHost = new URL(e2e.sandbox.url).host;
    expect(await page.getByRole('radio', { name: new RegExp(sandboxHost.replace(/\./g, '\\.')) }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /app\.gotphoto\.com/ }).isChecked()).toBe(false);
    expect(await page.getByRole('combobox', { name: 'Severity of “Price list assigned”' }).inputValue()).toBe('critical');
    await page.getByText(/Account: .* · 200 jobs in this browser/).waitFor();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/options-light.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/options-dark.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('turns the toolbar badge off and on, without a request to the admin site', async () => {
    const apiRequests = () =>
      Object.entries(e2e.sandbox.state.getStats().requests.byRoute)
        .filter(([route]) => route.includes('/api/'))
        .reduce((sum, [, n]) => sum + n, 0);
    const before = apiRequests();
    await page.getByLabel(/toolbar icon/).uncheck();
    await expect.poll(async () => (await settings()).badgeEnabled).toBe(false);
    await expect.poll(() => inWorker((chrome) => chrome.action.getBadgeText({}))).toBe('');
    await page.getByLabel(/toolbar icon/).check();
    await expect.poll(async () => (await settings()).badgeEnabled).toBe(true);
    // A sync, had one started, would have asked for the session or a page by now.
    await page.waitForTimeout(1_000);
    expect(apiRequests()).toBe(before);
  });

  it('changes the sync interval, and the background re-schedules its alarm', async () => {
    await page.getByLabel('Check the admin site for changes').selectOption('30');
    await expect.poll(async () => (await settings()).syncIntervalMinutes).toBe(30);
    await expect.poll(() => inWorker(async (chrome) => (await chrome.alarms.get('sync'))?.periodInMinutes)).toBe(30);
  });

  it('stores a checklist severity, and only the deviation', async () => {
    await page.getByRole('combobox', { name: 'Severity of “Watermarks on”' }).selectOption('hidden');
    await expect.poll(async () => (await settings()).checklist).toEqual({ watermark: 'hidden' });
    await page.getByRole('button', { name: 'Reset to defaults' }).click();
    await expect.poll(async () => (await settings()).checklist).toEqual({});
  });

  it('reaches every control by keyboard', async () => {
    await page.locator('body').focus();
    const reached = new Set<string>();
    for (let i = 0; i < 60; i += 1) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        return `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.id ?? ''}:${el.textContent?.trim().slice(0, 40) ?? ''}`;
      });
      if (label) reached.add(label);
    }
    const text = [...reached].join('\n');
    // "Reset to defaults" is disabled (nothing to reset), so rightly not in the tab order.
    for (const expected of ['Add site', 'Sync now', 'Clear data for this account', 'Clear data for all accounts']) expect(text).toContain(expected);
    expect(text).toContain('Severity of “Job coupon enabled”');
    expect(text).toContain('Severity of “Prepay deadline in the future”');
    expect(text).toContain('sync-interval');
    expect(text).toContain('badge-enabled');
    expect(text).toContain('site-add');
  });

  it('asks before clearing, traps focus in the dialog, and gives focus back', async () => {
    const opener = page.getByRole('button', { name: 'Clear data for this account' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // The safe choice takes the focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    for (let i = 0; i < 5; i += 1) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Clear data for this account');

    // The popup's first screen (browser.storage.session) holds jobs too: clearing must take it.
    type Chrome = { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> }; storage: { session: { get(key: string): Promise<Record<string, unknown>> } } } };
    const firstScreen = () => page.evaluate(async () => (await (globalThis as unknown as Chrome).chrome.storage.session.get('firstScreen')).firstScreen ?? null);
    await page.evaluate((channel) => (globalThis as unknown as Chrome).chrome.runtime.sendMessage({ channel, type: 'getJobs', payload: { limit: 50 } }), CHANNEL);
    await expect.poll(firstScreen, { timeout: 10_000 }).not.toBeNull();

    await opener.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Clear data' }).click();
    await page.getByRole('status').getByText(/Cleared: 200 jobs removed from this browser\./).waitFor();
    expect(await firstScreen()).toBeNull();
  });

  it('offers to grant access when the chosen site is not granted, and registers no script without a grant', async () => {
    await inWorker(async (chrome) => {
      const { settings } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({
        settings: { ...(settings as object), adminOrigin: 'https://admin.example.com', customOrigins: ['https://admin.example.com'] },
      });
    });
    await page.getByRole('button', { name: 'Grant access to the admin site' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Allow access to admin.example.com' }).count()).toBe(1);
    expect(await page.getByRole('radio', { name: /admin\.example\.com/ }).isChecked()).toBe(true);
    // The background only registers the content script for a custom site the user granted.
    await page.waitForTimeout(500);
    expect(await inWorker((chrome) => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
    // Removing it falls back to the default site.
    await page.getByRole('button', { name: 'Remove admin.example.com' }).click();
    await expect.poll(async () => (await settings()).customOrigins).toEqual([]);
  });
});
