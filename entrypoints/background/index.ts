import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHttpAdminApi } from '../../lib/admin-api/http';
import type { AdminApi } from '../../lib/admin-api/port';
import { openJobCache } from '../../lib/cache';
import { createMessageListener } from '../../lib/messaging/router';
import { FIRST_SCREEN_KEY } from '../../lib/messaging/first-screen';
import type { BroadcastEvent } from '../../lib/messaging/protocol';
import { adminOriginsOf, settingsChangeEffect } from '../../lib/settings/settings';
import { createSettingsSource } from '../../lib/settings/store';
import { createBackgroundApp, toMessageError } from '../../lib/background/app';
import { showBadge } from '../../lib/background/badge';
import { BULK_ALARM, createBulkEngine } from '../../lib/bulk/engine';
import { keepPermissions } from '../../lib/background/permissions';
import { openExtensionPagesForSandbox } from '../../lib/background/sandbox-pages';
import { IS_SANDBOX_BUILD } from '../../lib/env/origins';

export const SYNC_ALARM = 'sync';

export default defineBackground(() => {
  const settings = createSettingsSource();
  const apis = new Map<string, AdminApi>();
  const api = (origin: string) => {
    let client = apis.get(origin);
    if (!client) {
      client = createHttpAdminApi({ origin });
      apis.set(origin, client);
    }
    return client;
  };

  const app = createBackgroundApp({
    cache: () => openJobCache(),
    api,
    now: () => new Date(),
    settings,
    broadcast,
    showBadge,
    firstScreen: {
      read: async () => (await browser.storage.session.get(FIRST_SCREEN_KEY))[FIRST_SCREEN_KEY],
      write: (screen) => browser.storage.session.set({ [FIRST_SCREEN_KEY]: screen }),
      clear: () => browser.storage.session.remove(FIRST_SCREEN_KEY),
    },
  });
  const bulk = createBulkEngine({ app, api, now: () => new Date(), broadcast: app.broadcast, settings: settings.load });

  const listener = createMessageListener(app.handlers(bulk), {
    policy: async () => {
      return {
        extensionId: browser.runtime.id,
        extensionBaseUrl: browser.runtime.getURL('/'),
        adminOrigins: adminOriginsOf(await settings.load()),
      };
    },
    toMessageError,
    onRefused: (type, reason, sender) => console.warn(`[Job Status Companion] refused ${type} from ${sender.url ?? sender.id}: ${reason}`),
  });

  // Registered synchronously, so an event that wakes the worker finds its listener.
  browser.runtime.onMessage.addListener(listener as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  browser.runtime.onInstalled.addListener(() => void startUp());
  browser.runtime.onStartup.addListener(() => void startUp());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void app.sync();
    if (alarm.name === BULK_ALARM) void bulk.resume();
  });
  settings.onChange((changed, previous) => {
    const { resync, reschedule } = settingsChangeEffect(previous, changed);
    app.onSettingsChanged({ originChanged: resync });
    if (reschedule) void scheduleSync(changed.syncIntervalMinutes);
    if (resync) void app.sync();
  });

  // Every wake resumes an unfinished bulk: the worker may have been stopped in the middle.
  void bulk.resume();
  keepPermissions({ settings, onAccessGranted: () => void app.sync() });
  if (IS_SANDBOX_BUILD) openExtensionPagesForSandbox();

  async function startUp() {
    await scheduleSync((await settings.load()).syncIntervalMinutes);
    await app.sync();
  }

  async function scheduleSync(minutes: number) {
    const existing = await browser.alarms.get(SYNC_ALARM);
    if (existing?.periodInMinutes !== minutes) {
      await browser.alarms.create(SYNC_ALARM, { periodInMinutes: minutes, delayInMinutes: minutes });
    }
  }

  function broadcast(event: BroadcastEvent) {
    browser.runtime.sendMessage(event).catch(() => {
      // No extension page is open: nobody to tell.
    });
    void (async () => {
      if (event.event === 'bulkProgress') return; // only the popup shows bulk progress
      const origins = adminOriginsOf(await settings.load());
      // Tab URLs are visible only where we hold host permissions, i.e. on admin origins.
      const tabs = await browser.tabs.query({}).catch(() => []);
      for (const tab of tabs) {
        // A URL of an origin always goes on with "/" after it: no parsing needed.
        if (tab.id !== undefined && origins.some((origin) => tab.url?.startsWith(`${origin}/`))) browser.tabs.sendMessage(tab.id, event).catch(() => {});
      }
    })();
  }
});
