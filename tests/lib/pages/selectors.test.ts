// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { GO_LIVE_ITEM_IDS, PREPAY_ITEM_IDS, type ChecklistItemId } from '../../../lib/core/types';
import {
  findFixTarget,
  findOverviewRows,
  findSettingsForms,
  findSiteStatusButtons,
  findStatusAnchor,
  hasFixTarget,
  isSaveButton,
  isSiteStatusButton,
  readSiteStatus,
  SELECTORS,
  settingsFormOf,
} from '../../../lib/pages/selectors';
import type { AdminLayout } from '../../../lib/pages/urls';
import { FIXTURE_INFO, parseFixture } from '../../fixtures/html/load';

const LAYOUTS: AdminLayout[] = ['new', 'classic'];
const ITEMS: ChecklistItemId[] = [...new Set<ChecklistItemId>([...GO_LIVE_ITEM_IDS, ...PREPAY_ITEM_IDS])];

describe.each(LAYOUTS)('selectors on the saved %s-layout pages', (layout) => {
  const settings = parseFixture(`${layout}-settings`);
  const overview = parseFixture(`${layout}-overview`);
  const other = parseFixture(layout === 'new' ? 'classic-settings' : 'new-settings');

  it('finds exactly one status anchor on the settings page, and none on the overview', () => {
    expect(settings.querySelectorAll(SELECTORS[layout].settings.anchor)).toHaveLength(1);
    expect(findStatusAnchor(settings, layout)).not.toBeNull();
    expect(findStatusAnchor(overview, layout)).toBeNull();
  });

  it('does not match the other layout (the layout comes from the URL, and must not be guessed)', () => {
    expect(findStatusAnchor(other, layout)).toBeNull();
    expect(findSettingsForms(other, layout)).toHaveLength(0);
  });

  it('reads the status the site shows', () => {
    expect(readSiteStatus(settings, layout)).toBe('Planning');
  });

  it('finds the site’s own status buttons, each naming its target status', () => {
    const buttons = findSiteStatusButtons(settings, layout);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    for (const button of buttons) {
      expect(['planning', 'prepay', 'selling', 'archived']).toContain(button.getAttribute('data-status-target'));
      expect(isSiteStatusButton(button, layout)).toBe(true);
    }
    expect(buttons.map((b) => b.getAttribute('data-status-target'))).toEqual(expect.arrayContaining(['selling', 'archived']));
    expect(isSiteStatusButton(settings.body, layout)).toBe(false);
  });

  it('finds the seven settings forms, each with a Save button, and knows their controls', () => {
    const forms = findSettingsForms(settings, layout);
    expect(forms.map((f) => f.getAttribute('data-form'))).toEqual([
      'access-type',
      'price-list',
      'important-events',
      'archiving-settings',
      'automated-campaign',
      'watermark',
      'job-coupon',
    ]);
    for (const form of forms) {
      const save = form.querySelector('[type="submit"]');
      expect(save, form.getAttribute('data-form') ?? '').not.toBeNull();
      expect(settingsFormOf(save, layout)).toBe(form);
    }
    expect(settingsFormOf(settings.querySelector('form[action="/logout"]'), layout)).toBeNull();
    expect(settingsFormOf(null, layout)).toBeNull();
  });

  it('recognises the button that saves at once (activate all codes)', () => {
    const activate = settings.querySelector('[data-action="activate-codes"]');
    expect(activate).not.toBeNull();
    expect(isSaveButton(activate, layout)).toBe(true);
    expect(isSaveButton(settings.querySelector('[type="submit"]'), layout)).toBe(false);
  });

  it.each(ITEMS)('finds where to fix %s', (item) => {
    const target = findFixTarget(settings, layout, item);
    if (!hasFixTarget(layout, item)) {
      expect(item).toBe('invoice-settings');
      expect(target).toBeNull();
      return;
    }
    expect(target, item).not.toBeNull();
    if (item === 'photos') {
      expect(target?.tagName).toBe('A');
      expect(target?.getAttribute('href')).toBe(`${layout === 'classic' ? '/classic' : ''}/jobs/${FIXTURE_INFO.settingsJobId}/photos`);
    } else {
      // A section holding a form (the new layout) or the form's fieldset (the classic one).
      expect(target?.querySelector('select, input'), item).not.toBeNull();
    }
  });

  it('lists every overview row with its job id, status cell and status label', () => {
    const rows = findOverviewRows(overview, layout);
    expect(rows.map((r) => r.jobId).sort()).toEqual([...FIXTURE_INFO.overviewJobIds].sort());
    for (const row of rows) {
      expect(row.row.contains(row.statusCell)).toBe(true);
      expect(['Planning', 'Prepay', 'Selling', 'Archived']).toContain(row.statusLabel?.textContent?.trim());
    }
    expect(findOverviewRows(settings, layout)).toHaveLength(0);
  });

  it('skips rows whose id is not a job id', () => {
    const doc = parseFixture(`${layout}-overview`);
    const first = doc.querySelector(SELECTORS[layout].overview.rows);
    first?.setAttribute('data-job-id', '../../etc');
    expect(findOverviewRows(doc, layout)).toHaveLength(FIXTURE_INFO.overviewJobIds.length - 1);
  });
});
