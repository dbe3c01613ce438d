/**
 * `npm run sandbox -- [--port 5199] [--host 127.0.0.1] [--jobs 200] [--seed 1] [--latency-ms 0]
 *   [--fail-rate 0] [--rate-limit 0] [--prepay on|off] [--test-controls]`
 */
import { parseArgs } from 'node:util';
import { SANDBOX_DEFAULT_PORT } from '../lib/env/sandbox';
import { startSandbox } from './server';
import { DEMO_LOGIN, OTHER_LOGIN } from './state';

const USAGE = `Usage: npm run sandbox -- [options]
  --port <n>          port (default 5199; 0 = any free port)
  --host <h>          interface (default 127.0.0.1)
  --jobs <n>          jobs of the demo account (default 200)
  --seed <n>          data seed (default 1)
  --latency-ms <n>    delay every API answer
  --fail-rate <0..1>  answer this fraction of API requests with 500/502/503
  --rate-limit <n>    API requests per second per session (0 = unlimited)
  --prepay on|off     the demo account's prepay feature (default on)
  --test-controls     enable /__sandbox/* (faults, reset, edit, delete, jobs, stats)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function num(name: string, value: string, check: (n: number) => boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) fail(`Invalid --${name}: ${value}`);
  return n;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: String(SANDBOX_DEFAULT_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      jobs: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      'latency-ms': { type: 'string', default: '0' },
      'fail-rate': { type: 'string', default: '0' },
      'rate-limit': { type: 'string', default: '0' },
      prepay: { type: 'string', default: 'on' },
      'test-controls': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (err) {
  fail((err as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.prepay !== 'on' && values.prepay !== 'off') fail(`Invalid --prepay: ${values.prepay} (on or off)`);

const sandbox = await startSandbox({
  port: num('port', values.port, (n) => Number.isInteger(n) && n >= 0 && n < 65536),
  host: values.host,
  jobs: num('jobs', values.jobs, (n) => Number.isInteger(n) && n >= 0 && n <= 100_000),
  seed: num('seed', values.seed, Number.isSafeInteger),
  latencyMs: num('latency-ms', values['latency-ms'], (n) => n >= 0),
  failRate: num('fail-rate', values['fail-rate'], (n) => n >= 0 && n <= 1),
  rateLimit: num('rate-limit', values['rate-limit'], (n) => n >= 0),
  prepay: values.prepay === 'on',
  testControls: values['test-controls'],
}).catch((err: NodeJS.ErrnoException) => {
  console.error(err.code === 'EADDRINUSE' ? `Port ${values.port} is in use; try --port 0.` : err);
  process.exit(1);
});

const { state } = sandbox;
console.log(`GotPhoto sandbox admin site: ${sandbox.url}/jobs`);
console.log(`  login ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}   (second account: ${OTHER_LOGIN.email} / ${OTHER_LOGIN.password})`);
console.log(
  `  ${state.accounts.demo.store.size} demo jobs, seed ${state.seed}, prepay ${state.prepay ? 'on' : 'off'}` +
    `, latency ${state.faults.latencyMs} ms, fail rate ${state.faults.failRate}, rate limit ${state.faults.rateLimit || 'off'}` +
    (state.testControls ? ', test controls on (/__sandbox/*)' : ''),
);
console.log('  Ctrl-C to stop.');

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the sandbox…`);
  void sandbox.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
