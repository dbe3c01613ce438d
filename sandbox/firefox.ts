/**
 * Launching Firefox ESR with the built extension (the Firefox sandbox build), for the Firefox
 * e2e suite. Node-only (puppeteer-core over WebDriver BiDi); never bundled into the extension.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** The gecko id in wxt.config.ts (browser_specific_settings.gecko.id). */
export const GECKO_ID = '{aeb6442a-2711-45fa-9984-7bcae61233bd}';
/** Fixed by the `extensions.webextensions.uuids` pref, so moz-extension:// URLs are known in advance. */
export const EXTENSION_UUID = '5a1d2c3e-4b6f-4a70-9b8c-0d1e2f3a4b5c';
export const EXTENSION_BASE = `moz-extension://${EXTENSION_UUID}/`;

export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
  if (!existsSync(path)) {
    throw new Error(`Firefox not found at ${path}. Install it (apt-get install -y firefox-esr) or set FIREFOX_PATH.`);
  }
  return path;
}

export interface LaunchedFirefox {
  browser: Browser;
  extensionId: string;
  close(): Promise<void>;
}

export async function launchFirefoxWithExtension(
  extensionDir: string,
  opts: { headless?: boolean; prefs?: Record<string, string | number | boolean> } = {},
): Promise<LaunchedFirefox> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: opts.headless ?? true,
    dumpio: process.env.JSC_FF_DUMPIO === '1',
    defaultViewport: { width: 1280, height: 860 },
    extraPrefsFirefox: {
      // A temporary add-on from a directory is unsigned.
      'xpinstall.signatures.required': false,
      ...(process.env.JSC_FF_DUMPIO === '1' ? { 'devtools.console.stdout.chrome': true, 'devtools.console.stdout.content': true } : {}),
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      ...opts.prefs,
    },
  });
  try {
    const extensionId = await browser.installExtension(extensionDir);
    return {
      browser,
      extensionId,
      async close() {
        await browser.close().catch(() => {});
      },
    };
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}

/** Signs in to the sandbox admin site in `page` through its login form; resolves once the site left /login. */
export async function signInOnPage(page: Page, origin: string, email: string, password: string): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/login')) await page.goto(`${origin}/login`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await Promise.all([page.waitForNavigation(), page.locator('button[type=submit]').click()]);
  if (new URL(page.url()).pathname.startsWith('/login')) throw new Error(`sign-in as ${email} failed`);
}
