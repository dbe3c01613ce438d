import { t } from '../i18n/t';

/**
 * Shadow roots for the extension's UI in the admin page, all sharing one stylesheet (the
 * overview has one per row). The CSS ships inside the content script: fetching a separate file
 * from the extension cost 20–90 ms before anything could show, and would have to be a
 * web-accessible resource any admin page script can probe.
 */
export type ContentStyles = CSSStyleSheet | string;

let cssText = '';
let shared: ContentStyles | null = null;

const DARK_SCHEME = /@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)\s*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g;

/**
 * The CSS without its dark-scheme rules: the admin site is light-only, and a dark panel in a
 * light page would look foreign.
 */
export function lightOnly(css: string): string {
  return css.replace(DARK_SCHEME, '');
}

/** Called once by the entrypoint with the bundled CSS (tokens, components, page). */
export function setContentCss(css: string): void {
  // tokens.css declares on :root for extension pages; here the root is the shadow host.
  cssText = css.replaceAll(':root', ':host');
  shared = null;
}

/** The shared stylesheet: constructed once where the browser can, else the text for a <style>. */
export function contentStyles(): ContentStyles {
  if (shared === null) {
    shared = cssText;
    if (typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(cssText);
        shared = sheet;
      } catch {
        // Fall back to a <style> per shadow root.
      }
    }
  }
  return shared;
}

/**
 * Work the first render needs anyway, for a feature to do while its first answer is on its way
 * rather than after: parsing the shared stylesheet, and the browser's loading of the extension's
 * messages, which the first getMessage in a page does (6–17 ms measured on the settings page).
 */
export function prepareContentUi(): void {
  contentStyles();
  t('extName');
}

export interface ShadowHost {
  host: HTMLElement;
  /** Where Preact renders. */
  container: HTMLElement;
}

const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

/**
 * A detached host element with an open shadow root styled by `sheet`; the caller places it.
 * Keys typed inside never reach the admin's own keyboard shortcuts.
 */
export function createShadowHost(name: string, sheet: ContentStyles = contentStyles()): ShadowHost {
  const host = document.createElement(name);
  const shadow = host.attachShadow({ mode: 'open' });
  if (typeof sheet === 'string') {
    const style = document.createElement('style');
    style.textContent = sheet;
    shadow.append(style);
  } else {
    shadow.adoptedStyleSheets = [sheet];
  }
  const container = document.createElement('div');
  container.className = 'jsc-root';
  for (const type of ISOLATED_EVENTS) container.addEventListener(type, (event) => event.stopPropagation());
  shadow.append(container);
  return { host, container };
}
