import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, parsePrefs } from '../../../entrypoints/popup/prefs';

describe('popup prefs', () => {
  it('reads valid prefs', () => {
    expect(parsePrefs({ filter: 'attention', sort: 'archiveDeadline', dismissedBulkId: 'b1' })).toEqual({
      filter: 'attention',
      sort: 'archiveDeadline',
      dismissedBulkId: 'b1',
    });
  });

  it.each([undefined, null, 'x', 42, { filter: 'nope', sort: 7, dismissedBulkId: {} }])('falls back field by field: %j', (raw) => {
    expect(parsePrefs(raw)).toEqual(DEFAULT_PREFS);
  });
});
