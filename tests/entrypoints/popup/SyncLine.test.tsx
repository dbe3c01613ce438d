// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncLine } from '../../../entrypoints/popup/SyncLine';
import type { SyncStateView } from '../../../lib/messaging/protocol';
import { BASE_NOW, makeAccount } from '../../lib/core/factories';
import { fakeBackground, ORIGIN } from './fake-background';
import { renderPopup } from './render';

afterEach(cleanup);

const view = (over: Partial<SyncStateView>): SyncStateView => ({
  status: 'ok',
  origin: ORIGIN,
  account: makeAccount(),
  lastSuccessAt: new Date(BASE_NOW.getTime() - 12_000).toISOString(),
  lastError: null,
  jobCount: 3,
  ...over,
});

function line(props: Partial<Parameters<typeof SyncLine>[0]>) {
  const handlers = { onSignIn: vi.fn(), onRefresh: vi.fn() };
  render(<SyncLine view={view({})} refreshing={false} error={null} clock={BASE_NOW.getTime()} {...handlers} {...props} />);
  return handlers;
}

describe('SyncLine', () => {
  it('says how long ago the last sync was', () => {
    line({});
    expect(screen.getByRole('status').textContent).toBe('Updated 12 sec. ago');
  });

  it('offline: the data shown is from the last good sync', () => {
    line({ view: view({ status: 'offline' }) });
    expect(screen.getByRole('status').textContent).toMatch(/^Offline — showing data from Jun 15, 2025/);
  });

  it('signed out: a link that signs in', () => {
    const handlers = line({ view: view({ status: 'signed-out' }) });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in to the admin site' }));
    expect(handlers.onSignIn).toHaveBeenCalled();
  });

  it('error recorded before reasons were codes: its sentence as it is', () => {
    line({ view: view({ status: 'error', lastError: { kind: 'server', message: 'The admin site answered HTTP 503.', at: BASE_NOW.toISOString() } }) });
    expect(screen.getByRole('status').textContent).toBe('Sync failed: The admin site answered HTTP 503.');
  });

  it('error: with the reason', () => {
    line({ view: view({ status: 'error', lastError: { kind: 'invalid-response', reason: { code: 'api', params: { kind: 'invalid-response', path: 'jobs[3].status' } }, at: BASE_NOW.toISOString() } }) });
    expect(screen.getByRole('status').textContent).toBe('Sync failed: The admin site sent an unexpected answer (jobs[3].status).');
  });

  it('the refresh button asks for a sync and shows it is busy', () => {
    const handlers = line({ refreshing: true });
    const button = screen.getByRole('button', { name: 'Refresh now' });
    expect(button.getAttribute('aria-busy')).toBe('true');
    fireEvent.click(button);
    expect(handlers.onRefresh).toHaveBeenCalled();
  });
});

describe('sync states in the popup', () => {
  it('signed out with nothing cached: an empty state whose button opens the login page', async () => {
    const bg = fakeBackground([]);
    bg.setSync({ status: 'signed-out', account: null, lastSuccessAt: null });
    await renderPopup(bg, { waitForRows: false });
    await waitFor(() => expect(screen.getByText('Sign in to see your jobs')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(bg.deps.openTab).toHaveBeenCalledWith(`${ORIGIN}/login`);
  });

  it('follows the background: a syncState broadcast updates the line', async () => {
    const bg = fakeBackground();
    await renderPopup(bg);
    bg.emit({ event: 'syncState', state: view({ status: 'offline' }) });
    await waitFor(() => expect(screen.getByText(/^Offline — showing data from/)).toBeTruthy());
  });

  it('another account behind the session: the list starts over', async () => {
    const bg = fakeBackground();
    const { store } = await renderPopup(bg);
    await waitFor(() => expect(bg.calls('getSyncState')).toHaveLength(1));
    const before = bg.calls('getJobs').length;
    store.selection.toggle(bg.index.get('job-00000')!, 0);
    bg.emit({ event: 'syncState', state: view({ account: makeAccount({ id: 'acc-2' }) }) });
    await waitFor(() => expect(bg.calls('getJobs').length).toBeGreaterThan(before));
    expect(store.selection.selected.value.size).toBe(0);
  });

  it('the request itself failing is shown too', async () => {
    const bg = fakeBackground();
    bg.handlers.refresh = () => {
      throw new Error('no answer');
    };
    await renderPopup(bg);
    await waitFor(() => expect(screen.getByText('Could not reach the extension: no answer')).toBeTruthy());
  });
});
