import { browser } from 'wxt/browser';
import { onBroadcast, send } from '../../lib/messaging/client';

/**
 * Everything the popup's stores reach outside themselves, in one place: the background (only
 * through the messaging client), the popup's own UI prefs in storage, tabs and the clipboard.
 * Tests pass fakes.
 */
export interface PopupDeps {
  send: typeof send;
  onBroadcast: typeof onBroadcast;
  loadPrefs(): Promise<unknown>;
  savePrefs(prefs: unknown): Promise<void>;
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
    async loadPrefs() {
      return (await browser.storage.local.get(PREFS_KEY))[PREFS_KEY];
    },
    async savePrefs(prefs) {
      await browser.storage.local.set({ [PREFS_KEY]: prefs });
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
