import { IDBFactory } from 'fake-indexeddb';
import type { IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_VERSION, UPGRADES, openCacheDatabase, openJobCache, type JobCache } from '../../../lib/cache';
import { searchKey } from '../../../lib/core/search';
import { makeJob } from '../core/factories';
import { ORIGIN_A, P_A1, P_A2, makeSync, openTestCache } from './helpers';

/**
 * Schema upgrades. Every released version N has a fixture: data written the way version N wrote
 * it (raw puts in that version's record shape, never through today's JobCache) and a check of
 * what today's code must read back. A database is built at version N by running the released
 * steps UPGRADES[0..N), seeded, closed, then opened with today's code.
 *
 * Adding version N + 1: append its step to UPGRADES, add `N + 1` to EXPECTED_SCHEMA's history
 * below and a fixture for it. The fixture of version N then tests the upgrade N → N + 1.
 */

interface Fixture {
  seed(db: IDBPDatabase): Promise<void>;
  check(cache: JobCache): Promise<void>;
}

const V1_JOB = makeJob({ id: 'job-v1', name: 'Müller Grundschule', status: 'selling', updatedAt: '2025-06-10T00:00:00.000Z' });
const V1_OLDER_JOB = makeJob({ id: 'job-v1-older', status: 'archived', updatedAt: '2025-06-01T00:00:00.000Z' });
const V2_JOB = makeJob({ id: 'job-v2', status: 'prepay', updatedAt: '2025-07-01T00:00:00.000Z' });

/** The stores other than `jobs`, as versions 1 and 2 wrote them. */
async function seedV1Stores(db: IDBPDatabase): Promise<void> {
  await db.put('sync', makeSync(P_A1, { gen: 2, phase: 'incremental', status: 'ok' }));
  await db.put('meta', P_A1, `current:${ORIGIN_A}`);
  await db.put('meta', 7, 'bulkSeq');
  await db.put('bulks', {
    id: 'bulk-v1',
    partition: P_A1,
    createdAt: '2025-06-10T00:00:00.000Z',
    seq: 7,
    target: 'archived',
    includeCritical: false,
    state: 'paused',
    resumeAt: '2025-06-10T00:01:00.000Z',
    origin: null,
  });
  await db.put('bulkEntries', {
    bulkId: 'bulk-v1',
    jobId: V1_JOB.id,
    name: V1_JOB.name,
    from: 'selling',
    to: 'archived',
    expectedVersion: 1,
    state: 'in-flight',
    attempt: 1,
    idempotencyKey: 'bulk-v1:job-v1:1',
    reason: null,
    updatedAt: '2025-06-10T00:00:30.000Z',
  });
  await db.add('activity', {
    partition: P_A1,
    at: '2025-06-09T00:00:00.000Z',
    origin: ORIGIN_A,
    accountId: 'acc-1',
    jobId: V1_JOB.id,
    jobName: V1_JOB.name,
    from: 'prepay',
    to: 'selling',
    result: 'done',
    reason: null,
    bulkId: null,
  });
}

async function checkV1Stores(cache: JobCache): Promise<void> {
  expect(await cache.getSync(P_A1)).toMatchObject({ gen: 2, phase: 'incremental', status: 'ok' });
  expect(await cache.getCurrentPartition(ORIGIN_A)).toBe(P_A1);
  expect((await cache.listUnfinishedBulks()).map((bulk) => bulk.id)).toEqual(['bulk-v1']);
  expect(await cache.getBulkEntriesByState('bulk-v1', 'in-flight')).toHaveLength(1);
  expect(await cache.nextBulkSeq()).toBe(8);
  expect(await cache.listActivity(P_A1, 10)).toEqual([expect.objectContaining({ id: 1, jobId: V1_JOB.id })]);
}

const FIXTURES: Record<number, Fixture> = {
  1: {
    async seed(db) {
      for (const [job, gen] of [[V1_JOB, 2], [V1_OLDER_JOB, 1]] as const) {
        await db.put('jobs', {
          partition: P_A1,
          id: job.id,
          job,
          search: searchKey(job),
          status: job.status,
          updatedAt: job.updatedAt,
          gen,
        });
      }
      await seedV1Stores(db);
    },
    async check(cache) {
      expect(await cache.getJobs(P_A1)).toEqual([V1_JOB, V1_OLDER_JOB]);
      expect(await cache.getJobs(P_A2)).toEqual([]);
      expect(await cache.countJobs(P_A1)).toBe(2);
      expect(await cache.getNewestJobs(P_A1, 1)).toEqual([V1_JOB]);
      // Answered by the index version 2 built over the jobs version 1 stored.
      expect(await cache.countJobsByStatus(P_A1)).toEqual({ planning: 0, prepay: 0, selling: 1, archived: 1 });
      expect(await cache.removeStaleJobs(P_A1, 2)).toBe(1);
      expect(await cache.getJobs(P_A1)).toEqual([V1_JOB]);
      await checkV1Stores(cache);
    },
  },
  2: {
    async seed(db) {
      await db.put('jobs', { partition: P_A1, id: V2_JOB.id, job: V2_JOB, status: V2_JOB.status, updatedAt: V2_JOB.updatedAt, gen: 2 });
      await seedV1Stores(db);
    },
    async check(cache) {
      expect(await cache.getJobs(P_A1)).toEqual([V2_JOB]);
      expect(await cache.getJobs(P_A2)).toEqual([]);
      expect(await cache.countJobs(P_A1)).toBe(1);
      expect(await cache.getNewestJobs(P_A1, 1)).toEqual([V2_JOB]);
      expect(await cache.countJobsByStatus(P_A1)).toEqual({ planning: 0, prepay: 1, selling: 0, archived: 0 });
      expect(await cache.removeStaleJobs(P_A1, 2)).toBe(0);
      expect(await cache.removeStaleJobs(P_A1, 3)).toBe(1);
      await checkV1Stores(cache);
    },
  },
};

type SchemaShape = Record<
  string,
  { keyPath: unknown; autoIncrement: boolean; indexes: Record<string, { keyPath: unknown; unique: boolean; multiEntry: boolean }> }
>;

const EXPECTED_SCHEMA: SchemaShape = {
  activity: {
    keyPath: 'id',
    autoIncrement: true,
    indexes: { byPartitionAt: { keyPath: ['partition', 'at'], unique: false, multiEntry: false } },
  },
  bulkEntries: {
    keyPath: ['bulkId', 'jobId'],
    autoIncrement: false,
    indexes: {
      byBulk: { keyPath: 'bulkId', unique: false, multiEntry: false },
      byBulkState: { keyPath: ['bulkId', 'state'], unique: false, multiEntry: false },
    },
  },
  bulks: {
    keyPath: 'id',
    autoIncrement: false,
    indexes: {
      byPartition: { keyPath: 'partition', unique: false, multiEntry: false },
      byState: { keyPath: 'state', unique: false, multiEntry: false },
    },
  },
  jobs: {
    keyPath: ['partition', 'id'],
    autoIncrement: false,
    indexes: {
      byStatusGen: { keyPath: ['partition', 'status', 'gen'], unique: false, multiEntry: false },
      byUpdated: { keyPath: ['partition', 'updatedAt'], unique: false, multiEntry: false },
    },
  },
  meta: { keyPath: null, autoIncrement: false, indexes: {} },
  sync: { keyPath: 'partition', autoIncrement: false, indexes: {} },
};

/** Builds a database the way an extension of `version` did, with that version's data. */
async function createAtVersion(factory: IDBFactory, name: string, version: number, seed?: Fixture['seed']): Promise<void> {
  const db = await openCacheDatabase(factory, name, version);
  await seed?.(db as unknown as IDBPDatabase);
  db.close();
}

async function readSchema(factory: IDBFactory, name: string): Promise<{ version: number; stores: SchemaShape }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction([...db.objectStoreNames], 'readonly');
  const stores: SchemaShape = {};
  for (const storeName of [...db.objectStoreNames].sort()) {
    const store = tx.objectStore(storeName);
    const indexes: SchemaShape[string]['indexes'] = {};
    for (const indexName of [...store.indexNames].sort()) {
      const index = store.index(indexName);
      indexes[indexName] = { keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
    }
    stores[storeName] = { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
  }
  const version = db.version;
  db.close();
  return { version, stores };
}

let cache: JobCache | undefined;
afterEach(() => cache?.close());

describe('schema', () => {
  it('has one upgrade step per version', () => {
    expect(DB_VERSION).toBe(2);
    expect(UPGRADES).toHaveLength(DB_VERSION);
  });

  it('has a data fixture for every released version', () => {
    expect(Object.keys(FIXTURES).map(Number)).toEqual(Array.from({ length: DB_VERSION }, (_, i) => i + 1));
  });

  it('creates every store and index on a fresh install (upgrade from version 0)', async () => {
    const opened = await openTestCache();
    opened.cache.close();
    expect(await readSchema(opened.factory, opened.name)).toEqual({ version: DB_VERSION, stores: EXPECTED_SCHEMA });
  });

  it('reaches the same schema one version at a time as on a fresh install', async () => {
    const factory = new IDBFactory();
    for (let version = 1; version <= DB_VERSION; version++) await createAtVersion(factory, 'stepwise', version);
    cache = await openJobCache({ name: 'stepwise', idbFactory: factory });
    cache.close();
    expect(await readSchema(factory, 'stepwise')).toEqual({ version: DB_VERSION, stores: EXPECTED_SCHEMA });
  });

  it('refuses to build a version it has no steps for', async () => {
    await expect(openCacheDatabase(new IDBFactory(), 'x', DB_VERSION + 1)).rejects.toThrow(RangeError);
    await expect(openCacheDatabase(new IDBFactory(), 'x', 0)).rejects.toThrow(RangeError);
  });
});

describe.each(Object.entries(FIXTURES).map(([version, fixture]) => [Number(version), fixture] as const))(
  'a database written by version %i',
  (version, fixture) => {
    it(`opens at version ${DB_VERSION} with its data intact`, async () => {
      const factory = new IDBFactory();
      await createAtVersion(factory, 'existing', version, fixture.seed);

      cache = await openJobCache({ name: 'existing', idbFactory: factory });
      await fixture.check(cache);
      cache.close();
      expect((await readSchema(factory, 'existing')).stores).toEqual(EXPECTED_SCHEMA);
    });

    it('keeps its data over repeated opens (no step runs twice)', async () => {
      const factory = new IDBFactory();
      await createAtVersion(factory, 'reopened', version, fixture.seed);
      (await openJobCache({ name: 'reopened', idbFactory: factory })).close();

      cache = await openJobCache({ name: 'reopened', idbFactory: factory });
      await fixture.check(cache);
    });
  },
);

describe('other versions', () => {
  it('fails to open a database of a newer version instead of touching it', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve, reject) => {
      const request = factory.open('newer', DB_VERSION + 1);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    await expect(openJobCache({ name: 'newer', idbFactory: factory })).rejects.toMatchObject({ name: 'VersionError' });
  });

  it('closes its connection when a newer version wants to open, instead of blocking it', async () => {
    const opened = await openTestCache();
    cache = opened.cache;
    const outcome = await new Promise<string>((resolve) => {
      const request = opened.factory.open(opened.name, DB_VERSION + 1);
      request.onblocked = () => resolve('blocked');
      request.onsuccess = () => {
        request.result.close();
        resolve('opened');
      };
      request.onerror = () => resolve('error');
    });
    expect(outcome).toBe('opened');
  });
});
