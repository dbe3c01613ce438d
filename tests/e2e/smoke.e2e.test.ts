import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchE2E, type E2E } from './harness';

describe('the built extension in Chromium', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await launchE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('loads with its manifest name and a running service worker', async () => {
    const worker = await e2e.serviceWorker();
    const name = await worker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): { name: string } } } }).chrome.runtime.getManifest().name);
    expect(name).toBe('Job Status Companion');
    expect(e2e.extensionId).toMatch(/^[a-p]{32}$/);
  });

  it('renders the popup', async () => {
    const popup = await e2e.context.newPage();
    await popup.goto(e2e.popupUrl);
    await expect.poll(() => popup.locator('h1').first().textContent()).toContain('Job Status Companion');
    await popup.close();
  });

  it('gives its pages the icon copied as-is from public/', async () => {
    const options = await e2e.context.newPage();
    await options.goto(e2e.optionsUrl);
    const icon = await options.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel=icon]')?.href ?? '';
      const res = await fetch(href);
      return { href, type: res.headers.get('content-type'), svg: (await res.text()).startsWith('<svg') };
    });
    expect(icon.href).toBe(`chrome-extension://${e2e.extensionId}/icon.svg`);
    expect(icon.svg).toBe(true);
    await options.close();
  });

  it('runs the content script on the settings page of the new layout', async () => {
    const jobId = await firstJobId(e2e);
    await e2e.page.goto(`${e2e.sandbox.url}/jobs/${jobId}/settings`);
    await expect
      .poll(() => e2e.page.evaluate(() => document.documentElement.dataset.jobStatusCompanion))
      .toBe(`new:settings:${jobId}`);
  });

  it('runs the content script on the settings page of the classic layout', async () => {
    const jobId = await firstJobId(e2e);
    await e2e.page.goto(`${e2e.sandbox.url}/classic/jobs/${jobId}/settings`);
    await expect
      .poll(() => e2e.page.evaluate(() => document.documentElement.dataset.jobStatusCompanion))
      .toBe(`classic:settings:${jobId}`);
  });

  it('follows client-side tab navigation', async () => {
    const jobId = await firstJobId(e2e);
    await e2e.page.goto(`${e2e.sandbox.url}/jobs/${jobId}/settings`);
    await e2e.page.getByRole('link', { name: 'Photos' }).first().click();
    await e2e.page.waitForURL(`${e2e.sandbox.url}/jobs/${jobId}/photos`);
    await expect
      .poll(() => e2e.page.evaluate(() => document.documentElement.dataset.jobStatusCompanion))
      .toBe(`new:photos:${jobId}`);
  });
});

async function firstJobId(e2e: E2E): Promise<string> {
  const res = await fetch(`${e2e.sandbox.url}/__sandbox/jobs?account=demo`);
  const body = (await res.json()) as { jobs: { id: string }[] } | { id: string }[];
  const jobs = Array.isArray(body) ? body : body.jobs;
  const first = jobs[0];
  if (!first) throw new Error('sandbox has no jobs');
  return first.id;
}
