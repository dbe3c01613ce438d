import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { adminHostPatterns } from './lib/env/origins';
import { LOCALES } from './lib/i18n/catalog';
import { readLocale, toMessagesJson } from './lib/i18n/build-locales';

export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/auto-icons'],
  autoIcons: {
    baseIconPath: 'assets/icon.svg',
    developmentIndicator: false,
  },
  manifest: ({ mode }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms'],
    host_permissions: adminHostPatterns(mode),
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
  },
  vite: () => ({ plugins: [preact()] }),
});
