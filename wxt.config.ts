import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { addBenchEntrypoints } from './bench/wxt-hook';
import { terserPass } from './scripts/terser-pass';
import { adminHostPatterns } from './lib/env/origins';
import { LOCALES } from './lib/i18n/catalog';
import { readLocale, toMessagesJson } from './lib/i18n/build-locales';

/** Firefox needs a stable id for MV3; 140 is the ESR that understands data_collection_permissions. */
const GECKO_ID = '{aeb6442a-2711-45fa-9984-7bcae61233bd}';
const FIREFOX_MIN_VERSION = '140.0';

export default defineConfig({
  imports: false,
  // WXT defaults Firefox to MV2; we ship one MV3 package for both browsers.
  manifestVersion: 3,
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/auto-icons'],
  autoIcons: {
    baseIconPath: 'public/icon.svg',
    developmentIndicator: false,
  },
  manifest: ({ mode, browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Exactly what the code uses; tests/security/manifest.test.ts derives the list from the source.
    permissions: ['storage', 'alarms', 'scripting'],
    host_permissions: adminHostPatterns(mode),
    // A custom admin origin is asked for when the user adds it in the options page, never before.
    optional_host_permissions: ['https://*/*'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: FIREFOX_MIN_VERSION,
              // Nothing leaves the browser except calls to the admin site the user is signed in to.
              data_collection_permissions: { required: ['none'] },
            },
            // Android learned data_collection_permissions in 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  hooks: {
    // The catalogs live in locales/<lang>/*.json (one file per area); the browser wants one file.
    'build:publicAssets': (wxt, files) => {
      for (const lang of LOCALES) {
        files.push({
          relativeDest: `_locales/${lang}/messages.json`,
          contents: JSON.stringify(toMessagesJson(readLocale(wxt.config.root, lang)), null, 1),
        });
      }
    },
    // `npm run bench` only: its reference page, never in any other build.
    'entrypoints:resolved': addBenchEntrypoints,
  },
  vite: () => ({ plugins: [preact(), terserPass()] }),
});
