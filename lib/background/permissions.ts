import { browser } from 'wxt/browser';
import { adminHostPatterns } from '../env/origins';
import { t } from '../i18n/t';
import { missingHostPatterns, requiredHostPatterns, watchHostAccess } from '../permissions/host-access';
import { hostPattern } from '../permissions/origins';
import type { SettingsSource } from '../settings/store';
import { BADGE_COLORS, showBadge } from './badge';

/**
 * Permissions the background keeps in line with the settings: the content script on custom
 * admin origins, and the host-access check that Firefox (host permissions are optional there)
 * and a user who withdrew Chrome's site access both need.
 */

export const CUSTOM_SCRIPT_ID_PREFIX = 'custom-origin:';
/** The admin content script as WXT emits it (entrypoints/admin.content → content-scripts/admin.js). */
export const ADMIN_CONTENT_SCRIPT = 'content-scripts/admin.js';

/** The browser calls the reconciler needs, as a port so it can be tested without a browser. */
export interface ScriptRegistry {
  registeredIds(): Promise<string[]>;
  register(origins: string[]): Promise<void>;
  unregister(ids: string[]): Promise<void>;
  granted(origin: string): Promise<boolean>;
  revoke(origin: string): Promise<void>;
}

/**
 * Makes the registered content scripts match the custom origins the user both listed and
 * granted. The registered scripts are the memory of what was listed before (it survives worker
 * restarts), so a permission is withdrawn only for an origin the user removed from the list —
 * never for one granted a moment ago whose settings are still being saved.
 */
export async function reconcileCustomOrigins(
  customOrigins: readonly string[],
  registry: ScriptRegistry,
  manifestPatterns: readonly string[],
): Promise<{ registered: string[]; unregistered: string[] }> {
  const current = new Map<string, string>();
  for (const id of await registry.registeredIds()) {
    if (id.startsWith(CUSTOM_SCRIPT_ID_PREFIX)) current.set(id.slice(CUSTOM_SCRIPT_ID_PREFIX.length), id);
  }
  const wanted = new Set<string>();
  for (const origin of customOrigins) {
    // The manifest's own content script already runs there; a second copy would double every badge.
    if (!origin.startsWith('https://') || manifestPatterns.includes(hostPattern(origin))) continue;
    if (await registry.granted(origin)) wanted.add(origin);
  }

  const stale = [...current].filter(([origin]) => !wanted.has(origin));
  if (stale.length > 0) await registry.unregister(stale.map(([, id]) => id));
  for (const [origin] of stale) {
    if (!customOrigins.includes(origin)) await registry.revoke(origin);
  }
  const fresh = [...wanted].filter((origin) => !current.has(origin));
  if (fresh.length > 0) await registry.register(fresh);
  return { registered: fresh, unregistered: stale.map(([origin]) => origin) };
}

export const browserScriptRegistry: ScriptRegistry = {
  async registeredIds() {
    return (await browser.scripting.getRegisteredContentScripts()).map((script) => script.id);
  },
  async register(origins) {
    await browser.scripting.registerContentScripts(
      origins.map((origin) => ({
        id: `${CUSTOM_SCRIPT_ID_PREFIX}${origin}`,
        matches: [hostPattern(origin)],
        js: [ADMIN_CONTENT_SCRIPT],
        // As the manifest's: it wakes the background as the page starts, its features wait for the DOM.
        runAt: 'document_start' as const,
      })),
    );
  },
  async unregister(ids) {
    await browser.scripting.unregisterContentScripts({ ids });
  },
  granted(origin) {
    return browser.permissions.contains({ origins: [hostPattern(origin)] });
  },
  async revoke(origin) {
    await browser.permissions.remove({ origins: [hostPattern(origin)] });
  },
};

/**
 * Wires the above. Listeners are added synchronously (an event that wakes the worker must find
 * them), and every wake reconciles, because Firefox may not keep registered scripts across
 * restarts.
 */
export function keepPermissions(opts: { settings: SettingsSource; onAccessGranted: () => void }): void {
  const manifestPatterns = adminHostPatterns(import.meta.env.MODE);
  let queue: Promise<unknown> = Promise.resolve();
  // Settings and permission events arrive together when an origin is added: one at a time,
  // or both would register the same script id.
  const reconcile = () => {
    queue = queue
      .then(async () => reconcileCustomOrigins((await opts.settings.load()).customOrigins, browserScriptRegistry, manifestPatterns))
      .catch((error: unknown) => console.warn('[Job Status Companion] content-script registration failed', error));
  };

  let hadAccess: boolean | null = null;
  const checkAccess = async (): Promise<boolean> => {
    const { adminOrigin } = await opts.settings.load();
    const missing = await missingHostPatterns(requiredHostPatterns(adminOrigin));
    const has = missing.length === 0;
    if (!has) {
      await showBadge({ text: '!', color: BADGE_COLORS.problem, title: t('options_access_badge_title', new URL(adminOrigin).host) });
    } else if (hadAccess === false) {
      opts.onAccessGranted();
    }
    hadAccess = has;
    return has;
  };
  const check = () => void checkAccess().catch((error: unknown) => console.warn('[Job Status Companion] host-access check failed', error));

  opts.settings.onChange(() => {
    reconcile();
    check();
  });
  watchHostAccess(() => {
    reconcile();
    check();
  });
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install') return;
    // The first run is where Firefox users meet the missing grant: show them the button at once.
    void checkAccess().then((has) => (has ? undefined : browser.runtime.openOptionsPage()));
  });
  reconcile();
  check();
}
