// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAGE_SIZE } from '../../../entrypoints/popup/list-store';
import { BASE_NOW, makeAccount, makeJob } from '../../lib/core/factories';
import { fakeBackground, manyJobs, ORIGIN } from './fake-background';
import { renderPopup, rows } from './render';

afterEach(cleanup);

describe('popup list', () => {
  it('paints the stored first screen while its first answer is on the way, then the answer', async () => {
    const bg = fakeBackground(manyJobs(3));
    const stored = makeJob({ id: 'stored-1', name: 'From the first screen' });
    bg.firstScreen.value = {
      version: 1,
      query: { status: null, attention: false, sort: 'updated', limit: PAGE_SIZE },
      result: { jobs: [stored], total: 1, counts: { all: 1, attention: 0, planning: 1, prepay: 0, selling: 0, archived: 0 }, account: makeAccount(), now: BASE_NOW.toISOString() },
      checklist: {},
    };
    let answer: () => void = () => {};
    const real = bg.handlers.getJobs!;
    bg.handlers.getJobs = (query) => new Promise((resolve) => (answer = () => resolve(real(query))));
    await renderPopup(bg);
    expect(rows().map((row) => row.getAttribute('data-job-id'))).toEqual(['stored-1']);
    expect(screen.getByText('1 job')).toBeTruthy();
    answer();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.queryByText('From the first screen')).toBeNull();
  });

  it('does not paint a first screen of other criteria, and never over the answer', async () => {
    const bg = fakeBackground(manyJobs(3));
    bg.prefs.value = { filter: 'selling', sort: 'updated', dismissedBulkId: null };
    bg.firstScreen.value = {
      version: 1,
      query: { status: null, attention: false, sort: 'updated', limit: PAGE_SIZE },
      result: { jobs: [makeJob({ id: 'stored-1' })], total: 1, counts: { all: 1, attention: 0, planning: 1, prepay: 0, selling: 0, archived: 0 }, account: makeAccount(), now: BASE_NOW.toISOString() },
      checklist: {},
    };
    let answer: () => void = () => {};
    const real = bg.handlers.getJobs!;
    bg.handlers.getJobs = (query) => new Promise((resolve) => (answer = () => resolve(real(query))));
    await renderPopup(bg, { waitForRows: false });
    await waitFor(() => expect(bg.deps.loadFirstScreen).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The stored screen is the unfiltered list: the selling list waits for its answer instead.
    expect(rows()).toHaveLength(0);
    answer();
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().map((row) => row.getAttribute('data-job-id'))).not.toContain('stored-1');
  });

  it('paints the first page from one getJobs, then revalidates in the background', async () => {
    const bg = fakeBackground(manyJobs(120));
    await renderPopup(bg);
    expect(bg.calls('getJobs')[0]).toMatchObject({ offset: 0, limit: PAGE_SIZE, sort: 'updated' });
    await waitFor(() => expect(bg.calls('refresh')).toEqual([{ ifOlderThanMs: 30_000 }]));
    expect(screen.getByText('120 jobs')).toBeTruthy();
  });

  it('shows name, organisation, ID, status, checklist summary and the archive countdown', async () => {
    const bg = fakeBackground([
      makeJob({ id: 'job-a', name: 'Closing soon', organization: 'Hill School', status: 'selling', archiving: { deadline: '2025-06-18' }, coupon: { enabled: false } }),
    ]);
    await renderPopup(bg);
    const row = rows()[0]!;
    expect(within(row).getByText('Closing soon')).toBeTruthy();
    expect(within(row).getByText('Hill School')).toBeTruthy();
    expect(within(row).getByText('job-a')).toBeTruthy();
    expect(within(row).getByText('Selling')).toBeTruthy();
    expect(within(row).getByText('Ready · 3/4 boosters')).toBeTruthy();
    expect(within(row).getByText('Closes in 3 days')).toBeTruthy();
  });

  it('keeps the DOM small with 10,000 jobs and fetches rows as they scroll into view', async () => {
    const bg = fakeBackground(manyJobs(10_000));
    await renderPopup(bg);
    expect(rows().length).toBeLessThanOrEqual(100);
    const list = screen.getByTestId('job-list');
    list.scrollTop = 68 * 5000;
    fireEvent.scroll(list);
    await waitFor(() => expect(bg.calls('getJobs').some((q) => (q.offset ?? 0) >= 4950)).toBe(true));
    await waitFor(() => expect(screen.getByText('Job 05000')).toBeTruthy());
    expect(document.querySelectorAll('[data-index]').length).toBeLessThanOrEqual(100);
  });

  it('renders hostile job names as text', async () => {
    const bg = fakeBackground([makeJob({ name: '<img src=x onerror=alert(1)>', organization: '<script>x</script>' })]);
    await renderPopup(bg);
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(document.querySelector('img[src=x]')).toBeNull();
    expect(document.querySelector('script')).toBeNull();
  });

  it('searches on every keystroke, over the background, with the accessible name "Search jobs"', async () => {
    const bg = fakeBackground(manyJobs(30));
    await renderPopup(bg);
    const search = screen.getByRole('searchbox', { name: 'Search jobs' });
    fireEvent.input(search, { target: { value: 'Job 00017' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(bg.calls('getJobs').at(-1)).toMatchObject({ query: 'Job 00017', offset: 0 });
    fireEvent.input(search, { target: { value: 'job-00003' } });
    await waitFor(() => expect(screen.getByText('Job 00003')).toBeTruthy());
  });

  it('offers to clear a search that finds nothing', async () => {
    const bg = fakeBackground(manyJobs(5));
    await renderPopup(bg);
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'nothing like this' } });
    await waitFor(() => expect(screen.getByText('No job matches “nothing like this”')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Clear search' }));
    await waitFor(() => expect(rows()).toHaveLength(5));
  });

  it('filters by status and attention with counts, and remembers filter and sort', async () => {
    const bg = fakeBackground(manyJobs(8));
    const first = await renderPopup(bg);
    const chips = screen.getByRole('group', { name: 'Filter by status' });
    expect(within(chips).getByRole('button', { name: /All\s*8/ }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(chips).getByRole('button', { name: /Selling\s*2/ }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    for (const row of rows()) expect(within(row).getByText('Selling')).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort' }), { target: { value: 'name' } });
    await waitFor(() => expect(bg.calls('getJobs').at(-1)).toMatchObject({ sort: 'name', status: 'selling' }));
    expect(bg.prefs.value).toEqual({ filter: 'selling', sort: 'name', dismissedBulkId: null });
    first.store.dispose();
    cleanup();

    bg.send.mockClear();
    await renderPopup(bg);
    // The remembered criteria are read synchronously: the very first message asks for their rows.
    expect(bg.send.mock.calls[0]).toMatchObject(['getJobs', { sort: 'name', status: 'selling', offset: 0 }]);
    expect(bg.calls('getJobs').at(-1)).toMatchObject({ sort: 'name', status: 'selling' });
    expect(screen.getByRole('button', { name: /Selling\s*2/ }).getAttribute('aria-pressed')).toBe('true');
  });

  it('"Needs attention" asks the background for attention jobs', async () => {
    const bg = fakeBackground([makeJob({ id: 'a', status: 'selling', priceList: null }), makeJob({ id: 'b', status: 'selling' })]);
    await renderPopup(bg);
    fireEvent.click(screen.getByRole('button', { name: /Needs attention\s*1/ }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(bg.calls('getJobs').at(-1)).toMatchObject({ attention: true, status: null });
  });

  it('refreshes when the background says the jobs changed', async () => {
    const bg = fakeBackground(manyJobs(3));
    await renderPopup(bg);
    bg.index.upsert([makeJob({ id: 'job-new', name: 'Brand new job', updatedAt: new Date(BASE_NOW.getTime() + 1000).toISOString() })]);
    bg.emit({ event: 'jobsChanged', jobIds: ['job-new'] });
    await waitFor(() => expect(screen.getByText('Brand new job')).toBeTruthy());
  });

  it('exports the filtered list as a safe CSV', async () => {
    const bg = fakeBackground([makeJob({ name: '=HYPERLINK("http://x")' })]);
    await renderPopup(bg);
    fireEvent.click(screen.getByRole('button', { name: 'Export the filtered list as CSV' }));
    await waitFor(() => expect(bg.deps.download).toHaveBeenCalled());
    const [filename, text] = vi.mocked(bg.deps.download).mock.calls[0]!;
    expect(filename).toBe('jobs-2025-06-15.csv');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(bg.calls('getJobs').at(-1)).toMatchObject({ limit: 20_000 });
  });

  it('opens the options page', async () => {
    const bg = fakeBackground();
    await renderPopup(bg);
    fireEvent.click(screen.getByRole('button', { name: 'Options' }));
    expect(bg.deps.openOptions).toHaveBeenCalled();
    expect(ORIGIN).toBeTruthy();
  });
});
