/**
 * A bulk status change of 500 jobs through the real extension's durable queue (sent from the popup,
 * as the sender policy requires), with the sandbox limiting each session to `rate` requests per
 * second: throughput divided by the limit.
 */
import type { BulkView } from '../../lib/messaging/protocol';
import { sleep, type BenchSession, type ChromeGlobal } from '../lib/session';
import { summarize, type Summary } from '../lib/stats';

export interface BulkResult {
  jobs: number;
  size: number;
  rateLimit: number;
  seconds: Summary;
  /** Changes applied per second / the limit; median over runs. */
  ofLimit: Summary;
  /** Requests the sandbox refused with 429 per run (median). */
  rateLimited: number;
  failed: number;
}

export async function measureBulk(session: BenchSession, jobs: number, size: number, rate: number, runs: number): Promise<BulkResult> {
  const popup = await session.context.newPage();
  await popup.goto(session.popupUrl);
  const seconds: number[] = [];
  const ofLimit: number[] = [];
  const limited: number[] = [];
  let failed = 0;
  try {
    for (let i = 0; i < runs; i++) {
      // Back and forth between two statuses that need no checklist, so every run changes `size` jobs.
      const [from, to] = i % 2 === 0 ? (['planning', 'archived'] as const) : (['archived', 'planning'] as const);
      const picked = await session.send('getJobs', { status: from, offset: 0, limit: size });
      if (picked.jobs.length < size) throw new Error(`only ${picked.jobs.length} ${from} jobs for the bulk`);
      await session.syncIdle();
      session.sandbox.state.setFaults({ rateLimit: rate });
      const servedBefore = session.sandbox.state.getStats().faultsServed.rateLimited;
      // Starts on a window boundary, so the limiter's first window is a whole one.
      await sleep(1000 - (Date.now() % 1000));
      const run = await popup.evaluate(
        async ({ channel, jobIds, target }) => {
          const send = async (type: string, payload: unknown) => {
            const answer = (await (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ channel, type, payload })) as
              | { ok: true; data: BulkView }
              | { ok: false; error: { message: string } };
            if (!answer.ok) throw new Error(`${type}: ${answer.error.message}`);
            return answer.data;
          };
          const started = performance.now();
          let view = await send('startBulk', { jobIds, target, includeCritical: false });
          while (view.state !== 'done' && view.state !== 'cancelled') {
            await new Promise((resolve) => setTimeout(resolve, 25));
            view = await send('getBulk', { bulkId: view.id });
          }
          return { ms: performance.now() - started, counts: view.counts, state: view.state };
        },
        { channel: 'job-status-companion/v1', jobIds: picked.jobs.map((job) => job.id), target: to },
      );
      session.sandbox.state.setFaults({ rateLimit: 0 });
      const done = run.counts.done;
      failed += size - done;
      seconds.push(run.ms / 1000);
      ofLimit.push(done / (run.ms / 1000) / rate);
      limited.push(session.sandbox.state.getStats().faultsServed.rateLimited - servedBefore);
    }
  } finally {
    session.sandbox.state.setFaults({ rateLimit: 0 });
    await popup.close();
  }
  return { jobs, size, rateLimit: rate, seconds: summarize(seconds), ofLimit: summarize(ofLimit), rateLimited: summarize(limited).median, failed };
}
