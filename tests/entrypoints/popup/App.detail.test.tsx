// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageFailure } from '../../../lib/messaging/client';
import { makeJob } from '../../lib/core/factories';
import { fakeBackground, ORIGIN } from './fake-background';
import { renderPopup, rows } from './render';

afterEach(cleanup);

async function openDetail(jobs = [makeJob({ id: 'job-1', name: 'Sunny Hill', priceList: null })]) {
  const bg = fakeBackground(jobs);
  const rendered = await renderPopup(bg);
  fireEvent.click(rows()[0]!);
  await waitFor(() => expect(document.querySelector('[data-view="detail"]')).not.toBeNull());
  await waitFor(() => expect(bg.calls('getJob')).toEqual([{ jobId: 'job-1', revalidate: true }]));
  return { bg, ...rendered };
}

describe('job detail', () => {
  it('shows status, allowed transitions, what customers see, the checklist and the facts', async () => {
    await openDetail();
    expect(screen.getByRole('heading', { level: 1, name: 'Sunny Hill' })).toBeTruthy();
    const status = screen.getByRole('region', { name: 'Status' });
    expect(within(status).getByText('Planning')).toBeTruthy();
    expect(within(status).getByRole('button', { name: 'Start selling' })).toBeTruthy();
    expect(within(status).getByRole('button', { name: 'Switch to Prepay' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByRole('region', { name: 'What customers see' }).textContent).toContain('almost ready');
    const checklist = screen.getByRole('list', { name: 'Go-live checklist' });
    expect(within(checklist).getAllByRole('listitem')[0]?.dataset.item).toBe('price-list');
    const facts = screen.getByRole('region', { name: 'Details' });
    expect(facts.textContent).toContain('Shoot date');
    expect(facts.textContent).toContain('May 20, 2025');
    expect(facts.textContent).toContain('Jul 31, 2025 (in 46 days)');
    expect(facts.textContent).toContain('50%');
  });

  it('opens the admin page, copies the ID and the link', async () => {
    const { bg } = await openDetail();
    fireEvent.click(screen.getByRole('button', { name: 'Open in admin' }));
    expect(bg.deps.openTab).toHaveBeenCalledWith(`${ORIGIN}/jobs/job-1/settings`);
    fireEvent.click(screen.getByRole('button', { name: 'Copy ID' }));
    expect(bg.deps.copy).toHaveBeenCalledWith('job-1');
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(bg.deps.copy).toHaveBeenCalledWith(`${ORIGIN}/jobs/job-1/settings`);
    await waitFor(() => expect(screen.getByText('Link copied.')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Fix: Price list assigned' }));
    expect(bg.deps.openTab).toHaveBeenCalledTimes(2);
  });

  it('a change goes through the go-live dialog: Cancel sends nothing, "Start selling anyway" sends the change', async () => {
    const { bg } = await openDetail();
    fireEvent.click(screen.getByRole('button', { name: 'Start selling' }));
    const dialog = screen.getByRole('dialog', { name: 'Go-live checklist' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bg.calls('setJobStatus')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Start selling' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Start selling anyway' }));
    await waitFor(() => expect(screen.getByText('Status changed to Selling.')).toBeTruthy());
    expect(bg.calls('setJobStatus')).toEqual([{ jobId: 'job-1', to: 'selling', expectedVersion: 1 }]);
    expect(within(screen.getByRole('region', { name: 'Status' })).getByText('Selling')).toBeTruthy();
  });

  it('a conflict is shown with the server state, and the job shown becomes the server one', async () => {
    const { bg } = await openDetail();
    bg.handlers.setJobStatus = () => {
      throw new MessageFailure({ code: 'api', kind: 'conflict', reason: { code: 'api', params: { kind: 'conflict' } }, job: makeJob({ id: 'job-1', name: 'Sunny Hill', status: 'archived', version: 7 }) });
    };
    fireEvent.click(screen.getByRole('button', { name: 'Archive' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Archive this job?' })).getByRole('button', { name: 'Archive' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This job was changed on the admin site meanwhile');
    expect(alert.textContent).toContain('Archived');
    expect(screen.getByRole('button', { name: 'Reactivate selling' })).toBeTruthy();
  });

  it('other errors are shown in words made from their reason', async () => {
    const { bg } = await openDetail();
    bg.handlers.setJobStatus = () => {
      throw new MessageFailure({ code: 'api', kind: 'server', reason: { code: 'api', params: { kind: 'server', status: 503 } } });
    };
    fireEvent.click(screen.getByRole('button', { name: 'Archive' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Archive' }));
    expect((await screen.findByRole('alert')).textContent).toContain('That did not work: The admin site had an error (HTTP 503).');
  });

  it('a job deleted meanwhile says so', async () => {
    const bg = fakeBackground([makeJob({ id: 'job-1' })]);
    bg.handlers.getJob = () => null;
    await renderPopup(bg);
    fireEvent.click(rows()[0]!);
    await waitFor(() => expect(screen.getByText('This job no longer exists')).toBeTruthy());
  });

  it('Esc goes back to the list, with focus on the row', async () => {
    await openDetail();
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    await waitFor(() => expect(document.querySelector('[data-view="detail"]')).toBeNull());
    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('option'));
  });
});
