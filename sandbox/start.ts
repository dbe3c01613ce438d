/**
 * `npm start`: builds the sandbox build of the extension, starts the sandbox admin site with
 * demo data, and opens Chromium with the extension, signed in on the job overview as a person
 * would (nothing is written into the extension). Without a display (or with --headless) it runs
 * headless and saves screenshots of the extension at work instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SANDBOX_DEFAULT_ORIGIN, SANDBOX_DEFAULT_PORT } from '../lib/env/sandbox';
import { launchWithExtension, pointExtensionAt, signInOnPage } from './chromium';
import { startSandbox } from './server';

const ROOT = resolve(import.meta.dirname, '..');
const EXTENSION_DIR = resolve(ROOT, '.output/chrome-mv3-sandbox');
const SCREENSHOT_DIR = resolve(ROOT, '.output/screenshots');

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    port: { type: 'string', default: String(SANDBOX_DEFAULT_PORT) },
    jobs: { type: 'string', default: '200' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const headless = values.headless || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

if (!values['skip-build']) {
  console.log('Building the sandbox build of the extension…');
  const build = spawnSync('npx', ['wxt', 'build', '--mode', 'sandbox'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const sandbox = await startSandbox({ port: Number(values.port), jobs: Number(values.jobs), seed: 1 });
console.log(`Sandbox admin site: ${sandbox.url}  (login demo@example.com / demo)`);

const browser = await launchWithExtension(EXTENSION_DIR, { headless });
// The sandbox build talks to SANDBOX_DEFAULT_ORIGIN out of the box; another port is set as the options page would.
if (sandbox.url !== SANDBOX_DEFAULT_ORIGIN) await pointExtensionAt(browser.serviceWorker, sandbox.url);

const page = browser.context.pages()[0] ?? (await browser.context.newPage());
await signInOnPage(page, sandbox.url, 'demo@example.com', 'demo');
console.log(`Chromium is open on ${page.url()} with the extension ${browser.extensionId}.`);

if (headless) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const ui = { timeout: 15_000 };
  // The first admin page after signing in is where the extension starts: wait for its badges, then its bar.
  await page.locator('tr[data-job-id] job-status-companion-badge').first().waitFor(ui);
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, 'start-overview.png'), fullPage: false });
  await page.locator('tr[data-job-id] a').first().click();
  await page.locator('job-status-companion .jsc-page__toggle .jsc-summary').waitFor(ui);
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, 'start-settings.png'), fullPage: false });
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 460, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.locator('[role=listbox] [role=option]').first().waitFor(ui);
  await popup.screenshot({ path: resolve(SCREENSHOT_DIR, 'start-popup.png') });
  console.log(`Headless: screenshots saved in ${SCREENSHOT_DIR} (start-overview.png, start-settings.png, start-popup.png).`);
}
console.log('Serving until Ctrl-C.');

const shutdown = async () => {
  await browser.close();
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
