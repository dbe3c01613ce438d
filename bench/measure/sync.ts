/**
 * A full sync of the cache through the real extension (`refresh` after emptying the cache), against
 * fetching the same pages raw from the service worker; and IndexedDB transactions per page,
 * counted by wrapping IndexedDB in the service worker.
 */
import type { Worker } from 'playwright-core';
import { sleep, type BenchSession, type ChromeGlobal } from '../lib/session';
import { summarize, type Summary } from '../lib/stats';

export interface SyncResult {
  jobs: number;
  /** Delay the sandbox added before every API answer. */
  latencyMs: number;
  pages: number;
  sync: Summary;
  raw: Summary;
  /** Median of per-run sync / raw. */
  ratio: number;
  /** Transactions that wrote jobs, per page fetched. */
  jobWriteTransactionsPerPage: number;
  /** Every transaction the background opened during a sync (reads of sync state included), per page. */
  transactionsPerPage: number;
}

interface TxStats {
  transactions: number;
  jobWrites: number;
}

/** Counts transactions and those that put jobs; the extension's code is left as it is. */
async function countTransactions(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const scope = globalThis as unknown as { __benchTx?: TxStats };
    if (scope.__benchTx) return;
    const stats: TxStats = { transactions: 0, jobWrites: 0 };
    scope.__benchTx = stats;
    const seen = new WeakSet<IDBTransaction>();
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      stats.transactions++;
      return transaction.apply(this, args);
    } as IDBDatabase['transaction'];
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'jobs' && !seen.has(this.transaction)) {
        seen.add(this.transaction);
        stats.jobWrites++;
      }
      return put.apply(this, args);
    };
  });
}

async function readTransactions(worker: Worker): Promise<TxStats> {
  return worker.evaluate(() => {
    const stats = (globalThis as unknown as { __benchTx: TxStats }).__benchTx;
    const copy = { ...stats };
    stats.transactions = 0;
    stats.jobWrites = 0;
    return copy;
  });
}

export async function measureSync(session: BenchSession, jobs: number, runs: number, latencyMs = 0, warmUp = true): Promise<SyncResult> {
  session.sandbox.state.setFaults({ latencyMs });
  try {
    return await measure(session, jobs, runs, latencyMs, warmUp);
  } finally {
    session.sandbox.state.setFaults({ latencyMs: 0 });
  }
}

async function measure(session: BenchSession, jobs: number, runs: number, latencyMs: number, warmUp: boolean): Promise<SyncResult> {
  const pagesFetched = () => session.sandbox.state.getStats().requests.byRoute['GET /api/v1/jobs'] ?? 0;
  const sync: number[] = [];
  const raw: number[] = [];
  const ratios: number[] = [];
  let pages = 0;
  let jobWrites = 0;
  let transactions = 0;
  let syncedPages = 0;
  for (let i = warmUp ? 0 : 1; i <= runs; i++) {
    await session.syncIdle();
    await session.send('clearCache', { scope: 'all' });
    // Whatever the clearing set off (badge, index) settles before the clock starts.
    await sleep(200);
    const worker = await session.worker();
    await countTransactions(worker);
    await readTransactions(worker);
    const before = pagesFetched();
    const timed = await session.control.evaluate(async (channel) => {
      const started = performance.now();
      const answer = (await (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ channel, type: 'refresh', payload: {} })) as {
        ok: boolean;
        data?: { status: string; jobCount: number };
      };
      return { ms: performance.now() - started, status: answer.data?.status, jobCount: answer.data?.jobCount };
    }, 'job-status-companion/v1');
    if (timed.status !== 'ok' || timed.jobCount !== jobs) throw new Error(`sync ended ${timed.status} with ${timed.jobCount} jobs`);
    const tx = await readTransactions(worker);
    const runPages = pagesFetched() - before;
    await sleep(300);

    const fetched = await worker.evaluate(async (origin) => {
      const started = performance.now();
      let cursor: string | null = null;
      let count = 0;
      let pageCount = 0;
      do {
        const query = new URLSearchParams({ limit: '500' });
        if (cursor) query.set('cursor', cursor);
        // As the adapter asks: the session cookie, no HTTP cache, text then JSON.parse.
        const response = await fetch(`${origin}/api/v1/jobs?${query}`, { credentials: 'include', cache: 'no-store', headers: { Accept: 'application/json' } });
        const body = JSON.parse(await response.text()) as { jobs: unknown[]; nextCursor: string | null };
        cursor = body.nextCursor;
        count += body.jobs.length;
        pageCount++;
      } while (cursor !== null);
      return { ms: performance.now() - started, count, pageCount };
    }, session.sandbox.url);
    if (fetched.count !== jobs) throw new Error(`raw fetch saw ${fetched.count} jobs`);
    // The first round warms both paths up and is not counted.
    if (i === 0) continue;
    sync.push(timed.ms);
    raw.push(fetched.ms);
    ratios.push(timed.ms / fetched.ms);
    pages = fetched.pageCount;
    jobWrites += tx.jobWrites;
    transactions += tx.transactions;
    syncedPages += runPages;
  }
  const ratio = summarize(ratios).median;
  return {
    jobs,
    latencyMs,
    pages,
    sync: summarize(sync),
    raw: summarize(raw),
    ratio,
    jobWriteTransactionsPerPage: jobWrites / syncedPages,
    transactionsPerPage: transactions / syncedPages,
  };
}
