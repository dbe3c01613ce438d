// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../entrypoints/options/App';
import { createOptionsStore } from '../../../entrypoints/options/store';
import { CHANNEL } from '../../../lib/messaging/protocol';
import { defaultSettings } from '../../../lib/settings/settings';
import { fakeOptionsApi } from './fake-api';

afterEach(cleanup);

async function renderOptions(opts: Parameters<typeof fakeOptionsApi>[0] = {}) {
  const fake = fakeOptionsApi(opts);
  render(<App store={createOptionsStore(fake.api)} version="1.2.3" />);
  if (!opts.failLoad) await screen.findByRole('heading', { name: 'Admin site' });
  return fake;
}

const radio = (name: RegExp | string) => screen.getByRole('radio', { name }) as HTMLInputElement;

describe('options page: admin site', () => {
  it('offers the two built-in sites, GotPhoto selected by default', async () => {
    await renderOptions();
    expect(radio(/app\.gotphoto\.com/).checked).toBe(true);
    expect(radio(/app\.fotograf\.de/).checked).toBe(false);
    expect(screen.getAllByRole('radio')).toHaveLength(2);
  });

  it('shows a site set elsewhere (the sandbox) as the selected choice', async () => {
    await renderOptions({ settings: { adminOrigin: 'http://127.0.0.1:5199' } });
    expect(radio(/127\.0\.0\.1:5199/).checked).toBe(true);
  });

  it('switches site through the background', async () => {
    const fake = await renderOptions();
    fireEvent.click(radio(/app\.fotograf\.de/));
    await waitFor(() => expect(fake.patches).toEqual([{ adminOrigin: 'https://app.fotograf.de' }]));
    await waitFor(() => expect(radio(/app\.fotograf\.de/).checked).toBe(true));
    expect(screen.getByRole('status').textContent).toContain('Saved.');
  });

  it('asks for the permission inside the submit itself, then adds and selects the site', async () => {
    const fake = await renderOptions();
    fireEvent.input(screen.getByLabelText('Add another admin site'), { target: { value: 'https://admin.example.com/jobs' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Add site' }).closest('form')!);
    // Synchronously, before any await: browsers prompt only during the user gesture.
    expect(fake.requestHostPatterns).toHaveBeenCalledWith(['https://admin.example.com/*']);
    await waitFor(() => expect(fake.patches).toEqual([{ customOrigins: ['https://admin.example.com'], adminOrigin: 'https://admin.example.com' }]));
    await waitFor(() => expect(radio(/admin\.example\.com/).checked).toBe(true));
    expect(screen.getByRole('status').textContent).toContain('admin.example.com added and selected.');
    expect((screen.getByLabelText('Add another admin site') as HTMLInputElement).value).toBe('');
  });

  it('adds nothing when the user refuses the permission', async () => {
    const fake = await renderOptions({ grantAnswer: false });
    fireEvent.input(screen.getByLabelText('Add another admin site'), { target: { value: 'admin.example.com' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Add site' }).closest('form')!);
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Access to admin.example.com was not allowed'));
    expect(fake.patches).toEqual([]);
    expect(screen.getAllByRole('radio')).toHaveLength(2);
  });

  it('refuses a non-https address before asking the browser', async () => {
    const fake = await renderOptions();
    const input = screen.getByLabelText('Add another admin site');
    fireEvent.input(input, { target: { value: 'http://admin.example.com' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Add site' }).closest('form')!);
    expect(screen.getByRole('alert').textContent).toContain('Only https addresses');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(fake.requestHostPatterns).not.toHaveBeenCalled();
  });

  it('removes a custom site and falls back to the default when it was selected', async () => {
    const fake = await renderOptions({ settings: { customOrigins: ['https://admin.example.com'], adminOrigin: 'https://admin.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove admin.example.com' }));
    await waitFor(() => expect(fake.patches).toEqual([{ customOrigins: [], adminOrigin: 'https://app.gotphoto.com' }]));
    await waitFor(() => expect(screen.queryByRole('radio', { name: /admin\.example\.com/ })).toBeNull());
    expect(radio(/app\.gotphoto\.com/).checked).toBe(true);
  });
});

describe('options page: host access', () => {
  it('shows no banner while access is granted', async () => {
    await renderOptions();
    expect(screen.queryByRole('button', { name: 'Grant access to the admin site' })).toBeNull();
  });

  it('offers to grant missing access, asking inside the click, then syncs', async () => {
    const fake = await renderOptions({ granted: [] });
    const button = await screen.findByRole('button', { name: 'Grant access to the admin site' });
    expect(screen.getByRole('heading', { name: 'Allow access to app.gotphoto.com' })).toBeTruthy();
    fireEvent.click(button);
    expect(fake.requestHostPatterns).toHaveBeenCalledWith(['https://app.gotphoto.com/*']);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Grant access to the admin site' })).toBeNull());
    expect(fake.send).toHaveBeenCalledWith('refresh', {});
  });

  it('notices when the user withdraws access in the browser', async () => {
    const fake = await renderOptions();
    fake.revoke('https://app.gotphoto.com/*');
    await screen.findByRole('button', { name: 'Grant access to the admin site' });
  });
});

describe('options page: checklist', () => {
  it("lists every item once with lib/core's default", async () => {
    await renderOptions();
    const table = screen.getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(10);
    const price = within(table).getByRole('row', { name: /Price list assigned/ });
    expect(price.textContent).toContain('Go-live, Prepay');
    expect((within(price).getByRole('combobox') as HTMLSelectElement).value).toBe('critical');
    const watermark = within(table).getByRole('row', { name: /Watermarks on/ });
    expect((within(watermark).getByRole('combobox') as HTMLSelectElement).value).toBe('recommended');
    expect(within(watermark).getByRole('option', { name: 'Recommended (default)' })).toBeTruthy();
  });

  it('stores only deviations from the default', async () => {
    const fake = await renderOptions();
    const select = screen.getByRole('combobox', { name: 'Severity of “Watermarks on”' });
    fireEvent.change(select, { target: { value: 'hidden' } });
    await waitFor(() => expect(fake.patches.at(-1)).toEqual({ checklist: { watermark: 'hidden' } }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Severity of “Photos uploaded”' }), { target: { value: 'recommended' } });
    await waitFor(() => expect(fake.patches.at(-1)).toEqual({ checklist: { watermark: 'hidden', photos: 'recommended' } }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Severity of “Watermarks on”' }), { target: { value: 'recommended' } });
    await waitFor(() => expect(fake.patches.at(-1)).toEqual({ checklist: { photos: 'recommended' } }));
  });

  it('resets to the defaults', async () => {
    const fake = await renderOptions({ settings: { checklist: { coupon: 'hidden' } } });
    fireEvent.click(screen.getByRole('button', { name: 'Reset to defaults' }));
    await waitFor(() => expect(fake.patches).toEqual([{ checklist: {} }]));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Reset to defaults' }) as HTMLButtonElement).disabled).toBe(true));
  });
});

describe('options page: sync and badge', () => {
  it('changes the interval and the badge', async () => {
    const fake = await renderOptions();
    const interval = screen.getByLabelText('Check the admin site for changes') as HTMLSelectElement;
    expect(interval.value).toBe('5');
    fireEvent.change(interval, { target: { value: '60' } });
    await waitFor(() => expect(fake.patches.at(-1)).toEqual({ syncIntervalMinutes: 60 }));
    const badge = screen.getByLabelText(/toolbar icon/) as HTMLInputElement;
    expect(badge.checked).toBe(true);
    fireEvent.click(badge);
    await waitFor(() => expect(fake.patches.at(-1)).toEqual({ badgeEnabled: false }));
  });

  it('keeps an interval that is not one of the offered ones', async () => {
    await renderOptions({ settings: { syncIntervalMinutes: 7 } });
    expect((screen.getByLabelText('Check the admin site for changes') as HTMLSelectElement).value).toBe('7');
    expect(screen.getByRole('option', { name: 'Every 7 minutes' })).toBeTruthy();
  });

  it('shows the account and the last sync, and syncs on demand', async () => {
    const fake = await renderOptions();
    expect(screen.getByText(/Account: Studio Sonnenschein · 1,234 jobs in this browser/)).toBeTruthy();
    expect(screen.getByText(/^Last synced /)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(fake.send).toHaveBeenCalledWith('refresh', {}));
  });

  it('follows settings changed in another window', async () => {
    const fake = await renderOptions();
    fake.emit({ channel: CHANNEL, event: 'settingsChanged', settings: { ...defaultSettings(), badgeEnabled: false } });
    await waitFor(() => expect((screen.getByLabelText(/toolbar icon/) as HTMLInputElement).checked).toBe(false));
  });
});

describe('options page: settings written elsewhere', () => {
  it('follows a change written straight to storage, and checks access for the new site', async () => {
    const fake = await renderOptions();
    fake.storeSettings({ ...defaultSettings(), adminOrigin: 'https://admin.example.com', customOrigins: ['https://admin.example.com'] });
    await waitFor(() => expect(radio(/admin\.example\.com/).checked).toBe(true));
    await screen.findByRole('heading', { name: 'Allow access to admin.example.com' });
  });
});

describe('options page: clearing data', () => {
  it('asks before clearing this account, and can be cancelled', async () => {
    const fake = await renderOptions();
    const opener = screen.getByRole('button', { name: 'Clear data for this account' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Clear the data kept for Studio Sonnenschein?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
    expect(fake.send).not.toHaveBeenCalledWith('clearCache', expect.anything());
  });

  it('clears this account after confirmation', async () => {
    const fake = await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Clear data for this account' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Clear data' }));
    await waitFor(() => expect(fake.send).toHaveBeenCalledWith('clearCache', { scope: 'account' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('status').textContent).toContain('Cleared: 1,234 jobs removed from this browser.');
  });

  it('clears all accounts after confirmation; Escape cancels', async () => {
    const fake = await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Clear data for all accounts' }));
    fireEvent.keyDown(screen.getByRole('dialog', { name: 'Clear the data kept for all accounts?' }), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Clear data for all accounts' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Clear data' }));
    await waitFor(() => expect(fake.send).toHaveBeenCalledWith('clearCache', { scope: 'all' }));
  });

  it('cannot clear "this account" before any account is known', async () => {
    const fake = fakeOptionsApi();
    fake.state.sync = { ...fake.state.sync, status: 'never', account: null, lastSuccessAt: null, jobCount: 0 };
    render(<App store={createOptionsStore(fake.api)} version="1" />);
    await screen.findByRole('heading', { name: 'Admin site' });
    expect((screen.getByRole('button', { name: 'Clear data for this account' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('No account has been synced yet.')).toBeTruthy();
  });
});

describe('options page: failures', () => {
  it('says so when the background does not answer', async () => {
    await renderOptions({ failLoad: true });
    expect((await screen.findByRole('alert')).textContent).toContain('no background');
  });

  it('shows the version', async () => {
    await renderOptions();
    expect(screen.getByText('Version 1.2.3')).toBeTruthy();
  });
});
