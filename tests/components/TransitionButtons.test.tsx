// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransitionButtons } from '../../components/TransitionButtons';
import { makeAccount, makeJob } from '../lib/core/factories';

afterEach(cleanup);

describe('TransitionButtons', () => {
  it('offers the allowed moves of a planning job, and explains the refused prepay', () => {
    const onSelect = vi.fn();
    render(<TransitionButtons job={makeJob()} account={makeAccount()} onSelect={onSelect} />);
    const prepay = screen.getByRole('button', { name: 'Switch to Prepay' });
    expect(prepay.getAttribute('aria-disabled')).toBe('true');
    expect(prepay.getAttribute('title')).toBe('Prepay is not enabled for this account.');
    fireEvent.click(prepay);
    expect(onSelect).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Start selling' }));
    expect(onSelect).toHaveBeenCalledWith('selling');
    fireEvent.click(screen.getByRole('button', { name: 'Archive' }));
    expect(onSelect).toHaveBeenCalledWith('archived');
  });

  it('allows prepay with the feature and a prepay sales method', () => {
    render(
      <TransitionButtons job={makeJob({ salesMethod: 'prepay_plus' })} account={makeAccount({ features: { prepay: true } })} onSelect={() => {}} />,
    );
    expect(screen.getByRole('button', { name: 'Switch to Prepay' }).hasAttribute('aria-disabled')).toBe(false);
  });

  it('labels archived → selling as a reactivation and refuses what the table does not allow', () => {
    render(<TransitionButtons job={makeJob({ status: 'archived' })} account={makeAccount()} onSelect={() => {}} />);
    expect(screen.getByRole('button', { name: 'Reactivate selling' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Switch to Prepay' }).getAttribute('title')).toBe(
      'A Archived job cannot be switched to Prepay.',
    );
  });

  it('makes every button inert while busy', () => {
    const onSelect = vi.fn();
    render(<TransitionButtons job={makeJob({ status: 'selling' })} account={makeAccount()} onSelect={onSelect} busy />);
    for (const button of screen.getAllByRole('button')) {
      expect(button.getAttribute('aria-disabled')).toBe('true');
      fireEvent.click(button);
    }
    expect(onSelect).not.toHaveBeenCalled();
  });
});
