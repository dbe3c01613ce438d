/**
 * The end-to-end harness: the sandbox admin site in-process on a free port, real Chromium with
 * the real sandbox build of the extension, pointed at that sandbox and logged in.
 *
 * Shortcuts it takes, and why (first-use.e2e.test.ts takes none and proves the journey without them):
 * - `pointExtensionAt` writes `settings.adminOrigin` into storage.local: each file runs its own
 *   sandbox on a free port so files never share data, and only the default port would need no
 *   pointing.
 * - Some files send `refresh` from an extension page to have a synced cache before their own
 *   journey starts, instead of waiting for the first page view's sync.
 * - `stopServiceWorker` uses the DevTools protocol: a person cannot stop the worker, Chromium
 *   does it when idle, which Playwright's attachment prevents.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { controlExtensionWorker, launchWithExtension, pointExtensionAt, signInOnPage, type WorkerControl } from '../../sandbox/chromium';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../sandbox/server';
import { EXTENSION_DIR } from './paths';

export interface E2E {
  sandbox: RunningSandbox;
  context: BrowserContext;
  extensionId: string;
  popupUrl: string;
  optionsUrl: string;
  /** A tab logged in to the sandbox, on the job overview. */
  page: Page;
  serviceWorker(): Promise<Worker>;
  /** Stops the extension's service worker, as Chromium does when it is idle. */
  stopServiceWorker(): Promise<void>;
  login(page: Page, account?: 'demo' | 'other'): Promise<void>;
  faults(faults: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export const ACCOUNTS = {
  demo: { email: 'demo@example.com', password: 'demo' },
  other: { email: 'other@example.com', password: 'other' },
} as const;

export async function launchE2E(opts: SandboxOptions & { login?: boolean; lang?: string } = {}): Promise<E2E> {
  const { lang, ...sandboxOptions } = opts;
  const sandbox = await startSandbox({ jobs: 200, seed: 1, testControls: true, ...sandboxOptions, port: 0 });
  const browser = await launchWithExtension(EXTENSION_DIR, { lang });
  const { context, extensionId } = browser;

  /** Created by the first stop (a DevTools session on a page of its own). */
  let workerControl: WorkerControl | undefined;
  const serviceWorker = async (): Promise<Worker> => {
    // Playwright may still list the workers of earlier starts: the newest is the live one, unless it is stopped.
    const live = context
      .serviceWorkers()
      .filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`))
      .at(-1);
    if (live && !workerControl?.stopped()) return live;
    // Opening an extension page wakes a stopped worker.
    const waker = await context.newPage();
    const next = context.waitForEvent('serviceworker', { timeout: 30_000 });
    await waker.goto(`chrome-extension://${extensionId}/options.html`).catch(() => {});
    const worker = await next;
    await waker.close();
    return worker;
  };

  await pointExtensionAt(await serviceWorker(), sandbox.url);

  const login = async (page: Page, account: 'demo' | 'other' = 'demo') => {
    const { email, password } = ACCOUNTS[account];
    await signInOnPage(page, sandbox.url, email, password);
  };

  const page = context.pages()[0] ?? (await context.newPage());
  if (opts.login !== false) await login(page);

  return {
    sandbox,
    context,
    extensionId,
    popupUrl: `chrome-extension://${extensionId}/popup.html`,
    optionsUrl: `chrome-extension://${extensionId}/options.html`,
    page,
    serviceWorker,
    async stopServiceWorker() {
      // On a page of its own, which the tests do not close.
      workerControl ??= await controlExtensionWorker(context, await context.newPage(), extensionId);
      await workerControl.stop();
    },
    login,
    async faults(faults) {
      const res = await fetch(`${sandbox.url}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(faults),
      });
      if (!res.ok) throw new Error(`faults: ${res.status}`);
    },
    async close() {
      await browser.close();
      await sandbox.close();
    },
  };
}
