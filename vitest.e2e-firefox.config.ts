import { defineConfig } from 'vitest/config';

// Real Firefox ESR (WebDriver BiDi through puppeteer-core), the real Firefox sandbox build
// (.output/firefox-mv3-sandbox) and the sandbox over real HTTP. Files run one at a time: each
// launches its own browser and a sandbox on the build's default port.
export default defineConfig({
  test: {
    include: ['tests/e2e-firefox/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
    globalSetup: ['tests/e2e-firefox/global-setup.ts'],
  },
});
