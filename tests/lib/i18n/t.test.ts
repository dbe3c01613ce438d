import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { t } from '../../../lib/i18n/t';

describe('t', () => {
  it('asks the browser once per plain message, and every time for one with substitutions', () => {
    const getMessage = vi.spyOn(fakeBrowser.i18n, 'getMessage');
    expect(t('popup_clear_search')).toBe('Clear search');
    expect(t('popup_clear_search')).toBe('Clear search');
    expect(getMessage.mock.calls.filter(([key]) => key === 'popup_clear_search')).toHaveLength(1);
    expect(t('popup_empty_search_title', 'goethe')).toBe('No job matches “goethe”');
    expect(t('popup_empty_search_title', 'linde')).toBe('No job matches “linde”');
    expect(getMessage.mock.calls.filter(([key]) => key === 'popup_empty_search_title')).toHaveLength(2);
  });
});
