import { browser } from 'wxt/browser';
import { EN_MESSAGES, type MessageKey } from './catalog';

/**
 * A user-facing string in the browser's UI language. `$1`…`$9` in a message are replaced by
 * the substitutions. The browser falls back to English (the default locale) itself; unit tests
 * without i18n get the English catalog.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  if (substitutions.length === 0) {
    // A page's language does not change while it is open, and a list row asks for a dozen
    // labels per render: each native getMessage call costs far more than a map lookup.
    let plain = plainMessages.get(key);
    if (plain === undefined) {
      plain = translate(key, []);
      plainMessages.set(key, plain);
    }
    return plain;
  }
  return translate(key, substitutions.map(String));
}

const plainMessages = new Map<MessageKey, string>();

function translate(key: MessageKey, subs: string[]): string {
  let message = '';
  try {
    // WXT types getMessage from public/_locales; ours are generated at build time from locales/.
    const getMessage = browser.i18n.getMessage as (name: string, substitutions?: string[]) => string;
    message = getMessage(key, subs);
  } catch {
    // Contexts without i18n (unit tests) use the English catalog.
  }
  if (message) return message;
  // The browser itself falls back to the default locale (en), so only tests need the catalog;
  // folded away at build time, it keeps ~5 KB (gzipped) of strings out of every bundle.
  return import.meta.env.MODE === 'test' ? substitute(EN_MESSAGES[key], subs) : key;
}

function substitute(message: string, subs: string[]): string {
  return message.replace(/\$(\d)/g, (whole, digit: string) => subs[Number(digit) - 1] ?? whole);
}

/** The UI language, for Intl formatting. */
export function uiLanguage(): string {
  try {
    // The browser's language does not change while a page is open: one native call per page.
    language ??= browser.i18n.getUILanguage() || 'en';
    return language;
  } catch {
    return 'en';
  }
}

let language: string | undefined;
