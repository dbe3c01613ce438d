/**
 * Launching Chromium with the built extension, shared by the e2e harness, `npm start` and the
 * benchmarks. Node-only (playwright-core); never bundled into the extension.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export function chromiumPath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}. Install it (apt-get install -y chromium) or set CHROME_PATH.`);
  }
  return path;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  close(): Promise<void>;
}

/** `lang` sets the browser's UI language (`--lang`), which the extension's i18n follows. */
export async function launchWithExtension(extensionDir: string, opts: { headless?: boolean; lang?: string } = {}): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'jsc-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: opts.headless ?? true,
    viewport: { width: 1280, height: 860 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...(opts.lang ? [`--lang=${opts.lang}`] : []),
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Points the extension at an admin origin (the sandbox) the way the options page does: its settings in storage.local. */
export async function pointExtensionAt(worker: Worker, origin: string): Promise<void> {
  await worker.evaluate(async (adminOrigin) => {
    type Storage = { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> };
    const storage = (globalThis as unknown as { chrome: { storage: { local: Storage } } }).chrome.storage.local;
    const { settings } = await storage.get('settings');
    await storage.set({ settings: { ...(settings as object | undefined), adminOrigin } });
  }, origin);
}

/** Signs in to the sandbox admin site in `page` through its login form; resolves on the job overview. */
export async function signInOnPage(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(`${origin}/jobs`), page.click('button[type=submit]')]);
}

export interface WorkerControl {
  /** Whether every version of the extension's worker the browser reported is stopped. */
  stopped(): boolean;
  /** Stops the extension's service worker, as Chromium does after 30 s idle; resolves once it is stopped. */
  stop(): Promise<void>;
}

/**
 * The extension's service worker as the DevTools protocol sees it, through a session on `page`
 * (which must stay open). Playwright keeps listing a worker the protocol stopped, and the stop
 * command returns before the worker has stopped.
 */
export async function controlExtensionWorker(context: BrowserContext, page: Page, extensionId: string): Promise<WorkerControl> {
  const base = `chrome-extension://${extensionId}/`;
  const cdp = await context.newCDPSession(page);
  const running = new Map<string, string>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) if (version.scriptURL.startsWith(base)) running.set(version.versionId, version.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  const stopped = () => running.size > 0 && [...running.values()].every((status) => status === 'stopped');
  return {
    stopped,
    async stop() {
      await cdp.send('ServiceWorker.stopAllWorkers');
      for (let waited = 0; !stopped() && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}
