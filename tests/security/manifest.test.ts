/**
 * The production manifests as built (`npm run build`, `npm run build:firefox`): permissions are
 * exactly what the code uses, access is only to the admin origins, nothing is exposed to the
 * web, and the extension pages keep the browser's default CSP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminHostPatterns } from '../../lib/env/origins';
import { extensionApiMembers, extensionApiUses, ROOT } from './source';

/**
 * What each extension API needs in `permissions`. An API missing here fails the test: decide
 * its permission before using it. `null`: usable without one (tabs.query and tabs.sendMessage
 * need none; tab URLs are visible only on hosts we hold, which is all the code relies on).
 */
const PERMISSION_FOR_API: Readonly<Record<string, string | null>> = {
  storage: 'storage',
  alarms: 'alarms',
  scripting: 'scripting',
  runtime: null,
  i18n: null,
  action: null,
  permissions: null,
  tabs: null,
};

const TARGETS = [
  { name: 'chrome', dir: '.output/chrome-mv3', build: 'npm run build' },
  { name: 'firefox', dir: '.output/firefox-mv3', build: 'npm run build:firefox' },
] as const;

interface Manifest {
  [key: string]: unknown;
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches: string[]; all_frames?: boolean; match_about_blank?: boolean; world?: string }[];
  web_accessible_resources?: { resources: string[]; matches?: string[]; extension_ids?: string[]; use_dynamic_url?: boolean }[];
  background?: { service_worker?: string; scripts?: string[]; persistent?: boolean };
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string } };
}

function readManifest(dir: string, build: string): Manifest {
  const path = join(ROOT, dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`No build at ${dir}: run \`${build}\` first (npm test does).`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

const ADMIN_PATTERNS = adminHostPatterns('production');

/**
 * The extension API members the code calls, each checked to exist in Chrome MV3 and in Firefox
 * from the manifest's strict_min_version (140) on. A new one fails this test until checked.
 */
const IN_BOTH_BROWSERS = new Set([
  'action.setBadgeBackgroundColor',
  'action.setBadgeText',
  'action.setTitle',
  'alarms.clear',
  'alarms.create',
  'alarms.get',
  'alarms.onAlarm',
  'i18n.getMessage',
  'i18n.getUILanguage',
  'permissions.contains',
  'permissions.onAdded',
  'permissions.onRemoved',
  'permissions.remove',
  'permissions.request',
  'runtime.getManifest',
  'runtime.getURL',
  'runtime.id',
  'runtime.onInstalled',
  'runtime.onMessage',
  'runtime.onStartup',
  'runtime.openOptionsPage',
  'runtime.sendMessage',
  'scripting.getRegisteredContentScripts',
  'scripting.registerContentScripts',
  'scripting.unregisterContentScripts',
  'storage.local',
  'storage.onChanged',
  'storage.session',
  'tabs.create',
  // tabs.onUpdated / tabs.update: the sandbox build's extension-page opener (absent from production).
  'tabs.onUpdated',
  'tabs.query',
  'tabs.sendMessage',
  'tabs.update',
]);

describe('the browser APIs the code uses', () => {
  it('exist in both Chrome and Firefox', () => {
    const unchecked = [...extensionApiMembers()].filter(([member]) => !IN_BOTH_BROWSERS.has(member));
    expect(unchecked.map(([member, where]) => `browser.${member} at ${where.join(', ')}`)).toEqual([]);
  });
});

describe('the permissions the code uses', () => {
  it('are all known to this test (a new browser API needs its permission decided here)', () => {
    const unknown = [...extensionApiUses()].filter(([api]) => !(api in PERMISSION_FOR_API));
    expect(unknown.map(([api, where]) => `browser.${api} at ${where.join(', ')}`)).toEqual([]);
  });
});

for (const target of TARGETS) {
  describe(`the ${target.name} production manifest`, () => {
    const manifest = readManifest(target.dir, target.build);
    const text = JSON.stringify(manifest);

    it('asks for exactly the permissions the code uses', () => {
      const needed = [...extensionApiUses().keys()].map((api) => PERMISSION_FOR_API[api]).filter((p): p is string => !!p);
      expect([...(manifest.permissions ?? [])].sort()).toEqual([...new Set(needed)].sort());
      expect(manifest.optional_permissions ?? []).toEqual([]);
    });

    it('holds host permissions for the built-in admin origins only', () => {
      expect(manifest.host_permissions).toEqual(ADMIN_PATTERNS);
      // Custom admin sites are asked for one by one when the user adds them (options page).
      expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
    });

    it('runs its content script only on the admin origins, top frame only, isolated world', () => {
      expect(manifest.content_scripts?.length).toBeGreaterThan(0);
      for (const script of manifest.content_scripts ?? []) {
        expect([...script.matches].sort()).toEqual([...ADMIN_PATTERNS].sort());
        expect(script.all_frames ?? false).toBe(false);
        expect(script.match_about_blank ?? false).toBe(false);
        expect(script.world ?? 'ISOLATED').toBe('ISOLATED');
      }
    });

    it('has no <all_urls>, no wildcard host, no localhost anywhere', () => {
      expect(text).not.toContain('<all_urls>');
      expect(text).not.toMatch(/\*:\/\/\*|http:\/\/\*/);
      expect(text).not.toMatch(/localhost|127\.0\.0\.1|\[::1\]/);
      // The one wildcard is the optional permission above, never granted without asking.
      expect(text.split('https://*/*').length - 1).toBe(1);
    });

    it('leaves out the sandbox build’s extension-page opener (lib/background/sandbox-pages.ts)', () => {
      const background = readFileSync(join(ROOT, target.dir, 'background.js'), 'utf8');
      expect(background).toContain('Job Status Companion');
      expect(background).not.toContain('__sandbox');
    });

    it('exposes nothing to web pages or other extensions', () => {
      expect(manifest).not.toHaveProperty('externally_connectable');
      for (const entry of manifest.web_accessible_resources ?? []) {
        // Only WXT's UI stylesheet for the shadow roots, behind a per-session URL.
        for (const resource of entry.resources) expect(resource).toMatch(/^content-scripts\/[\w-]+\.css$/);
        expect(entry.use_dynamic_url).toBe(true);
        expect(entry.extension_ids ?? []).toEqual([]);
        for (const match of entry.matches ?? []) expect(ADMIN_PATTERNS).toContain(match);
      }
    });

    it("leaves the extension pages' CSP at the browser's default", () => {
      expect(manifest).not.toHaveProperty('content_security_policy');
      expect(text).not.toMatch(/unsafe-eval|unsafe-inline/);
    });

    it('is localised, English by default, with German alongside', () => {
      expect(manifest.default_locale).toBe('en');
      expect(manifest.name).toBe('__MSG_extName__');
      const en = JSON.parse(readFileSync(join(ROOT, target.dir, '_locales/en/messages.json'), 'utf8')) as object;
      const de = JSON.parse(readFileSync(join(ROOT, target.dir, '_locales/de/messages.json'), 'utf8')) as object;
      expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    });
  });
}

describe('browser-specific parts', () => {
  it('Chrome: a service worker background', () => {
    const manifest = readManifest('.output/chrome-mv3', 'npm run build');
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background?.service_worker).toBe('background.js');
    expect(manifest).not.toHaveProperty('browser_specific_settings');
  });

  it('Firefox: MV3 with event-page scripts, a fixed add-on id and a minimum version', () => {
    const manifest = readManifest('.output/firefox-mv3', 'npm run build:firefox');
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background?.scripts).toEqual(['background.js']);
    expect(manifest.background?.persistent ?? false).toBe(false);
    expect(manifest.browser_specific_settings?.gecko?.id).toMatch(/^\{[0-9a-f-]{36}\}$/);
    expect(manifest.browser_specific_settings?.gecko?.strict_min_version).toMatch(/^\d+\.\d+$/);
  });
});
