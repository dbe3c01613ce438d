import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, badgeFor } from '../../../lib/background/badge';

describe('toolbar badge', () => {
  it('counts the jobs that need attention, coloured by the worst', () => {
    expect(badgeFor('ok', { count: 3, worst: 'critical' }, true)).toMatchObject({ text: '3', color: BADGE_COLORS.critical });
    expect(badgeFor('ok', { count: 1, worst: 'warning' }, true)).toMatchObject({ text: '1', color: BADGE_COLORS.warning });
    expect(badgeFor('ok', { count: 12_000, worst: 'warning' }, true).text).toBe('999+');
  });

  it('shows nothing when no job needs attention, when signed out, or when turned off', () => {
    expect(badgeFor('ok', { count: 0, worst: null }, true).text).toBe('');
    expect(badgeFor('signed-out', { count: 5, worst: 'critical' }, true).text).toBe('');
    expect(badgeFor('ok', { count: 5, worst: 'critical' }, false).text).toBe('');
  });

  it('shows a small "!" when sync fails, never stale numbers', () => {
    expect(badgeFor('offline', { count: 5, worst: 'critical' }, true).text).toBe('!');
    expect(badgeFor('error', { count: 5, worst: 'critical' }, true).text).toBe('!');
  });
});
