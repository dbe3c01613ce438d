/**
 * The CLASSIC admin design: a top bar and horizontal navigation, a table-based "Job details" box
 * (`#job-status-box`) with the status as text and Sell / Archive buttons, settings as fieldsets.
 *
 * sandbox/public/classic-layout.js re-renders the box and the tab content with the same markup.
 */
import { html } from 'hono/html';
import { allowedTransitions } from '../../lib/core/transitions';
import type { Account, Job, JobStatus } from '../../lib/core/types';
import { AUTOMATED_CAMPAIGNS, PRICE_LISTS } from '../seed';
import type { AccountRecord, SessionRecord } from '../state';
import {
  dateInput,
  documentHead,
  orderCount,
  pageData,
  SALES_METHOD_LABELS,
  scriptJson,
  STATUS_LABELS,
  TABS,
  type Html,
  type Tab,
} from './common';

export function classicShell(opts: {
  title: string;
  rec: AccountRecord;
  session: SessionRecord;
  newHref: string;
  body: Html;
  scripts?: string[];
}): Html {
  const { rec } = opts;
  return html`<!doctype html>
<html lang="en">
${documentHead(`${opts.title} - GotPhoto Admin`, opts.session.csrfToken)}
<body class="classic">
<div id="classic-header">
  <a class="classic-header__brand" href="/classic/jobs">GotPhoto <span>Admin</span></a>
  <div class="classic-header__account">
    <span class="classic-header__account-name">${rec.account.name}</span> |
    <span>${rec.user.email}</span> |
    <a href="${opts.newHref}">Try the new design</a> |
    <form method="post" action="/logout" class="classic-inline-form"><input type="submit" value="Logout" class="classic-link-btn"></form>
  </div>
</div>
<ul id="classic-nav">
  <li class="active"><a href="/classic/jobs">Jobs</a></li>
  <li><span>Orders</span></li>
  <li><span>Customers</span></li>
  <li><span>Price lists</span></li>
  <li><span>Communication</span></li>
  <li><span>Account</span></li>
</ul>
<div id="classic-content">
${opts.body}
</div>
<div id="classic-footer">© GotPhoto · local sandbox</div>
${(opts.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`)}
</body>
</html>`;
}

const CLASSIC_BUTTONS: readonly { to: JobStatus; id: string; label: string; always: boolean }[] = [
  { to: 'selling', id: 'btn-sell', label: 'Sell', always: true },
  { to: 'archived', id: 'btn-archive', label: 'Archive', always: true },
  { to: 'planning', id: 'btn-planning', label: 'Back to planning', always: false },
  { to: 'prepay', id: 'btn-prepay', label: 'Prepay', always: false },
];

/** Sell and Archive are always there (disabled when not allowed); the others only when allowed. */
export function classicButtons(job: Job, account: Account): { to: JobStatus; id: string; label: string; enabled: boolean }[] {
  const allowed = allowedTransitions(job, account);
  return CLASSIC_BUTTONS.filter((b) => b.always || allowed.includes(b.to)).map((b) => ({
    to: b.to,
    id: b.id,
    label: b.label,
    enabled: allowed.includes(b.to),
  }));
}

export function classicStatusBox(job: Job, account: Account): Html {
  return html`<table id="job-status-box" class="classic-box" data-job-id="${job.id}" data-status="${job.status}" data-version="${job.version}">
<caption>Job details</caption>
<tbody>
<tr><th scope="row">Job name</th><td class="job-name">${job.name}</td></tr>
<tr><th scope="row">Internal name</th><td class="job-internal-name">${job.internalName}</td></tr>
<tr><th scope="row">Job ID</th><td class="job-id">${job.id}</td></tr>
<tr><th scope="row">Organisation</th><td class="job-organization">${job.organization}</td></tr>
<tr><th scope="row">Status</th><td class="job-status-cell"><b id="job-status-text" class="job-status-text">${STATUS_LABELS[job.status]}</b>
${classicButtons(job, account).map((b) =>
  b.enabled
    ? html`<button type="button" id="${b.id}" class="classic-btn" data-status-target="${b.to}">${b.label}</button>`
    : html`<button type="button" id="${b.id}" class="classic-btn" data-status-target="${b.to}" disabled>${b.label}</button>`,
)}
</td></tr>
</tbody>
</table>`;
}

export function classicTabs(job: Job, tab: Tab): Html {
  return html`<ul id="job-tabs" class="classic-tabs">
${TABS.map((t) => html`<li${t.id === tab ? html` class="active"` : ''}><a href="/classic/jobs/${encodeURIComponent(job.id)}/${t.id}" data-tab="${t.id}">${t.label}</a></li>`)}
</ul>`;
}

function option(value: string, label: string, selected: boolean): Html {
  return selected ? html`<option value="${value}" selected>${label}</option>` : html`<option value="${value}">${label}</option>`;
}

function checkbox(name: string, checked: boolean): Html {
  return checked ? html`<input type="checkbox" name="${name}" checked>` : html`<input type="checkbox" name="${name}">`;
}

function fieldset(id: string, legend: string, rows: Html): Html {
  return html`<form class="classic-form" id="form-${id}" data-form="${id}" novalidate>
<fieldset id="fs-${id}">
<legend>${legend}</legend>
<table class="form-table">
${rows}
</table>
<div class="classic-form__actions"><input type="submit" value="Save" class="classic-btn"> <span class="form-status"></span></div>
</fieldset>
</form>`;
}

function row(label: string, control: Html): Html {
  return html`<tr><td class="form-table__label">${label}</td><td>${control}</td></tr>`;
}

export function classicSettings(job: Job, account: Account): Html {
  const prepayMethods = account.features.prepay || job.salesMethod !== 'proofing';
  const methods = (['proofing', 'prepay', 'prepay_plus'] as const).filter((m) => m === 'proofing' || prepayMethods);
  const allActivated = job.accessCodes.activated >= job.accessCodes.total;
  const delay = job.archiving.delayDays;
  return html`${fieldset(
    'access-type',
    'Access type',
    html`${row('Sales method', html`<select name="salesMethod">${methods.map((m) => option(m, SALES_METHOD_LABELS[m], m === job.salesMethod))}</select>`)}
${row(
  'Access codes',
  html`<span class="access-codes__summary">${job.accessCodes.activated} / ${job.accessCodes.total} activated</span> <input type="button" class="classic-btn" data-action="activate-codes" value="Activate all codes"${allActivated ? ' disabled' : ''}>`,
)}`,
  )}
${fieldset(
  'price-list',
  'Price list',
  row('Price list', html`<select name="priceList">${option('', '-- none --', job.priceList === null)}${PRICE_LISTS.map((p) => option(p.id, p.name, job.priceList?.id === p.id))}</select>`),
)}
${fieldset(
  'important-events',
  'Important events',
  html`${row('Photo date', html`<input type="date" name="shootDate" value="${dateInput(job.shootDate)}">`)}
${job.salesMethod !== 'proofing' ? row('Prepay deadline', html`<input type="date" name="prepayDeadline" value="${dateInput(job.prepayDeadline)}">`) : ''}`,
)}
${fieldset(
  'archiving-settings',
  'Archiving',
  html`${row('Archive automatically', checkbox('archiving.enabled', job.archiving.enabled))}
${row('Archiving date', html`<input type="date" name="archiving.deadline" value="${dateInput(job.archiving.deadline)}">`)}
${row('Delay', html`<select name="archiving.delayDays">${option('', 'do not archive automatically', delay === null)}${[0, 1, 2, 3].map((d) => option(String(d), `${d} day(s)`, delay === d))}</select>`)}`,
)}
${fieldset(
  'automated-campaign',
  'Communication profile',
  row('Automated campaign', html`<select name="automatedCampaign">${option('', '-- none --', job.automatedCampaign === null)}${AUTOMATED_CAMPAIGNS.map((a) => option(a.id, a.name, job.automatedCampaign?.id === a.id))}</select>`),
)}
${fieldset('watermark', 'Watermark', row('Watermark on previews', checkbox('watermark', job.watermark)))}
${fieldset(
  'job-coupon',
  'Job coupon',
  html`${row('Coupon active', checkbox('coupon.enabled', job.coupon.enabled))}
${row('Coupon deadline', html`<input type="date" name="coupon.deadline" value="${dateInput(job.coupon.deadline)}">`)}`,
)}`;
}

export function classicPhotos(job: Job): Html {
  return html`<fieldset id="fs-photos"><legend>Photos</legend>
<p class="classic-photos">${job.photos.uploaded} photos uploaded.</p>
<p class="classic-hint">FTP / Lightroom upload is only possible in status Planning.</p>
</fieldset>`;
}

export function classicOrders(job: Job): Html {
  const count = orderCount(job);
  return html`<fieldset id="fs-orders"><legend>Orders</legend>
<p class="classic-orders">${count === 0 ? 'No orders.' : `${count} orders.`}</p>
</fieldset>`;
}

export function classicTabContent(job: Job, account: Account, tab: Tab): Html {
  const inner = tab === 'settings' ? classicSettings(job, account) : tab === 'photos' ? classicPhotos(job) : classicOrders(job);
  return html`<div id="job-tab-content" data-tab="${tab}">
${inner}
</div>`;
}

export function classicJobPage(rec: AccountRecord, session: SessionRecord, job: Job, tab: Tab): Html {
  const account = rec.account;
  const body = html`<p class="classic-breadcrumb"><a href="/classic/jobs">Jobs</a> &raquo; Job ${job.id}</p>
${classicStatusBox(job, account)}
<div id="classic-message" class="classic-message" role="status"></div>
${classicTabs(job, tab)}
${classicTabContent(job, account, tab)}
<script type="application/json" id="job-data">${scriptJson(pageData(job, account, 'classic', tab))}</script>`;
  return classicShell({
    title: `Job ${job.id}`,
    rec,
    session,
    newHref: `/jobs/${encodeURIComponent(job.id)}/${tab}`,
    body,
    scripts: ['/static/classic-layout.js'],
  });
}
