// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChecklistList } from '../../components/ChecklistList';
import { evaluateChecklist } from '../../lib/core/checklist';
import { BASE_NOW, makeAccount, makeJob } from '../lib/core/factories';

afterEach(cleanup);

describe('ChecklistList', () => {
  const job = makeJob({ coupon: { enabled: false }, accessCodes: { activated: 0 } });
  const result = evaluateChecklist('go-live', job, makeAccount(), BASE_NOW);

  it('lists every item, critical first, each with its state', () => {
    render(<ChecklistList items={result.items} label="Go-live" />);
    const items = screen.getAllByRole('listitem');
    expect(items.map((item) => item.dataset.item)).toEqual(result.items.map((item) => item.id));
    expect(items[0]?.dataset.item).toBe('price-list');
    const codes = items.find((item) => item.dataset.item === 'access-codes');
    expect(codes?.dataset.state).toBe('critical');
    expect(codes?.textContent).toContain('Access codes activated — Missing');
    expect(codes?.textContent).toContain('Critical');
    const coupon = items.find((item) => item.dataset.item === 'coupon');
    expect(coupon?.dataset.state).toBe('recommended');
    expect(items.find((item) => item.dataset.item === 'photos')?.textContent).toContain('Photos uploaded — Done');
    expect(screen.getByRole('list', { name: 'Go-live' })).toBeTruthy();
  });

  it('offers "Fix" only for missing items, and only with a callback', () => {
    const onFix = vi.fn();
    const { rerender } = render(<ChecklistList items={result.items} />);
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<ChecklistList items={result.items} onFix={onFix} />);
    const buttons = screen.getAllByRole('button');
    expect(buttons).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Fix: Access codes activated' }));
    expect(onFix).toHaveBeenCalledWith('access-codes');
  });
});
