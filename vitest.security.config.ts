import { defineConfig } from 'vitest/config';

// The security checks that read the built extension (.output/chrome-mv3, .output/firefox-mv3):
// `npm test` runs them right after the production builds.
export default defineConfig({
  test: {
    include: ['tests/security/**/*.test.ts'],
    environment: 'node',
  },
});
