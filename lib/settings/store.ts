import { browser } from 'wxt/browser';
import { applySettingsPatch, defaultSettings, migrateSettings, SETTINGS_KEY, type Settings, type SettingsPatch } from './settings';

/** Settings in `browser.storage.local`, always read through `migrateSettings`. */
export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return migrateSettings(stored[SETTINGS_KEY]);
}

export async function saveSettings(patch: SettingsPatch): Promise<Settings> {
  const next = applySettingsPatch(await loadSettings(), patch);
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

/** Calls back with the new settings (and the ones they replace) whenever they change, from any context. */
export function watchSettings(callback: (settings: Settings, previous: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, area: string) => {
    const change = area === 'local' ? changes[SETTINGS_KEY] : undefined;
    if (!change) return;
    // Never saved before: what was in force were the defaults.
    callback(migrateSettings(change.newValue), change.oldValue === undefined ? defaultSettings() : migrateSettings(change.oldValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

export interface SettingsSource {
  load(): Promise<Settings>;
  save(patch: SettingsPatch): Promise<Settings>;
  /** Calls back on every change, from any context, once `load` already gives the new settings. */
  onChange(callback: (settings: Settings, previous: Settings) => void): void;
}

/**
 * Settings kept in memory for the life of a background worker. The background reads them for
 * nearly every message (the sender policy, then the handler); a storage round trip each time
 * cost a few milliseconds per message, more while the worker was busy. Every change, from any
 * context, arrives through storage.onChanged; a load that started before a change is answered
 * with what it read, later loads get the change.
 */
export function createSettingsSource(): SettingsSource {
  let current: Promise<Settings> | null = null;
  const callbacks: ((settings: Settings, previous: Settings) => void)[] = [];
  watchSettings((settings, previous) => {
    current = Promise.resolve(settings);
    for (const callback of callbacks) callback(settings, previous);
  });
  return {
    onChange(callback) {
      callbacks.push(callback);
    },
    load() {
      if (current) return current;
      const loading = loadSettings();
      current = loading;
      // A failed read is not remembered: the next message tries storage again.
      loading.catch(() => {
        if (current === loading) current = null;
      });
      return loading;
    },
    async save(patch) {
      const next = await saveSettings(patch);
      current = Promise.resolve(next);
      return next;
    },
  };
}
