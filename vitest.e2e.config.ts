import { defineConfig } from 'vitest/config';

// Real Chromium, the real built extension (.output/chrome-mv3-sandbox) and the sandbox over
// real HTTP. Files run one at a time: each launches its own browser and sandbox.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
