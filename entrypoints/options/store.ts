import { computed, signal } from '@preact/signals';
import { BUILTIN_ADMIN_ORIGINS, DEFAULT_ADMIN_ORIGIN } from '../../lib/env/origins';
import { t } from '../../lib/i18n/t';
import { formatNumber } from '../../components/format';
import type { ChecklistItemId, SeveritySetting } from '../../lib/core/types';
import type { SyncStateView } from '../../lib/messaging/protocol';
import { requiredHostPatterns } from '../../lib/permissions/host-access';
import { hostPattern } from '../../lib/permissions/origins';
import type { Settings, SettingsPatch } from '../../lib/settings/settings';
import type { OptionsApi } from './api';
import { defaultSeverity } from './checklist-items';
import { errorText } from '../../components/labels';

export interface Notice {
  tone: 'ok' | 'error';
  text: string;
}

export type ClearScope = 'account' | 'all';

/** The origins the page offers, in the order it lists them. */
export interface SiteChoice {
  origin: string;
  kind: 'builtin' | 'custom' | 'other';
}

/**
 * The options page's state and actions. Every change goes through the background (setSettings),
 * which validates it and tells every other open page; this store only mirrors what it answers.
 */
export function createOptionsStore(api: OptionsApi) {
  const settings = signal<Settings | null>(null);
  const sync = signal<SyncStateView | null>(null);
  const missingAccess = signal<string[]>([]);
  const notice = signal<Notice | null>(null);
  const loadError = signal<string | null>(null);
  const busy = signal(false);

  const sites = computed<SiteChoice[]>(() => {
    const current = settings.value;
    if (!current) return [];
    const choices: SiteChoice[] = BUILTIN_ADMIN_ORIGINS.map((origin) => ({ origin, kind: 'builtin' }));
    for (const origin of current.customOrigins) choices.push({ origin, kind: 'custom' });
    // A development build points at the local sandbox, which is in neither list.
    if (!choices.some((choice) => choice.origin === current.adminOrigin)) choices.push({ origin: current.adminOrigin, kind: 'other' });
    return choices;
  });

  const say = (tone: Notice['tone'], text: string) => {
    notice.value = { tone, text };
  };
  const fail = (error: unknown) => say('error', t('error_generic', errorText(error)));

  async function checkAccess(): Promise<void> {
    const current = settings.value;
    if (!current) return;
    try {
      missingAccess.value = await api.missingHostPatterns(requiredHostPatterns(current.adminOrigin));
    } catch (error) {
      fail(error);
    }
  }

  async function save(patch: SettingsPatch, done: string = t('options_saved')): Promise<boolean> {
    try {
      settings.value = await api.send('setSettings', patch);
      say('ok', done);
      void checkAccess();
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  }

  return {
    settings,
    sync,
    missingAccess,
    notice,
    loadError,
    busy,
    sites,

    /** Loads everything and follows the background's broadcasts until `signal` aborts. */
    async start(signal: AbortSignal): Promise<void> {
      api.onBroadcast((event) => {
        if (event.event === 'settingsChanged') {
          settings.value = event.settings;
          void checkAccess();
        }
        if (event.event === 'syncState') sync.value = event.state;
      }, signal);
      const stopAccess = api.watchHostAccess(() => void checkAccess());
      const stopSettings = api.watchSettings((next) => {
        settings.value = next;
        void checkAccess();
      });
      signal.addEventListener('abort', () => (stopAccess(), stopSettings()), { once: true });
      try {
        const [loaded, state] = await Promise.all([api.send('getSettings', {}), api.send('getSyncState', {})]);
        settings.value = loaded;
        sync.value = state;
        await checkAccess();
      } catch (error) {
        loadError.value = errorText(error);
      }
    },

    selectSite(origin: string): Promise<boolean> {
      return save({ adminOrigin: origin });
    },

    /**
     * Adds a custom admin site. The permission prompt is opened before anything is awaited:
     * this runs inside the click, and the browser only prompts during a user gesture.
     */
    addSite(origin: string): Promise<boolean> {
      const asked = api.requestHostPatterns([hostPattern(origin)]);
      return (async () => {
        let granted = false;
        try {
          granted = await asked;
        } catch (error) {
          fail(error);
          return false;
        }
        const current = settings.value;
        if (!granted || !current) {
          say('error', t('options_site_error_denied', new URL(origin).host));
          return false;
        }
        // The background registers the content script for it once it sees the new list.
        return save({ customOrigins: [...current.customOrigins, origin], adminOrigin: origin }, t('options_site_added', new URL(origin).host));
      })();
    },

    /** Removes a custom site; the background unregisters its content script and drops the permission. */
    removeSite(origin: string): Promise<boolean> {
      const current = settings.value;
      if (!current) return Promise.resolve(false);
      const patch: SettingsPatch = { customOrigins: current.customOrigins.filter((o) => o !== origin) };
      if (current.adminOrigin === origin) patch.adminOrigin = DEFAULT_ADMIN_ORIGIN;
      return save(patch, t('options_site_removed', new URL(origin).host));
    },

    /** Asks for the missing host access. Runs inside the click, like addSite. */
    grantAccess(): Promise<boolean> {
      const asked = api.requestHostPatterns(missingAccess.value);
      return (async () => {
        try {
          const granted = await asked;
          await checkAccess();
          if (!granted) {
            say('error', t('options_access_denied'));
            return false;
          }
          say('ok', t('options_access_granted'));
          // Whatever failed for lack of access can work now.
          sync.value = await api.send('refresh', {});
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      })();
    },

    setSeverity(id: ChecklistItemId, value: SeveritySetting): Promise<boolean> {
      const current = settings.value;
      if (!current) return Promise.resolve(false);
      const checklist = { ...current.checklist };
      // Only deviations are stored, so a later change of a default reaches everyone who kept it.
      if (value === defaultSeverity(id)) delete checklist[id];
      else checklist[id] = value;
      return save({ checklist });
    },

    resetChecklist(): Promise<boolean> {
      return save({ checklist: {} });
    },

    setSyncInterval(minutes: number): Promise<boolean> {
      return save({ syncIntervalMinutes: minutes });
    },

    setBadgeEnabled(enabled: boolean): Promise<boolean> {
      return save({ badgeEnabled: enabled });
    },

    async syncNow(): Promise<void> {
      busy.value = true;
      try {
        sync.value = await api.send('refresh', {});
      } catch (error) {
        fail(error);
      } finally {
        busy.value = false;
      }
    },

    async clear(scope: ClearScope): Promise<boolean> {
      busy.value = true;
      try {
        const { cleared } = await api.send('clearCache', { scope });
        say('ok', t('options_data_cleared', formatNumber(cleared)));
        sync.value = await api.send('getSyncState', {});
        return true;
      } catch (error) {
        fail(error);
        return false;
      } finally {
        busy.value = false;
      }
    },

    dismissNotice(): void {
      notice.value = null;
    },
  };
}

export type OptionsStore = ReturnType<typeof createOptionsStore>;


