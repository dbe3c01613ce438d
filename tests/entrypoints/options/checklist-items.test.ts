import { describe, expect, it } from 'vitest';
import { CHECKLIST_ROWS, defaultSeverity } from '../../../entrypoints/options/checklist-items';
import { GO_LIVE_CHECKLIST, PREPAY_CHECKLIST } from '../../../lib/core/checklist';

describe('checklist rows of the options page', () => {
  it('has one row per item id, go-live order first, then prepay-only items', () => {
    expect(CHECKLIST_ROWS.map((row) => row.id)).toEqual([...GO_LIVE_CHECKLIST.map((item) => item.id), 'prepay-deadline']);
  });

  it('names every checklist an item belongs to', () => {
    expect(CHECKLIST_ROWS.find((row) => row.id === 'coupon')?.kinds).toEqual(['go-live', 'prepay']);
    expect(CHECKLIST_ROWS.find((row) => row.id === 'watermark')?.kinds).toEqual(['go-live']);
    expect(CHECKLIST_ROWS.find((row) => row.id === 'prepay-deadline')?.kinds).toEqual(['prepay']);
  });

  it("shows lib/core's default, which is the same in every checklist that has the item", () => {
    // One setting per id applies to both checklists, so one default must describe both.
    for (const item of [...GO_LIVE_CHECKLIST, ...PREPAY_CHECKLIST]) expect(defaultSeverity(item.id), item.id).toBe(item.defaultSeverity);
  });
});
