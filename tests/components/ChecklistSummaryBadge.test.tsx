// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ChecklistSummaryBadge } from '../../components/ChecklistSummaryBadge';
import { checklistSummary } from '../../lib/core/checklist';
import { BASE_NOW, makeAccount, makeJob } from '../lib/core/factories';

afterEach(cleanup);

describe('ChecklistSummaryBadge', () => {
  it('counts critical items and boosters, coloured critical, naming the missing items', () => {
    const job = makeJob({ priceList: null, photos: { uploaded: 0 }, watermark: false });
    const summary = checklistSummary(job, makeAccount(), BASE_NOW);
    render(<ChecklistSummaryBadge summary={summary} />);
    const badge = screen.getByText('2 critical · 3/4 boosters');
    expect(badge.classList.contains('jsc-summary--critical')).toBe(true);
    expect(badge.getAttribute('title')).toBe('Missing: Price list assigned, Photos uploaded');
  });

  it('reads "Ready" when no critical item is missing, coloured by the boosters', () => {
    const summary = checklistSummary(makeJob({ coupon: { enabled: false } }), makeAccount(), BASE_NOW);
    render(<ChecklistSummaryBadge summary={summary} />);
    const badge = screen.getByText('Ready · 3/4 boosters');
    expect(badge.classList.contains('jsc-summary--recommended')).toBe(true);
    expect(badge.hasAttribute('title')).toBe(false);
  });

  it('is ok when everything passes', () => {
    const summary = checklistSummary(makeJob(), makeAccount(), BASE_NOW);
    render(<ChecklistSummaryBadge summary={summary} />);
    expect(screen.getByText('Ready · 4/4 boosters').classList.contains('jsc-summary--ok')).toBe(true);
  });
});
