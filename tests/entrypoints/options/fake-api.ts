import { vi } from 'vitest';
import type { OptionsApi } from '../../../entrypoints/options/api';
import type { BroadcastEvent, SyncStateView } from '../../../lib/messaging/protocol';
import { applySettingsPatch, defaultSettings, type Settings, type SettingsPatch } from '../../../lib/settings/settings';

export const SYNC_OK: SyncStateView = {
  status: 'ok',
  origin: 'https://app.gotphoto.com',
  account: { id: 'acc-1', name: 'Studio Sonnenschein', features: { prepay: false }, invoiceSettingsComplete: true },
  lastSuccessAt: '2025-03-01T10:00:00.000Z',
  lastError: null,
  jobCount: 1234,
};

/** The background and the permission prompt, in memory, recording what the page asked. */
export function fakeOptionsApi(opts: { settings?: Partial<Settings>; granted?: string[]; grantAnswer?: boolean; failLoad?: boolean } = {}) {
  let settings: Settings = { ...defaultSettings(), ...opts.settings };
  const granted = new Set(opts.granted ?? ['https://app.gotphoto.com/*', 'https://app.fotograf.de/*']);
  const patches: SettingsPatch[] = [];
  let broadcast: ((event: BroadcastEvent) => void) | null = null;
  let permissionWatcher: (() => void) | null = null;
  let settingsWatcher: ((settings: Settings, previous: Settings) => void) | null = null;
  const state = { grantAnswer: opts.grantAnswer ?? true, sync: SYNC_OK };

  const send = vi.fn(async (type: string, payload: unknown): Promise<unknown> => {
    switch (type) {
      case 'getSettings':
        if (opts.failLoad) throw new Error('no background');
        return settings;
      case 'setSettings':
        patches.push(payload as SettingsPatch);
        settings = applySettingsPatch(settings, payload as SettingsPatch);
        return settings;
      case 'getSyncState':
      case 'refresh':
        return state.sync;
      case 'clearCache':
        return { cleared: 1234 };
      default:
        throw new Error(`unexpected ${type}`);
    }
  });
  const requestHostPatterns = vi.fn(async (patterns: readonly string[]) => {
    if (state.grantAnswer) for (const pattern of patterns) granted.add(pattern);
    return state.grantAnswer;
  });
  const api: OptionsApi = {
    send: send as unknown as OptionsApi['send'],
    onBroadcast: (handler) => {
      broadcast = handler;
    },
    missingHostPatterns: vi.fn(async (patterns: readonly string[]) => patterns.filter((pattern) => !granted.has(pattern))),
    requestHostPatterns,
    watchHostAccess: (callback) => {
      permissionWatcher = callback;
      return () => {
        permissionWatcher = null;
      };
    },
    watchSettings: (callback) => {
      settingsWatcher = callback;
      return () => {
        settingsWatcher = null;
      };
    },
  };
  return {
    api,
    send,
    requestHostPatterns,
    patches,
    granted,
    state,
    get settings() {
      return settings;
    },
    emit(event: BroadcastEvent) {
      broadcast?.(event);
    },
    /** Another context wrote the settings straight to storage. */
    storeSettings(next: Settings) {
      const previous = settings;
      settings = next;
      settingsWatcher?.(next, previous);
    },
    revoke(pattern: string) {
      granted.delete(pattern);
      permissionWatcher?.();
    },
  };
}
