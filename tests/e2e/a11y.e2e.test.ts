/**
 * axe-core on every surface the extension draws (DESIGN §5, issue 8): the options page, the
 * popup and the UI injected into the admin pages, in light and dark. Serious and critical
 * violations fail; in the admin page only the extension's own shadow roots are judged.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchE2E, type E2E } from './harness';
import { describeViolations, sandboxJobs, seriousViolations, syncNow, waitForContentScript } from './security-helpers';

let e2e: E2E;

beforeAll(async () => {
  e2e = await launchE2E();
  await syncNow(e2e);
});

afterAll(async () => {
  await e2e?.close();
});

async function checkBothSchemes(page: Page, include?: () => Promise<string[]>): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await seriousViolations(page, include ? await include() : undefined);
    expect(describeViolations(violations), colorScheme).toEqual([]);
  }
}

/** Selectors for the extension's shadow hosts in the admin page (each holds a .jsc-root). */
async function extensionHosts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hosts = [...document.querySelectorAll('*')].filter((el) => el.shadowRoot?.querySelector('.jsc-root'));
    return hosts.map((host, i) => {
      host.setAttribute('data-a11y-host', String(i));
      return `[data-a11y-host="${i}"]`;
    });
  });
}

describe('accessibility (axe-core: no serious or critical violations)', () => {
  it('the options page', async () => {
    const page = await e2e.context.newPage();
    await page.goto(e2e.optionsUrl);
    await page.getByRole('heading', { name: 'Admin site' }).waitFor();
    await checkBothSchemes(page);
    // …and with the confirmation dialog open.
    await page.getByRole('button', { name: 'Clear data for all accounts' }).click();
    await page.getByRole('dialog').waitFor();
    await checkBothSchemes(page);
    await page.close();
  });

  it('the popup', async () => {
    const page = await e2e.context.newPage();
    await page.setViewportSize({ width: 420, height: 600 });
    await page.goto(e2e.popupUrl);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await checkBothSchemes(page);
    await page.close();
  });

  it('the UI injected into the job settings page', async () => {
    const job = (await sandboxJobs(e2e)).find((j) => j.status === 'planning')!;
    await e2e.page.goto(`${e2e.sandbox.url}/jobs/${job.id}/settings`);
    await waitForContentScript(e2e.page, `new:settings:${job.id}`);
    await expect.poll(async () => (await extensionHosts(e2e.page)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await checkBothSchemes(e2e.page, () => extensionHosts(e2e.page));
    // …and its go-live dialog (Playwright's role locators pierce the open shadow root).
    const ours = e2e.page.locator('[data-a11y-host]');
    await ours.getByRole('button', { name: 'Start selling' }).first().click();
    await ours.getByRole('dialog').waitFor({ timeout: 10_000 });
    await checkBothSchemes(e2e.page, () => extensionHosts(e2e.page));
    await e2e.page.keyboard.press('Escape');
  });

  it('the badges injected into the job overview', async () => {
    await e2e.page.goto(`${e2e.sandbox.url}/jobs`);
    await waitForContentScript(e2e.page, 'new:overview');
    await expect.poll(async () => (await extensionHosts(e2e.page)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await checkBothSchemes(e2e.page, () => extensionHosts(e2e.page));
  });
});
