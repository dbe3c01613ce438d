import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attentionSummary } from '../../../lib/core/attention';
import type { Job } from '../../../lib/core/types';
import { JobIndex, JobIndexHolder, refines } from '../../../lib/sync/job-index';
import { BASE_NOW, makeAccount, makeJob } from '../core/factories';

const account = makeAccount();
const NAMES = ['Goethe Gymnasium 2026', 'Grundschule Müller', 'Kita Sonnenschein', 'OBS De Linde 26', 'Roosevelt Fall 2027', 'Westside Soccer'];
const STATUSES = ['planning', 'prepay', 'selling', 'archived'] as const;

function jobs(count: number, seed = 0): Job[] {
  return Array.from({ length: count }, (_, i) =>
    makeJob({
      id: String(100_000 + i),
      name: `${NAMES[(i + seed) % NAMES.length]} ${i}`,
      status: STATUSES[(i * 7 + seed) % 4],
      updatedAt: new Date(Date.UTC(2025, 5, 1) + ((i * 37) % 500) * 60_000).toISOString(),
      priceList: i % 3 === 0 ? null : { id: 'p', name: 'Prices' },
    }),
  );
}

describe('remembered searches in the job index', () => {
  it('answer every query in a session exactly as a fresh index would, through edits of the jobs', () => {
    const query = fc.record({
      query: fc.constantFrom('', 'g', 'go', 'goe', 'goethe', 'goethe 2', 'l', 'li', 'linde', 'linde 26', 'ü', 'muller', '10000', '1000', '2027 fall'),
      status: fc.constantFrom(undefined, null, 'selling', 'archived'),
      attention: fc.constantFrom(undefined, true),
      sort: fc.constantFrom(undefined, 'updated', 'name'),
      offset: fc.constantFrom(0, 3),
      limit: fc.constantFrom(5, 50),
    } as const);
    const step = fc.oneof(
      query.map((q) => ({ kind: 'query' as const, q })),
      fc.nat(59).map((i) => ({ kind: 'rename' as const, i })),
      fc.nat(59).map((i) => ({ kind: 'remove' as const, i })),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        let current = jobs(60);
        const index = new JobIndex(current);
        for (const s of steps) {
          if (s.kind === 'query') {
            const fresh = new JobIndex(current).query(s.q, account, BASE_NOW, {});
            expect(index.query(s.q, account, BASE_NOW, {})).toEqual(fresh);
          } else if (s.kind === 'rename') {
            const job = current[s.i % current.length];
            if (!job) continue;
            const renamed = { ...job, name: `Renamed goethe ${s.i}`, version: job.version + 1 };
            current = current.map((j) => (j.id === job.id ? renamed : j));
            index.upsert([renamed]);
          } else {
            const job = current[s.i % current.length];
            if (!job) continue;
            current = current.filter((j) => j.id !== job.id);
            index.remove([job.id]);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('narrows only what a longer query can match', () => {
    expect(refines(['goe'], ['go'])).toBe(true);
    expect(refines(['linde', '26'], ['linde'])).toBe(true);
    expect(refines(['linde'], ['linde', '26'])).toBe(false);
    expect(refines(['g'], ['go'])).toBe(false);
    expect(refines(['ab'], [])).toBe(true);
  });

  it('counts attention from its cache as lib/core does from scratch', () => {
    const list = jobs(40);
    expect(new JobIndex(list).attentionSummary(account, BASE_NOW, {})).toEqual(attentionSummary(list, account, BASE_NOW, {}));
  });
});

describe('the index holder', () => {
  function deferred<T>() {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    return { promise, resolve };
  }

  it('shares one load among concurrent readers and replays changes made while it loads', async () => {
    const list = jobs(5);
    const gate = deferred<Job[]>();
    let loads = 0;
    const holder = new JobIndexHolder(() => {
      loads += 1;
      return gate.promise;
    });
    const first = holder.get('p');
    const second = holder.get('p');
    expect(holder.peek('p')).toBeNull();
    // A sync page written after the load read its snapshot.
    const renamed = { ...list[0]!, name: 'Written meanwhile' };
    holder.upsert('p', [renamed]);
    holder.remove('p', [list[1]!.id]);
    gate.resolve(list);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
    expect(a.get(list[0]!.id)?.name).toBe('Written meanwhile');
    expect(a.get(list[1]!.id)).toBeUndefined();
    expect(holder.peek('p')).toBe(a);
    expect(holder.peek('other')).toBeNull();
  });

  it('never installs a load that was invalidated meanwhile, and loads again on the next read', async () => {
    const gate = deferred<Job[]>();
    let loads = 0;
    const holder = new JobIndexHolder((): Promise<Job[]> => {
      loads += 1;
      return loads === 1 ? gate.promise : Promise.resolve(jobs(2));
    });
    const stale = holder.get('p');
    holder.invalidate('p'); // e.g. a full sync removed jobs the snapshot may still hold
    gate.resolve(jobs(5));
    expect((await stale).size).toBe(5);
    expect(holder.peek('p')).toBeNull();
    expect((await holder.get('p')).size).toBe(2);
    expect(loads).toBe(2);
  });

  it('forgets a failed load so the next read tries again', async () => {
    let loads = 0;
    const holder = new JobIndexHolder(async () => {
      loads += 1;
      if (loads === 1) throw new Error('worker shutting down');
      return jobs(3);
    });
    await expect(holder.get('p')).rejects.toThrow('worker shutting down');
    expect((await holder.get('p')).size).toBe(3);
  });
});
