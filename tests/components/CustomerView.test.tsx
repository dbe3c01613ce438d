// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CustomerView } from '../../components/CustomerView';
import { BASE_NOW, makeJob } from '../lib/core/factories';

afterEach(cleanup);

describe('CustomerView', () => {
  it('planning: almost ready, with the reason', () => {
    const { container } = render(<CustomerView job={makeJob()} now={BASE_NOW} />);
    expect(container.querySelector('[data-kind]')?.getAttribute('data-kind')).toBe('almost-ready');
    expect(screen.getByText('“Your photos are almost ready” and a registration form')).toBeTruthy();
    expect(screen.getByText(/still in planning/)).toBeTruthy();
  });

  it('selling without codes: almost ready, saying why', () => {
    render(<CustomerView job={makeJob({ status: 'selling', accessCodes: { activated: 0 } })} now={BASE_NOW} />);
    expect(screen.getByText(/No access code is activated/)).toBeTruthy();
  });

  it('selling before the deadline: gallery open until the date, with days left', () => {
    const { container } = render(
      <CustomerView job={makeJob({ status: 'selling', archiving: { deadline: '2025-06-25' } })} now={BASE_NOW} />,
    );
    expect(screen.getByText('Gallery open, ordering possible')).toBeTruthy();
    expect(container.textContent).toContain('Jun 25, 2025');
    expect(container.textContent).toContain('10 days left');
    expect(container.querySelector('.jsc-customer--open')).not.toBeNull();
  });

  it('selling after the deadline: ordering closed', () => {
    render(<CustomerView job={makeJob({ status: 'selling', archiving: { deadline: '2025-06-01' } })} now={BASE_NOW} />);
    expect(screen.getByText('Ordering closed: the archiving deadline has passed')).toBeTruthy();
    expect(screen.getByText('Closed since Jun 1, 2025.')).toBeTruthy();
  });

  it('archived: the archived notice', () => {
    render(<CustomerView job={makeJob({ status: 'archived' })} now={BASE_NOW} />);
    expect(screen.getByText('“Missed the sale? Your memories are safe” and a registration form')).toBeTruthy();
  });

  it('prepay: open until the prepay deadline', () => {
    render(<CustomerView job={makeJob({ status: 'prepay', prepayDeadline: '2025-06-15' })} now={BASE_NOW} />);
    expect(screen.getByText('Prepay shop open')).toBeTruthy();
    expect(screen.getByText('Today (Jun 15, 2025) is the last day to order.')).toBeTruthy();
  });

  it('renders a hostile job name nowhere as markup', () => {
    const { container } = render(<CustomerView job={makeJob({ name: '<img src=x onerror=alert(1)>' })} now={BASE_NOW} />);
    expect(container.querySelector('img')).toBeNull();
  });
});
