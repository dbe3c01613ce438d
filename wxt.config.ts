import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { adminHostPatterns } from './lib/env/origins';

export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/auto-icons'],
  autoIcons: {
    baseIconPath: 'assets/icon.svg',
    developmentIndicator: false,
  },
  manifest: ({ mode }) => ({
    name: 'Job Status Companion',
    description: 'See GotPhoto job statuses at a glance and change them quickly and safely.',
    host_permissions: adminHostPatterns(mode),
  }),
  vite: () => ({ plugins: [preact()] }),
});
