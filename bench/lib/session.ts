/**
 * One benchmark session: the sandbox admin site in-process, headless Chromium with the bench build
 * of the extension (the sandbox build plus bench/reference), pointed at the sandbox and logged in,
 * and helpers to talk to the extension the way its own pages do.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { controlExtensionWorker, launchWithExtension, pointExtensionAt, signInOnPage } from '../../sandbox/chromium';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import type { CHANNEL as ProtocolChannel, MessageType, RequestOf, ResponseEnvelope, ResponseOf, SyncStateView } from '../../lib/messaging/protocol';
import { REFERENCE_PAGE } from '../wxt-hook';

// Importing the protocol module would run extension code (it reads import.meta.env) in Node; the type keeps this in step.
const CHANNEL: typeof ProtocolChannel = 'job-status-companion/v1';

/** The few extension APIs the bench calls inside the browser (the project has no global `chrome` type, on purpose). */
export interface ChromeGlobal {
  chrome: {
    runtime: {
      sendMessage(message: unknown): Promise<unknown>;
      onMessage: { addListener(listener: (message: unknown) => void): void };
    };
    storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> } };
  };
}

/**
 * tsx compiles with keepNames, which wraps inner functions in `__name(...)`; functions passed to
 * `evaluate` run in the browser, where that helper does not exist.
 */
export const NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';

export interface BenchSession {
  sandbox: RunningSandbox;
  context: BrowserContext;
  extensionId: string;
  popupUrl: string;
  referenceUrl: string;
  /** The logged-in admin tab. */
  admin: Page;
  /** An extension page (not the popup) that sends messages for the bench. */
  control: Page;
  /** E.g. `HeadlessChrome/156.0.8078.108`. */
  userAgent: string;
  worker(): Promise<Worker>;
  /**
   * Stops the service worker, as Chromium does after 30 s idle; the next message starts it again.
   * With `settle`, also waits until IndexedDB would have closed the database behind the last
   * connection (about 2 s in Chromium), as it has for a popup opened minutes later.
   */
  stopWorker(options?: { settle?: boolean }): Promise<void>;
  send<T extends MessageType>(type: T, payload: RequestOf<T>, from?: Page): Promise<ResponseOf<T>>;
  /** Waits until no sync runs. */
  syncIdle(): Promise<SyncStateView>;
  /**
   * The worker running as after an earlier use: no sync, its index loaded (a filtered query makes
   * it load), and what loading starts (search keys) finished.
   */
  workerWarm(): Promise<void>;
  /** Empties the cache and runs a full sync; resolves when the cache holds every job. */
  resync(): Promise<SyncStateView>;
  partition(): Promise<string>;
  close(): Promise<void>;
}

export async function openSession(extensionDir: string, jobs: number): Promise<BenchSession> {
  const sandbox = await startSandbox({ jobs, seed: 1, testControls: true, port: 0 });
  const browser = await launchWithExtension(extensionDir);
  const { context, extensionId } = browser;
  await context.addInitScript(NAME_SHIM);
  const base = `chrome-extension://${extensionId}`;
  const control = await context.newPage();
  await control.goto(`${base}/${REFERENCE_PAGE}.html`);
  // The user agent reports only the major version; the browser itself knows the build.
  const cdp = await context.newCDPSession(control);
  const userAgent = ((await cdp.send('Browser.getVersion')) as { product: string }).product;
  const workerControl = await controlExtensionWorker(context, control, extensionId);
  const workerStopped = workerControl.stopped;

  const worker = async (): Promise<Worker> => {
    const live = context.serviceWorkers().find((w) => w.url().startsWith(`${base}/`));
    if (live && !workerStopped()) return shim(live);
    const next = context.waitForEvent('serviceworker', { timeout: 30_000 });
    // Any message starts a stopped worker.
    await control.evaluate(() => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ channel: 'wake' }).catch(() => undefined));
    return shim(await next);
  };
  const shim = async (w: Worker) => {
    await w.evaluate(NAME_SHIM);
    return w;
  };

  await pointExtensionAt(await worker(), sandbox.url);

  const admin = context.pages()[0] ?? (await context.newPage());
  await signInOnPage(admin, sandbox.url, 'demo@example.com', 'demo');
  // An admin tab receives every broadcast; parked on a blank page it adds no work to what is measured.
  await admin.goto('about:blank');

  async function send<T extends MessageType>(type: T, payload: RequestOf<T>, from: Page = control): Promise<ResponseOf<T>> {
    const answer = (await from.evaluate(
      ([channel, t, p]) => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ channel, type: t, payload: p }),
      [CHANNEL, type, payload] as const,
    )) as ResponseEnvelope<T> | undefined;
    if (!answer?.ok) throw new Error(`${type}: ${answer ? JSON.stringify(answer.error.reason) : 'no answer'}`);
    return answer.data;
  }

  async function syncIdle(): Promise<SyncStateView> {
    for (let waited = 0; ; waited += 100) {
      const view = await send('getSyncState', {});
      if (view.status !== 'syncing' || waited >= 20_000) return view;
      await sleep(100);
    }
  }

  async function workerWarm(): Promise<void> {
    await syncIdle();
    await send('getJobs', { status: 'selling', limit: 1 });
    await sleep(500);
  }

  return {
    sandbox,
    context,
    extensionId,
    popupUrl: `${base}/popup.html`,
    referenceUrl: `${base}/${REFERENCE_PAGE}.html`,
    admin,
    control,
    userAgent,
    worker,
    async stopWorker({ settle = false } = {}) {
      await workerControl.stop();
      if (settle) await sleep(COLD_SETTLE_MS);
    },
    send,
    syncIdle,
    workerWarm,
    async resync() {
      for (let attempt = 1; ; attempt++) {
        await syncIdle();
        await send('clearCache', { scope: 'all' });
        const view = await send('refresh', {});
        if (view.status === 'ok') return view;
        // A worker that was just started (or stopped) may miss its first request; a second sync settles it.
        if (attempt === 3) throw new Error(`sync ended ${view.status}: ${JSON.stringify(view.lastError ?? '')}`);
        await sleep(500);
      }
    },
    async partition() {
      const view = await send('getSyncState', {});
      if (!view.account) throw new Error('no account synced yet');
      return `${view.origin}|${view.account.id}`;
    },
    async close() {
      await browser.close();
      await sandbox.close();
    },
  };
}

/** Chromium closes a database's files about 2 s after its last connection closed (measured: a page opening it later pays 30–40 ms more). */
const COLD_SETTLE_MS = 2500;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
