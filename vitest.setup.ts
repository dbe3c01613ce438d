import { fakeBrowser } from 'wxt/testing';
import { EN_MESSAGES } from './lib/i18n/catalog';

// fakeBrowser has no i18n: answer with the English catalog, as the real browser would.
Object.assign(fakeBrowser.i18n, {
  getMessage: (key: string, subs?: string | string[]) => {
    const message = (EN_MESSAGES as Record<string, string>)[key] ?? '';
    const list = typeof subs === 'string' ? [subs] : (subs ?? []);
    return message.replace(/\$(\d)/g, (whole, d: string) => list[Number(d) - 1] ?? whole);
  },
  getUILanguage: () => 'en',
});
