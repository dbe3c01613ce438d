import { browser } from 'wxt/browser';
import { onBroadcast, send } from '../../lib/messaging/client';
import { FIRST_SCREEN_KEY } from '../../lib/messaging/first-screen';

/**
 * Everything the popup's stores reach outside themselves, in one place: the background (only
 * through the messaging client), the popup's own UI prefs, tabs and the clipboard. Tests pass fakes.
 */
export interface PopupDeps {
  send: typeof send;
  onBroadcast: typeof onBroadcast;
  /** Synchronous, so the first query (with the remembered filter and sort) goes out before anything renders. */
  loadPrefs(): unknown;
  savePrefs(prefs: unknown): void;
  /** The first screen the background keeps (lib/messaging/first-screen), as stored. */
  loadFirstScreen(): Promise<unknown>;
  openTab(url: string): void;
  openOptions(): void;
  copy(text: string): Promise<void>;
  download(filename: string, text: string, mime: string): void;
  now(): number;
}

export const PREFS_KEY = 'popupPrefs';

export function browserDeps(): PopupDeps {
  return {
    send,
    onBroadcast,
    // The popup's own page storage: read without a round trip to the browser process, unlike
    // storage.local, and nothing but the popup needs these.
    loadPrefs() {
      try {
        const stored = localStorage.getItem(PREFS_KEY);
        return stored === null ? undefined : (JSON.parse(stored) as unknown);
      } catch {
        return undefined;
      }
    },
    savePrefs(prefs) {
      try {
        localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
      } catch {
        // Prefs are a convenience (storage may be full or disabled); the popup works without them.
      }
    },
    async loadFirstScreen() {
      return (await browser.storage.session.get(FIRST_SCREEN_KEY))[FIRST_SCREEN_KEY];
    },
    openTab(url) {
      void browser.tabs.create({ url });
    },
    openOptions() {
      void browser.runtime.openOptionsPage();
    },
    copy: (text) => navigator.clipboard.writeText(text),
    download(filename, text, mime) {
      const url = URL.createObjectURL(new Blob([text], { type: mime }));
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      link.click();
      // The download has its own copy of the data by the next task.
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
    now: () => Date.now(),
  };
}
