/**
 * Pieces shared by the sandbox's server-rendered pages. All markup goes through Hono's `html`
 * tagged template, which escapes every interpolated value; `raw` is used only for JSON that is
 * made safe for a `<script type="application/json">` element here.
 */
import { html, raw } from 'hono/html';
import { TRANSITIONS } from '../../lib/core/transitions';
import type { Account, Job, JobStatus } from '../../lib/core/types';
import { AUTOMATED_CAMPAIGNS, PRICE_LISTS } from '../seed';

export type Html = ReturnType<typeof html>;
export type Tab = 'settings' | 'photos' | 'orders';
export const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'settings', label: 'Settings' },
  { id: 'photos', label: 'Photos' },
  { id: 'orders', label: 'Orders' },
];

export const STATUS_LABELS: Record<JobStatus, string> = {
  planning: 'Planning',
  prepay: 'Prepay',
  selling: 'Selling',
  archived: 'Archived',
};

export const JOB_TYPE_LABELS: Record<string, string> = {
  school: 'School',
  kindergarten: 'Kindergarten',
  sports: 'Sports',
  event: 'Event',
};

export const SALES_METHOD_LABELS: Record<Job['salesMethod'], string> = {
  proofing: 'Proofing',
  prepay: 'Prepay',
  prepay_plus: 'Prepay+',
};

export function statusLabel(status: JobStatus): Html {
  return html`<span class="status-label status-label--${status}">${STATUS_LABELS[status]}</span>`;
}

/** JSON for a `<script type="application/json">` block: nothing in it can close the element. */
export function scriptJson(value: unknown): Html {
  const json = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return raw(json);
}

/** Everything a job page's script needs besides the job: the account, catalogs and the transition table. */
export function pageData(job: Job, account: Account, layout: 'new' | 'classic', tab: Tab) {
  return {
    layout,
    tab,
    job,
    account: { name: account.name, features: account.features, invoiceSettingsComplete: account.invoiceSettingsComplete },
    catalogs: { priceLists: PRICE_LISTS, automatedCampaigns: AUTOMATED_CAMPAIGNS },
    transitions: TRANSITIONS,
    labels: { status: STATUS_LABELS, salesMethod: SALES_METHOD_LABELS },
  };
}

/** `YYYY-MM-DD` for a date input; '' when unset. */
export function dateInput(value: string | null): string {
  return value ? value.slice(0, 10) : '';
}

/** 12 Mar 2026 — a fixed English format, identical in page scripts. */
export function formatDate(value: string | null): string {
  if (!value) return '—';
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The orders summary shown on the Orders tab (the sandbox has no real orders). */
export function orderCount(job: Job): number {
  if (job.status === 'planning') return 0;
  return Math.round(job.accessCodes.activated * job.loginRate * 0.35);
}

export function documentHead(title: string, csrfToken: string | null, extra: Html | '' = ''): Html {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${csrfToken ? html`<meta name="csrf-token" content="${csrfToken}">` : ''}
<title>${title}</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/admin.css">
${extra}
</head>`;
}
