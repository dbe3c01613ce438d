// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActivityEntry } from '../../../lib/messaging/protocol';
import { fakeBackground } from './fake-background';
import { renderPopup } from './render';

afterEach(cleanup);

const entry = (id: number, at: string, over: Partial<ActivityEntry> = {}): ActivityEntry => ({
  id,
  at,
  origin: 'https://app.gotphoto.com',
  accountId: 'acc-1',
  jobId: `job-${id}`,
  jobName: `Job ${id}`,
  from: 'planning',
  to: 'selling',
  result: 'done',
  reason: null,
  bulkId: null,
  ...over,
});

describe('activity', () => {
  it('lists changes newest first and exports them as CSV', async () => {
    const bg = fakeBackground();
    bg.activity.push(
      entry(1, '2025-06-10T10:00:00.000Z'),
      entry(2, '2025-06-12T10:00:00.000Z', { result: 'failed', reason: 'The admin site answered 503.', jobName: '@SUM(A1)' }),
    );
    await renderPopup(bg);
    fireEvent.click(screen.getByRole('button', { name: 'Activity' }));
    await waitFor(() => expect(screen.getAllByRole('listitem').length).toBe(2));
    const items = screen.getAllByRole('listitem');
    expect(items[0]?.textContent).toContain('@SUM(A1)');
    expect(items[0]?.textContent).toContain('Failed');
    expect(items[0]?.textContent).toContain('The admin site answered 503.');
    expect(items[1]?.textContent).toContain('Job 1');
    fireEvent.click(screen.getByRole('button', { name: 'CSV' }));
    const [name, text] = vi.mocked(bg.deps.download).mock.calls[0]!;
    expect(name).toBe('activity-2025-06-15.csv');
    expect(text).toContain(`"'@SUM(A1)"`);
  });

  it('says when there is nothing yet', async () => {
    const bg = fakeBackground();
    await renderPopup(bg);
    fireEvent.click(screen.getByRole('button', { name: 'Activity' }));
    await waitFor(() => expect(screen.getByText('No changes yet')).toBeTruthy());
  });
});
