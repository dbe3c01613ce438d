import { defineConfig } from 'vitest/config';

// The bundle budgets: run by scripts/test.mjs after the production build and zip exist.
export default defineConfig({
  test: {
    include: ['tests/bench/**/*.test.ts'],
    environment: 'node',
  },
});
