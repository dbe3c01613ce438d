import { describe, expect, it } from 'vitest';
import { createListStore, PAGE_SIZE, toJobQuery } from '../../../entrypoints/popup/list-store';
import { fakeBackground, manyJobs } from './fake-background';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('list store', () => {
  it('maps the filter to the query', () => {
    expect(toJobQuery({ query: 'x', filter: 'attention', sort: 'name' })).toEqual({ query: 'x', status: null, attention: true, sort: 'name' });
    expect(toJobQuery({ query: '', filter: 'selling', sort: 'updated' })).toEqual({ query: '', status: 'selling', attention: false, sort: 'updated' });
  });

  it('fetches only the pages a visible range needs, once', async () => {
    const bg = fakeBackground(manyJobs(1000));
    const list = createListStore(bg.deps);
    await list.reload();
    list.showRange(120, 160);
    list.showRange(120, 160);
    await flush();
    const offsets = bg.calls('getJobs').map((q) => q.offset);
    expect(offsets).toEqual([0, 2 * PAGE_SIZE, 3 * PAGE_SIZE]);
    expect(list.state.value.rows.get(150)?.name).toBe('Job 00150');
  });

  it('drops answers to older criteria', async () => {
    const bg = fakeBackground(manyJobs(100));
    const list = createListStore(bg.deps);
    const slow = list.setCriteria({ query: 'Job 0000' });
    const fast = list.setCriteria({ query: 'Job 00042' });
    await Promise.all([slow, fast]);
    expect(list.state.value.total).toBe(1);
    expect(list.state.value.rows.get(0)?.id).toBe('job-00042');
  });

  it('revalidates the rows on screen in one request, keeping the window', async () => {
    const bg = fakeBackground(manyJobs(1000));
    const list = createListStore(bg.deps);
    await list.reload();
    list.showRange(500, 510);
    await flush();
    await list.revalidate();
    const last = bg.calls('getJobs').at(-1)!;
    expect(last.offset).toBeLessThanOrEqual(475);
    expect((last.offset ?? 0) + (last.limit ?? 0)).toBeGreaterThanOrEqual(535);
    expect(list.state.value.rows.get(505)?.name).toBe('Job 00505');
    expect(list.state.value.rows.has(0)).toBe(false);
  });

  it('reports a failed request', async () => {
    const bg = fakeBackground();
    bg.handlers.getJobs = () => {
      throw new Error('background gone');
    };
    const list = createListStore(bg.deps);
    await list.reload();
    expect(list.state.value).toMatchObject({ ready: true, error: 'background gone' });
  });
});
