// `npm test`: every check in order, stopping at the first failure.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const steps = [
  ...(existsSync('.wxt/tsconfig.json') ? [] : [['wxt prepare', 'npx', ['wxt', 'prepare']]]),
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['unit tests', 'npx', ['vitest', 'run']],
  // `wxt zip` builds .output/chrome-mv3 and zips it: the budgets judge both.
  ['build chrome (and its zip)', 'npx', ['wxt', 'zip']],
  ['bundle budgets', 'npx', ['vitest', 'run', '-c', 'vitest.budget.config.ts']],
  ['build firefox', 'npx', ['wxt', 'build', '-b', 'firefox']],
  ['lint firefox (addons-linter)', 'npx', ['addons-linter', '.output/firefox-mv3']],
  ['security tests (built manifests)', 'npx', ['vitest', 'run', '-c', 'vitest.security.config.ts']],
  ['build sandbox', 'npx', ['wxt', 'build', '--mode', 'sandbox']],
  ['e2e tests (Chromium)', 'npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts']],
  ['build sandbox firefox', 'npx', ['wxt', 'build', '-b', 'firefox', '--mode', 'sandbox']],
  ['e2e tests (Firefox)', 'npx', ['vitest', 'run', '-c', 'vitest.e2e-firefox.config.ts']],
];

for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
