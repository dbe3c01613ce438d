/**
 * The end of a full sync removes the jobs it did not see. Measured in the real extension's
 * IndexedDB (the service worker's, with 10,000 synced jobs): 500 jobs are marked unseen (a lower
 * generation, not timed), then removed by each way of doing it, and put back (not timed). M2.5 #6's
 * candidates: lib/cache/cache.ts `removeStaleJobs` did `keys+deletes, strict` and does
 * `keys+deletes, relaxed` since; an index cursor was slower.
 */
import { DEFAULT_DB_NAME } from '../../lib/cache/schema';
import type { BenchSession } from '../lib/session';
import { summarize, type Summary } from '../lib/stats';

export const STALE_DELETE_WAYS = ['keys+deletes, strict', 'keys+deletes, relaxed', 'index cursor, relaxed'] as const;
export type StaleDeleteWay = (typeof STALE_DELETE_WAYS)[number];

export interface StaleDeleteResult {
  jobs: number;
  stale: number;
  ms: Record<StaleDeleteWay, Summary>;
}

export async function measureStaleDelete(session: BenchSession, jobs: number, stale: number, runs: number): Promise<StaleDeleteResult> {
  await session.syncIdle();
  const partition = await session.partition();
  const worker = await session.worker();
  const ms = Object.fromEntries(STALE_DELETE_WAYS.map((way) => [way, [] as number[]])) as Record<StaleDeleteWay, number[]>;
  for (let run = 0; run < runs; run++) {
    for (const way of STALE_DELETE_WAYS) {
      const took = await worker.evaluate(
        async ({ dbName, partition, stale, way }) => {
          const request = (r: IDBRequest) => new Promise<unknown>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
          const done = (tx: IDBTransaction) => new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = tx.onabort = () => reject(tx.error))));
          const db = (await request(indexedDB.open(dbName))) as IDBDatabase;
          try {
            const range = IDBKeyRange.bound([partition], [partition, []]);
            const setup = db.transaction('jobs', 'readwrite');
            const all = (await request(setup.objectStore('jobs').getAll(range, stale))) as { gen: number; status: string }[];
            const gen = Math.max(...all.map((record) => record.gen), 1);
            for (const record of all) setup.objectStore('jobs').put({ ...record, gen: gen - 1 });
            await done(setup);

            const started = performance.now();
            const tx = db.transaction('jobs', 'readwrite', { durability: way.endsWith('strict') ? 'strict' : 'relaxed' });
            const store = tx.objectStore('jobs');
            const index = store.index('byStatusGen');
            const statuses = ['planning', 'prepay', 'selling', 'archived'];
            const ranges = statuses.map((status) => IDBKeyRange.bound([partition, status, -Infinity], [partition, status, gen], false, true));
            let removed = 0;
            if (way.startsWith('keys')) {
              const keys = (await Promise.all(ranges.map((r) => request(index.getAllKeys(r))))).flat() as IDBValidKey[];
              for (const key of keys) store.delete(key);
              removed = keys.length;
            } else {
              await Promise.all(
                ranges.map(
                  (r) =>
                    new Promise<void>((resolve, reject) => {
                      const cursorRequest = index.openKeyCursor(r);
                      cursorRequest.onerror = () => reject(cursorRequest.error);
                      cursorRequest.onsuccess = () => {
                        const cursor = cursorRequest.result;
                        if (!cursor) return resolve();
                        store.delete(cursor.primaryKey);
                        removed += 1;
                        cursor.continue();
                      };
                    }),
                ),
              );
            }
            await done(tx);
            const took = performance.now() - started;
            if (removed !== all.length) throw new Error(`${way}: removed ${removed} of ${all.length}`);

            const restore = db.transaction('jobs', 'readwrite');
            for (const record of all) restore.objectStore('jobs').put({ ...record, gen });
            await done(restore);
            return took;
          } finally {
            db.close();
          }
        },
        { dbName: DEFAULT_DB_NAME, partition, stale, way },
      );
      ms[way].push(took);
    }
  }
  return { jobs, stale, ms: Object.fromEntries(STALE_DELETE_WAYS.map((way) => [way, summarize(ms[way])])) as Record<StaleDeleteWay, Summary> };
}
