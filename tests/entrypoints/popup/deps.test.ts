// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserDeps, PREFS_KEY } from '../../../entrypoints/popup/deps';
import { parsePrefs } from '../../../entrypoints/popup/prefs';

describe('popup prefs storage', () => {
  afterEach(() => {
    localStorage.clear();
    vi.restoreAllMocks();
  });

  it('keeps prefs across openings, read back synchronously', () => {
    browserDeps().savePrefs({ filter: 'selling', sort: 'name', dismissedBulkId: 'b1' });
    expect(browserDeps().loadPrefs()).toEqual({ filter: 'selling', sort: 'name', dismissedBulkId: 'b1' });
  });

  it('reads nothing before anything was saved', () => {
    expect(browserDeps().loadPrefs()).toBeUndefined();
  });

  it('treats damaged stored prefs as none, so the popup opens with defaults', () => {
    localStorage.setItem(PREFS_KEY, '{"filter": "sell');
    const raw = browserDeps().loadPrefs();
    expect(raw).toBeUndefined();
    expect(parsePrefs(raw)).toEqual({ filter: 'all', sort: 'updated', dismissedBulkId: null });
  });

  it('does not fail when storage refuses to save (full or disabled)', () => {
    const setItem = vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    browserDeps().savePrefs({ filter: 'selling', sort: 'name', dismissedBulkId: null });
    expect(setItem).toHaveBeenCalled();
    expect(localStorage.getItem(PREFS_KEY)).toBeNull();
  });
});
