/**
 * Saves the sandbox's admin pages as the HTML fixtures lib/pages is tested against:
 *   npx tsx scripts/save-fixtures.ts
 * Run it again whenever sandbox/pages changes, and commit the result, so the selector tests
 * notice markup drift instead of the users.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checklistSummary } from '../lib/core/checklist';
import type { Account, Job } from '../lib/core/types';
import { startSandbox } from '../sandbox/server';
import { DEMO_LOGIN } from '../sandbox/state';

const OUT = resolve(import.meta.dirname, '../tests/fixtures/html');

async function main(): Promise<void> {
  const sandbox = await startSandbox({ jobs: 12, seed: 1, testControls: true, port: 0 });
  try {
    const login = await fetch(`${sandbox.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password }),
      redirect: 'manual',
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error(`login failed: HTTP ${login.status}`);

    const { account, jobs } = (await (await fetch(`${sandbox.url}/__sandbox/jobs?account=demo`)).json()) as { account: Account; jobs: Job[] };
    // A planning job that misses something critical and some boosters shows every part of the UI.
    const now = new Date();
    const job =
      jobs.find((j) => {
        const s = checklistSummary(j, account, now);
        return j.status === 'planning' && s.criticalMissing > 0 && s.boostersDone < s.boostersTotal;
      }) ?? jobs[0];
    if (!job) throw new Error('the sandbox has no jobs');

    const pages: Record<string, string> = {
      'new-overview': '/jobs',
      'classic-overview': '/classic/jobs',
      'new-settings': `/jobs/${job.id}/settings`,
      'classic-settings': `/classic/jobs/${job.id}/settings`,
    };
    mkdirSync(OUT, { recursive: true });
    for (const [name, path] of Object.entries(pages)) {
      const res = await fetch(`${sandbox.url}${path}`, { headers: { cookie }, redirect: 'manual' });
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      // The session's CSRF token is the one per-run value in the markup; a fixed one keeps diffs quiet.
      const html = (await res.text()).replace(/(<meta name="csrf-token" content=")[^"]*(")/, '$1fixture-token$2');
      writeFileSync(resolve(OUT, `${name}.html`), html);
      console.log(`saved ${name}.html (${path})`);
    }
    writeFileSync(resolve(OUT, 'fixtures.json'), `${JSON.stringify({ settingsJobId: job.id, overviewJobIds: jobs.map((j) => j.id) }, null, 2)}\n`);
  } finally {
    await sandbox.close();
  }
}

await main();
