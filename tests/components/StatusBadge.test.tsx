// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusBadge } from '../../components/StatusBadge';
import { JOB_STATUSES } from '../../lib/core/types';

afterEach(cleanup);

describe('StatusBadge', () => {
  it.each(JOB_STATUSES)('shows %s as its translated label with its status colour class', (status) => {
    const { container } = render(<StatusBadge status={status} />);
    const badge = container.querySelector('.jsc-status');
    expect(badge?.classList.contains(`jsc-status--${status}`)).toBe(true);
    expect(badge?.textContent).toBe({ planning: 'Planning', prepay: 'Prepay', selling: 'Selling', archived: 'Archived' }[status]);
  });

  it('has a compact variant', () => {
    render(<StatusBadge status="selling" compact />);
    expect(screen.getByText('Selling').classList.contains('jsc-status--compact')).toBe(true);
  });
});
