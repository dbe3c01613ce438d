// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBackground, manyJobs } from './fake-background';
import { renderPopup, rows } from './render';

afterEach(cleanup);

const active = () => document.activeElement as HTMLElement;

describe('keyboard', () => {
  it('/ search, ↓ into the list, ↑/↓ move, Space selects, Enter opens, Esc back, Esc clears', async () => {
    const bg = fakeBackground(manyJobs(20));
    await renderPopup(bg);
    fireEvent.keyDown(document.body, { key: '/' });
    expect(active()).toBe(screen.getByRole('searchbox', { name: 'Search jobs' }));

    fireEvent.keyDown(active(), { key: 'ArrowDown' });
    await waitFor(() => expect(active().dataset.index).toBe('0'));
    fireEvent.keyDown(active(), { key: 'ArrowDown' });
    await waitFor(() => expect(active().dataset.index).toBe('1'));
    fireEvent.keyDown(active(), { key: 'ArrowDown' });
    await waitFor(() => expect(active().dataset.index).toBe('2'));
    fireEvent.keyDown(active(), { key: 'ArrowUp' });
    await waitFor(() => expect(active().dataset.index).toBe('1'));
    expect(active().getAttribute('tabindex')).toBe('0');

    fireEvent.keyDown(active(), { key: ' ' });
    expect(rows()[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(active(), { key: 'ArrowDown' });
    await waitFor(() => expect(active().dataset.index).toBe('2'));
    fireEvent.keyDown(active(), { key: 'ArrowDown' });
    await waitFor(() => expect(active().dataset.index).toBe('3'));
    fireEvent.keyDown(active(), { key: ' ', shiftKey: true });
    await waitFor(() => expect(screen.getByText('3 selected')).toBeTruthy());

    fireEvent.keyDown(active(), { key: 'Enter' });
    await waitFor(() => expect(document.querySelector('[data-view="detail"]')).not.toBeNull());
    await waitFor(() => expect(active().getAttribute('aria-label')).toBe('Back'));
    fireEvent.keyDown(active(), { key: 'Escape' });
    await waitFor(() => expect(active().dataset.index).toBe('3'));

    fireEvent.keyDown(active(), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByText('3 selected')).toBeNull());
  });

  it('Ctrl+A and Cmd+A select every filtered job, but not inside the search field', async () => {
    const bg = fakeBackground(manyJobs(20));
    await renderPopup(bg);
    const search = screen.getByRole('searchbox');
    search.focus();
    fireEvent.keyDown(search, { key: 'a', ctrlKey: true });
    expect(screen.queryByText('20 selected')).toBeNull();
    fireEvent.keyDown(rows()[0]!, { key: 'a', metaKey: true });
    await waitFor(() => expect(screen.getByText('20 selected')).toBeTruthy());
  });

  it('Esc in the search field clears it first', async () => {
    const bg = fakeBackground(manyJobs(5));
    await renderPopup(bg);
    const search = screen.getByRole('searchbox') as HTMLInputElement;
    fireEvent.input(search, { target: { value: 'Job 00001' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.keyDown(search, { key: 'Escape' });
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(search.value).toBe('');
  });

  it('End and Home jump through a long list', async () => {
    const bg = fakeBackground(manyJobs(500));
    await renderPopup(bg);
    rows()[0]!.focus();
    fireEvent.keyDown(active(), { key: 'End' });
    // happy-dom has no layout, so the virtualizer cannot scroll; do what the browser would.
    const list = screen.getByTestId('job-list');
    list.scrollTop = 499 * 68;
    fireEvent.scroll(list);
    await waitFor(() => expect(active().dataset.index).toBe('499'));
    expect(active().textContent).toContain('Job 00499');
    fireEvent.keyDown(active(), { key: 'Home' });
    list.scrollTop = 0;
    fireEvent.scroll(list);
    await waitFor(() => expect(active().dataset.index).toBe('0'));
  });
});
