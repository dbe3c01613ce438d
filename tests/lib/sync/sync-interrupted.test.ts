import { afterEach, describe, expect, it } from 'vitest';
import { createTestBackground, type TestBackground } from '../background/helpers';

let bg: TestBackground;
afterEach(async () => {
  await bg?.close();
});

describe('a sync the worker never finished', () => {
  it('is not shown as syncing by a worker where no sync runs, and the next sync finishes it', async () => {
    bg = await createTestBackground({ jobs: 40 });
    await bg.app.sync();
    const { partition } = await bg.app.current();
    const record = (await bg.cache.getSync(partition!))!;
    // What a worker stopped in the middle of a sync leaves in the cache.
    await bg.cache.putSync({ ...record, status: 'syncing' });
    expect((await bg.app.syncView()).status).toBe('ok');
    await bg.cache.putSync({ ...record, status: 'syncing', lastSuccessAt: null, lastError: null });
    expect((await bg.app.syncView()).status).toBe('never');
    await bg.cache.putSync({ ...record, status: 'syncing', lastError: { kind: 'network', message: 'offline', at: new Date().toISOString() } });
    expect((await bg.app.syncView()).status).toBe('error');

    const running = bg.app.sync();
    expect(await running).toMatchObject({ status: 'ok', jobCount: 40 });
  });
});
