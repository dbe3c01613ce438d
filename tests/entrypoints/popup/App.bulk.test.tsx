// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BulkJobResult } from '../../../lib/messaging/protocol';
import { makeJob } from '../../lib/core/factories';
import { fakeBackground, manyJobs } from './fake-background';
import { renderPopup, rows } from './render';

afterEach(cleanup);

const check = (row: HTMLElement) => row.querySelector<HTMLElement>('.pop-row__check')!;

describe('selection', () => {
  it('checkbox per row, shift-click ranges, and the bulk bar with the allowed actions', async () => {
    const bg = fakeBackground(manyJobs(12));
    await renderPopup(bg);
    fireEvent.click(check(rows()[1]!));
    expect(rows()[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.click(check(rows()[4]!), { shiftKey: true });
    await waitFor(() => expect(rows().filter((row) => row.getAttribute('aria-selected') === 'true')).toHaveLength(4));
    const bar = screen.getByRole('region', { name: 'Selected jobs' });
    expect(within(bar).getByText('4 selected')).toBeTruthy();
    // Rows 1–4: selling, archived, prepay, planning; prepay needs the feature, so no "To Prepay".
    expect(within(bar).getAllByRole('button').map((b) => b.textContent)).toEqual(['Clear selection', 'To Planning', 'Start selling', 'Archive']);
    fireEvent.click(within(bar).getByRole('button', { name: 'Clear selection' }));
    expect(screen.queryByRole('region', { name: 'Selected jobs' })).toBeNull();
  });

  it('"select all" asks for every filtered job only when asked', async () => {
    const bg = fakeBackground(manyJobs(300));
    await renderPopup(bg);
    expect(bg.calls('getJobs').every((q) => (q.limit ?? 0) <= 100)).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Select all 300' }));
    await waitFor(() => expect(screen.getByText('300 selected')).toBeTruthy());
    expect(bg.calls('getJobs').at(-1)).toMatchObject({ offset: 0, limit: 20_000 });
  });
});

describe('bulk change', () => {
  async function preview() {
    const jobs = [
      makeJob({ id: 'a', name: 'Alpha' }),
      makeJob({ id: 'b', name: 'Bravo', priceList: null }),
      makeJob({ id: 'c', name: 'Charlie', status: 'selling' }),
    ];
    const bg = fakeBackground(jobs);
    const rendered = await renderPopup(bg);
    fireEvent.click(screen.getByRole('button', { name: 'Select all 3' }));
    await waitFor(() => expect(screen.getByText('3 selected')).toBeTruthy());
    fireEvent.click(within(screen.getByRole('region', { name: 'Selected jobs' })).getByRole('button', { name: 'Start selling' }));
    await waitFor(() => expect(document.querySelector('[data-view="bulk-preview"]')).not.toBeNull());
    return { bg, ...rendered };
  }

  it('previews: will change, skipped with reasons, critical items to include or skip, campaign emails', async () => {
    const { bg } = await preview();
    expect(bg.calls('previewBulk')).toEqual([{ jobIds: ['a', 'b', 'c'], target: 'selling' }]);
    const view = document.querySelector<HTMLElement>('[data-view="bulk-preview"]')!;
    expect(view.textContent).toContain('2will change');
    expect(view.textContent).toContain('1skipped');
    expect(view.textContent).toContain('1critical items missing');
    expect(within(view).getByText('Skipped (1)')).toBeTruthy();
    expect(view.textContent).toContain('CharlieThe job is already Selling.');
    expect(view.textContent).toContain('BravoPrice list assigned');
    expect(within(view).getByText(/1 of these jobs may send/)).toBeTruthy();
    expect(within(view).getByRole('button', { name: 'Change 1 job' })).toBeTruthy();
    fireEvent.click(within(view).getByRole('radio', { name: 'Change them anyway' }));
    expect(within(view).getByText(/2 of these jobs may send/)).toBeTruthy();
    expect(within(view).getByRole('button', { name: 'Change 2 jobs' })).toBeTruthy();
  });

  it('runs, shows progress from broadcasts, then results with retry, undo and the failures', async () => {
    const { bg, store } = await preview();
    fireEvent.click(screen.getByRole('radio', { name: 'Change them anyway' }));
    fireEvent.click(screen.getByRole('button', { name: 'Change 2 jobs' }));
    await waitFor(() => expect(document.querySelector('[data-view="bulk"]')).not.toBeNull());
    expect(bg.calls('startBulk')).toEqual([{ jobIds: ['a', 'b', 'c'], target: 'selling', includeCritical: true }]);
    expect(store.selection.selected.value.size).toBe(0);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1');

    const result = (jobId: string, state: BulkJobResult['state'], reason: string | null = null): BulkJobResult => ({
      jobId,
      name: jobId.toUpperCase(),
      from: 'planning',
      to: 'selling',
      state,
      attempt: 1,
      reason,
    });
    bg.emit({ event: 'bulkProgress', bulk: bg.bulkView('selling', [result('a', 'done'), result('b', 'in-flight'), result('c', 'skipped', 'already selling')]) });
    await waitFor(() => expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('2'));
    expect(screen.getByRole('button', { name: 'Cancel the rest' })).toBeTruthy();

    bg.emit({
      event: 'bulkProgress',
      bulk: bg.bulkView('selling', [result('a', 'done'), result('b', 'failed', 'The admin site answered 403.'), result('c', 'skipped', 'already selling')], 'done'),
    });
    await waitFor(() => expect(screen.getByText('Finished')).toBeTruthy());
    expect(screen.getByRole('region', { name: 'Need a look (1)' }).textContent).toContain('The admin site answered 403.');

    bg.handlers.retryBulk = () => ({ ...bg.bulkView('selling', [result('b', 'pending')]), id: 'bulk-2', origin: { kind: 'retry', bulkId: 'bulk-1' } });
    bg.handlers.undoBulk = () => ({ ...bg.bulkView('planning', [result('a', 'pending')]), id: 'bulk-3', origin: { kind: 'undo', bulkId: 'bulk-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(bg.deps.copy).toHaveBeenCalledWith('B (b): The admin site answered 403.');
    fireEvent.click(screen.getByRole('button', { name: 'CSV' }));
    expect(vi.mocked(bg.deps.download).mock.calls[0]?.[0]).toBe('bulk-failures-2025-06-15.csv');
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(bg.calls('undoBulk')).toEqual([{ bulkId: 'bulk-1' }]));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Undo of a bulk change' })).toBeTruthy());
  });

  it('retry sends the failed bulk id', async () => {
    const bg = fakeBackground([makeJob({ id: 'a' })]);
    const done = { ...bg.bulkView('selling', [{ jobId: 'a', name: 'A', from: 'planning', to: 'selling', state: 'failed', attempt: 6, reason: 'x' }], 'done') };
    bg.handlers.getBulk = () => done;
    bg.handlers.retryBulk = () => ({ ...done, id: 'bulk-2', state: 'running', origin: { kind: 'retry', bulkId: 'bulk-1' } });
    await renderPopup(bg);
    // A finished bulk the user has not closed shows as a strip under the list.
    fireEvent.click(await screen.findByText('Bulk change finished: 0 changed, 1 need a look'));
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed' }));
    await waitFor(() => expect(bg.calls('retryBulk')).toEqual([{ bulkId: 'bulk-1' }]));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Retry: change to Selling' })).toBeTruthy());
  });

  it('a running bulk shows again when the popup opens, and its closed results stay closed', async () => {
    const bg = fakeBackground([makeJob({ id: 'a' })]);
    const running = bg.bulkView('archived', [{ jobId: 'a', name: 'A', from: 'planning', to: 'archived', state: 'pending', attempt: 0, reason: null }]);
    bg.handlers.getBulk = () => running;
    const first = await renderPopup(bg, { waitForRows: false });
    await waitFor(() => expect(document.querySelector('[data-view="bulk"]')).not.toBeNull());
    expect(screen.getByText('0 of 1 done')).toBeTruthy();
    first.store.dispose();
    cleanup();

    const finished = { ...running, state: 'done' as const, counts: { ...running.counts, pending: 0, done: 1 } };
    bg.handlers.getBulk = () => finished;
    const second = await renderPopup(bg);
    fireEvent.click(await screen.findByRole('button', { name: 'Close the results' }));
    expect(bg.prefs.value).toMatchObject({ dismissedBulkId: 'bulk-1' });
    second.store.dispose();
    cleanup();

    await renderPopup(bg);
    await waitFor(() => expect(bg.calls('getBulk').length).toBeGreaterThanOrEqual(3));
    expect(screen.queryByText(/Bulk change finished/)).toBeNull();
  });
});
