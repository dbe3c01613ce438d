/**
 * The Firefox end-to-end harness: the sandbox admin site in-process on the sandbox build's
 * default port (lib/env/sandbox.ts), so the extension needs no pointing and learns who is signed
 * in from the first admin page, and Firefox ESR with the Firefox sandbox build installed as a
 * temporary add-on. The tests only do what a person does on the site; the sandbox's test
 * controls are the oracle.
 *
 * The extension's UI lives in open shadow roots: puppeteer's CSS selectors do not cross them,
 * so selectors use its `>>>` (deep descendant) combinator.
 */
import type { Page } from 'puppeteer-core';
import { checklistSummary } from '../../lib/core/checklist';
import type { Account, Job } from '../../lib/core/types';
import { SANDBOX_DEFAULT_PORT } from '../../lib/env/sandbox';
import { EXTENSION_BASE, launchFirefoxWithExtension, signInOnPage, type LaunchedFirefox } from '../../sandbox/firefox';
import { startSandbox, type RunningSandbox, type SandboxOptions, type SandboxStats } from '../../sandbox/server';
import { FIREFOX_EXTENSION_DIR } from './paths';

export const ACCOUNTS = {
  demo: { email: 'demo@example.com', password: 'demo' },
  other: { email: 'other@example.com', password: 'other' },
} as const;

export interface FirefoxE2E {
  sandbox: RunningSandbox;
  firefox: LaunchedFirefox;
  page: Page;
  signIn(page: Page, account?: keyof typeof ACCOUNTS): Promise<void>;
  jobs(account?: keyof typeof ACCOUNTS): Promise<{ account: Account; jobs: Job[] }>;
  job(id: string): Promise<Job>;
  stats(): Promise<SandboxStats>;
  faults(faults: Record<string, unknown>): Promise<void>;
  /**
   * Opens an extension page in a new tab through the sandbox build's opener
   * (lib/background/sandbox-pages.ts): BiDi may not navigate to moz-extension:// itself.
   */
  openExtensionPage(page: 'popup.html' | 'options.html'): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefoxE2E(opts: Omit<SandboxOptions, 'port'> & { prefs?: Record<string, string | number | boolean> } = {}): Promise<FirefoxE2E> {
  const { prefs, ...sandboxOptions } = opts;
  const port = SANDBOX_DEFAULT_PORT;
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({ jobs: 200, seed: 1, testControls: true, ...sandboxOptions, port });
  } catch (error) {
    throw new Error(`The Firefox e2e tests need port ${port} (the sandbox build's default admin origin); is \`npm start\` running? ${String(error)}`);
  }
  let firefox: LaunchedFirefox;
  try {
    firefox = await launchFirefoxWithExtension(FIREFOX_EXTENSION_DIR, { prefs });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const page = (await firefox.browser.pages())[0] ?? (await firefox.browser.newPage());
  const control = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${sandbox.url}/__sandbox${path}`);
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  const jobs = (account: keyof typeof ACCOUNTS = 'demo') => control<{ account: Account; jobs: Job[] }>(`/jobs?account=${account}`);
  return {
    sandbox,
    firefox,
    page,
    signIn: (tab, account = 'demo') => signInOnPage(tab, sandbox.url, ACCOUNTS[account].email, ACCOUNTS[account].password),
    jobs,
    async job(id) {
      const job = (await jobs()).jobs.find((j) => j.id === id);
      if (!job) throw new Error(`no job ${id}`);
      return job;
    },
    stats: () => control<SandboxStats>('/stats'),
    async faults(faults) {
      const res = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      if (!res.ok) throw new Error(`faults: HTTP ${res.status}`);
    },
    async openExtensionPage(name) {
      const tab = await firefox.browser.newPage();
      // The background replaces this navigation with the extension page, so its load may never be reported.
      const opening = tab.goto(`${sandbox.url}/__sandbox/extension-page?page=${name}`, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
      const until = Date.now() + 20_000;
      // Puppeteer's own idea of the tab's URL misses a navigation the extension makes: ask the page.
      const href = () => tab.evaluate(() => location.href).catch(() => '');
      let shown = await href();
      while (!shown.startsWith(EXTENSION_BASE)) {
        if (Date.now() > until) throw new Error(`${name} did not open (the tab shows ${shown})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        shown = await href();
      }
      await Promise.race([opening, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await tab.waitForSelector('body *', { timeout: 15_000 });
      return tab;
    },
    async close() {
      await firefox.close();
      await sandbox.close();
    },
  };
}

/** "2 critical · 3/4 boosters", as lib/core counts it for the job now. */
export function expectedBadge(job: Job, account: Account): string {
  const s = checklistSummary(job, account, new Date());
  return s.criticalMissing > 0
    ? `${s.criticalMissing} critical · ${s.boostersDone}/${s.boostersTotal} boosters`
    : `Ready · ${s.boostersDone}/${s.boostersTotal} boosters`;
}

export const UI = 'job-status-companion';
export const BADGE = `${UI} >>> .jsc-page__toggle .jsc-summary`;
export const ROW_BADGE = 'tr job-status-companion-badge';

/** The text of the first element matching `selector`, or null while there is none. */
export async function textOf(page: Page, selector: string): Promise<string | null> {
  const handle = await page.$(selector);
  if (!handle) return null;
  try {
    return await handle.evaluate((el) => el.textContent);
  } finally {
    await handle.dispose();
  }
}

/** Clicks, with the mouse, the first element matching `selector` whose trimmed text satisfies `text`. */
export async function clickText(page: Page, selector: string, text: (content: string) => boolean): Promise<void> {
  const handles = await page.$$(selector);
  for (const handle of handles) {
    const content = await handle.evaluate((el) => el.textContent?.trim() ?? '');
    if (text(content)) {
      await handle.click();
      return;
    }
  }
  throw new Error(`nothing matching ${selector} with that text`);
}
