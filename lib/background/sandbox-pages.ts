import { browser } from 'wxt/browser';

/**
 * Sandbox builds only (index.ts calls this behind IS_SANDBOX_BUILD, so production bundles drop
 * it): a tab that opens the sandbox site's `/__sandbox/extension-page?page=popup.html` becomes
 * that extension page. Firefox's WebDriver BiDi refuses to navigate to moz-extension:// and
 * cannot click the toolbar button, so this is how the Firefox e2e opens the popup as a tab;
 * everything after that is what a person does in it.
 */
export const EXTENSION_PAGE_PATH = '/__sandbox/extension-page';
const PAGES = ['/popup.html', '/options.html'] as const;
type ExtensionPage = (typeof PAGES)[number];

export function openExtensionPagesForSandbox(): void {
  browser.tabs.onUpdated.addListener((tabId, change) => {
    const page = change.url ? extensionPageOf(change.url) : null;
    if (!page) return;
    browser.tabs
      .update(tabId, { url: browser.runtime.getURL(page) })
      .catch((error: unknown) => console.warn('[Job Status Companion] could not open the extension page', error));
  });
}

/** The extension page a sandbox URL asks for, or null. */
export function extensionPageOf(url: string): ExtensionPage | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // Only the local sandbox: never a page on a real admin site.
  if (parsed.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(parsed.hostname) || parsed.pathname !== EXTENSION_PAGE_PATH) return null;
  const page = `/${parsed.searchParams.get('page') ?? ''}`;
  return PAGES.find((known) => known === page) ?? null;
}
