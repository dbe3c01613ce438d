// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransitionDialog, type TransitionDialogProps } from '../../components/TransitionDialog';
import { BASE_NOW, makeAccount, makeJob } from '../lib/core/factories';

afterEach(cleanup);

function renderDialog(overrides: Partial<TransitionDialogProps> = {}) {
  const props: TransitionDialogProps = {
    job: makeJob(),
    account: makeAccount(),
    target: 'selling',
    now: BASE_NOW,
    onConfirm: vi.fn(),
    onCancel: vi.fn(),
    ...overrides,
  };
  render(<TransitionDialog {...props} />);
  return props;
}

describe('TransitionDialog', () => {
  it('is a labelled modal dialog', () => {
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Go-live checklist' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
  });

  it('before selling with critical items missing: critical first, Cancel and "Start selling anyway"', () => {
    const props = renderDialog({ job: makeJob({ priceList: null, coupon: { enabled: false } }) });
    const items = screen.getAllByRole('listitem');
    expect(items[0]?.dataset.item).toBe('price-list');
    expect(items[0]?.dataset.state).toBe('critical');
    expect(screen.getByRole('alert').textContent).toContain('Critical items missing: 1.');
    // Cancel gets the first focus when going ahead would hurt.
    expect(document.activeElement?.textContent).toBe('Cancel');
    fireEvent.click(screen.getByRole('button', { name: 'Start selling anyway' }));
    expect(props.onConfirm).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(props.onCancel).toHaveBeenCalledTimes(1);
  });

  it('before selling with everything set: plain "Start selling", and the campaign-email notice', () => {
    renderDialog();
    expect(screen.getByRole('button', { name: 'Start selling' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Start selling anyway' })).toBeNull();
    expect(screen.getByText('Everything is set up.')).toBeTruthy();
    expect(screen.getByText(/may send the automated campaign/)).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Start selling');
  });

  it('reactivating an archived job: no campaign notice, a reactivation note', () => {
    renderDialog({ job: makeJob({ status: 'archived' }) });
    expect(screen.queryByText(/may send the automated campaign/)).toBeNull();
    expect(screen.getByText(/Reactivating sends no new emails/)).toBeTruthy();
  });

  it('before prepay: the prepay checklist', () => {
    renderDialog({
      target: 'prepay',
      job: makeJob({ salesMethod: 'prepay', prepayDeadline: null }),
      account: makeAccount({ features: { prepay: true } }),
    });
    expect(screen.getByRole('dialog', { name: 'Prepay checklist' })).toBeTruthy();
    expect(screen.getAllByRole('listitem').map((item) => item.dataset.item)).toEqual([
      'price-list',
      'prepay-deadline',
      'automated-campaign',
      'coupon',
    ]);
    expect(screen.getByRole('button', { name: 'Switch to Prepay anyway' })).toBeTruthy();
  });

  it('before archiving: says what customers lose', () => {
    renderDialog({ target: 'archived', job: makeJob({ status: 'selling' }) });
    expect(screen.getByRole('dialog', { name: 'Archive this job?' })).toBeTruthy();
    expect(screen.getByText(/Customers can no longer order/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Archive' })).toBeTruthy();
  });

  it('Esc cancels, and does not reach the page behind', () => {
    const pageKeys = vi.fn();
    document.addEventListener('keydown', pageKeys);
    const props = renderDialog();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(props.onCancel).toHaveBeenCalledTimes(1);
    expect(pageKeys).not.toHaveBeenCalled();
    document.removeEventListener('keydown', pageKeys);
  });

  it('keeps Tab inside the dialog', () => {
    renderDialog({ job: makeJob({ priceList: null }) });
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    const confirm = screen.getByRole('button', { name: 'Start selling anyway' });
    confirm.focus();
    fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
  });

  it('gives focus back to the opener when it closes', () => {
    function Harness() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            Open
          </button>
          {open && (
            <TransitionDialog job={makeJob()} account={makeAccount()} target="archived" now={BASE_NOW} onConfirm={() => setOpen(false)} onCancel={() => setOpen(false)} />
          )}
        </>
      );
    }
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Open' });
    opener.focus();
    fireEvent.click(opener);
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Cancel');
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('renders a hostile job name as text', () => {
    renderDialog({ job: makeJob({ name: '<img src=x onerror=alert(1)>' }) });
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('is inert while busy', () => {
    const props = renderDialog({ busy: true });
    fireEvent.click(screen.getByRole('button', { name: 'Start selling' }));
    expect(props.onConfirm).not.toHaveBeenCalled();
  });
});
