/**
 * The admin site's markup, per layout, in one place: where the extension's UI attaches, where
 * the site shows a job's status, which forms save settings, where each checklist item is fixed,
 * and the overview's rows. Everything else asks these functions and never writes a selector of
 * its own, so a markup change on the site is fixed here and caught by the fixture tests
 * (tests/lib/pages, against HTML saved from the sandbox by scripts/save-fixtures.ts).
 */
import type { ChecklistItemId } from '../core/types';
import type { AdminLayout } from './urls';

export interface SettingsPageSelectors {
  /** The element the extension's status UI is appended to. */
  anchor: string;
  /**
   * Inline style for the UI's host element inside the anchor: the new banner is a grid, and the
   * UI takes a full row of it; the classic status cell flows inline after the buttons.
   */
  hostStyle: string;
  /** The site's own status label of the job. */
  statusLabel: string;
  /** The site's own buttons (and menu items) that change the status. */
  statusButtons: string;
  /** The settings forms; submitting one saves settings the checklist depends on. */
  settingsForms: string;
  /** Buttons that save settings at once, without submitting a form. */
  saveButtons: string;
  /**
   * Where each checklist item is fixed on this page: a settings section to scroll to, or a tab
   * link to follow. null: not on this page (invoice settings live in the account settings).
   */
  fixTargets: Readonly<Record<ChecklistItemId, string | null>>;
}

export interface OverviewPageSelectors {
  /** One row per job, carrying its id in `data-job-id`. */
  rows: string;
  /** Within a row: the cell with the status label; the badge is appended to it. */
  statusCell: string;
  /** Within a row: the site's status label. */
  statusLabel: string;
  /** Inline style of a badge's host in the status cell: under the label (new), after it (classic). */
  badgeStyle: string;
}

const NEW_SETTINGS: SettingsPageSelectors = {
  anchor: 'header.job-banner',
  hostStyle: 'display:block;grid-column:1 / -1;margin-top:10px;',
  statusLabel: 'header.job-banner .status-label',
  statusButtons: 'header.job-banner [data-status-target]',
  settingsForms: '#job-panel form.settings-form',
  saveButtons: '#job-panel [data-action="activate-codes"]',
  fixTargets: {
    'price-list': '#price-list',
    photos: 'nav.job-tabs a[data-tab="photos"]',
    'access-codes': '#access-type',
    'archive-deadline-future': '#archiving-settings',
    'invoice-settings': null,
    'archive-date': '#archiving-settings',
    'automated-campaign': '#automated-campaign',
    watermark: '#watermark',
    coupon: '#job-coupon',
    'prepay-deadline': '#important-events',
  },
};

const CLASSIC_SETTINGS: SettingsPageSelectors = {
  anchor: '#job-status-box .job-status-cell',
  hostStyle: 'display:inline-block;vertical-align:middle;margin-left:10px;',
  statusLabel: '#job-status-text',
  statusButtons: '#job-status-box [data-status-target]',
  settingsForms: '#job-tab-content form.classic-form',
  saveButtons: '#job-tab-content [data-action="activate-codes"]',
  fixTargets: {
    'price-list': '#fs-price-list',
    photos: '#job-tabs a[data-tab="photos"]',
    'access-codes': '#fs-access-type',
    'archive-deadline-future': '#fs-archiving-settings',
    'invoice-settings': null,
    'archive-date': '#fs-archiving-settings',
    'automated-campaign': '#fs-automated-campaign',
    watermark: '#fs-watermark',
    coupon: '#fs-job-coupon',
    'prepay-deadline': '#fs-important-events',
  },
};

const NEW_OVERVIEW: OverviewPageSelectors = {
  rows: 'table.jobs-table tbody tr[data-job-id]',
  statusCell: 'td.job-row__status',
  statusLabel: 'td.job-row__status .status-label',
  badgeStyle: 'display:block;margin-top:4px;',
};

const CLASSIC_OVERVIEW: OverviewPageSelectors = {
  rows: 'table#jobs-table tr[data-job-id]',
  statusCell: 'td.job-status',
  statusLabel: 'td.job-status',
  badgeStyle: 'display:inline-block;margin-left:8px;vertical-align:middle;',
};

export const SELECTORS: Readonly<Record<AdminLayout, { settings: SettingsPageSelectors; overview: OverviewPageSelectors }>> = {
  new: { settings: NEW_SETTINGS, overview: NEW_OVERVIEW },
  classic: { settings: CLASSIC_SETTINGS, overview: CLASSIC_OVERVIEW },
};

type Root = Document | Element;

/** The element the status UI attaches to, or null when the markup changed. */
export function findStatusAnchor(root: Root, layout: AdminLayout): Element | null {
  return root.querySelector(SELECTORS[layout].settings.anchor);
}

/** The status text the site shows right now, or null when its label is gone. */
export function readSiteStatus(root: Root, layout: AdminLayout): string | null {
  const label = root.querySelector(SELECTORS[layout].settings.statusLabel);
  return label ? (label.textContent ?? '').trim() : null;
}

/** The site's own status buttons. */
export function findSiteStatusButtons(root: Root, layout: AdminLayout): Element[] {
  return [...root.querySelectorAll(SELECTORS[layout].settings.statusButtons)];
}

/** Whether an event target is part of the site's own status controls. */
export function isSiteStatusButton(target: EventTarget | null, layout: AdminLayout): boolean {
  return target instanceof Element && target.closest(SELECTORS[layout].settings.statusButtons) !== null;
}

/** The settings form a submit event belongs to, or null for any other form. */
export function settingsFormOf(target: EventTarget | null, layout: AdminLayout): Element | null {
  return target instanceof Element ? target.closest(SELECTORS[layout].settings.settingsForms) : null;
}

/** The settings forms on the page. */
export function findSettingsForms(root: Root, layout: AdminLayout): Element[] {
  return [...root.querySelectorAll(SELECTORS[layout].settings.settingsForms)];
}

/** Whether a click target saves settings at once (no form submit). */
export function isSaveButton(target: EventTarget | null, layout: AdminLayout): boolean {
  return target instanceof Element && target.closest(SELECTORS[layout].settings.saveButtons) !== null;
}

/** Where a checklist item is fixed on this page, or null (not on this page, or the markup changed). */
export function findFixTarget(root: Root, layout: AdminLayout, item: ChecklistItemId): Element | null {
  const selector = SELECTORS[layout].settings.fixTargets[item];
  return selector ? root.querySelector(selector) : null;
}

/** Whether the page has a place to fix this item at all (independent of the current DOM). */
export function hasFixTarget(layout: AdminLayout, item: ChecklistItemId): boolean {
  return SELECTORS[layout].settings.fixTargets[item] !== null;
}

export interface OverviewRow {
  jobId: string;
  row: Element;
  /** Where the badge goes. */
  statusCell: Element;
  statusLabel: Element | null;
}

const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The overview's job rows with a usable id and status cell; malformed rows are skipped. */
export function findOverviewRows(root: Root, layout: AdminLayout): OverviewRow[] {
  const s = SELECTORS[layout].overview;
  const rows: OverviewRow[] = [];
  for (const row of root.querySelectorAll(s.rows)) {
    const jobId = row.getAttribute('data-job-id') ?? '';
    const statusCell = row.querySelector(s.statusCell);
    if (!JOB_ID.test(jobId) || !statusCell) continue;
    rows.push({ jobId, row, statusCell, statusLabel: row.querySelector(s.statusLabel) });
  }
  return rows;
}
