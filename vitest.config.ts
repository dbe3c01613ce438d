import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    // tests/security reads the built manifests and tests/bench the built bundles: they run after the builds (vitest.security.config.ts, vitest.budget.config.ts).
    exclude: ['tests/e2e/**', 'tests/e2e-firefox/**', 'tests/security/**', 'tests/bench/**', 'node_modules/**'],
    environment: 'node',
    restoreMocks: true,
    setupFiles: ['vitest.setup.ts'],
    testTimeout: 20_000,
  },
});
