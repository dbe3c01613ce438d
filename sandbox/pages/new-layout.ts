/**
 * A job's page in the NEW admin design: top banner with status label, green "Start selling",
 * three-dot menu; tabs Settings / Photos / Orders; settings in sections.
 *
 * sandbox/public/new-layout.js re-renders the banner and the tab panel in the browser with the
 * same markup (tests/sandbox/page-scripts.test.ts keeps both in step).
 */
import { html } from 'hono/html';
import { allowedTransitions } from '../../lib/core/transitions';
import type { Account, Job, JobStatus } from '../../lib/core/types';
import { AUTOMATED_CAMPAIGNS, PRICE_LISTS } from '../seed';
import type { AccountRecord, SessionRecord } from '../state';
import {
  dateInput,
  formatDate,
  orderCount,
  pageData,
  SALES_METHOD_LABELS,
  scriptJson,
  statusLabel,
  TABS,
  type Html,
  type Tab,
} from './common';
import { newShell } from './shell';

/** The banner's actions for a job: the green button (planning only) and the three-dot menu items. */
export function bannerActions(job: Job, account: Account): { primary: JobStatus | null; menu: { to: JobStatus; label: string }[] } {
  const allowed = allowedTransitions(job, account);
  const has = (s: JobStatus) => allowed.includes(s);
  if (job.status === 'planning') {
    return {
      primary: has('selling') ? 'selling' : null,
      menu: [
        ...(has('prepay') ? [{ to: 'prepay' as const, label: 'Switch to Prepay' }] : []),
        ...(has('archived') ? [{ to: 'archived' as const, label: 'Archive' }] : []),
      ],
    };
  }
  const menu: { to: JobStatus; label: string }[] = [];
  if (has('selling')) menu.push({ to: 'selling', label: 'Start selling' });
  if (has('planning')) menu.push({ to: 'planning', label: 'Move to Planning' });
  if (has('archived')) menu.push({ to: 'archived', label: 'Archive' });
  return { primary: null, menu };
}

export function jobBanner(job: Job, account: Account): Html {
  const { primary, menu } = bannerActions(job, account);
  return html`<header class="job-banner" data-job-id="${job.id}" data-status="${job.status}" data-version="${job.version}">
<div class="job-banner__main">
<h1 class="job-banner__title">${job.name}</h1>
${statusLabel(job.status)}
</div>
<p class="job-banner__meta"><span class="job-banner__id">Job ID ${job.id}</span>${job.internalName ? html`<span class="job-banner__internal">${job.internalName}</span>` : ''}<span class="job-banner__org">${job.organization}</span></p>
<div class="job-banner__actions">
${primary ? html`<button type="button" class="btn btn--success job-banner__start-selling" data-status-target="${primary}">Start selling</button>` : ''}
<div class="menu">
<button type="button" class="btn btn--icon job-banner__more" aria-label="More actions" aria-haspopup="menu" aria-expanded="false" aria-controls="job-actions-menu">⋮</button>
<div class="menu__popover" id="job-actions-menu" role="menu" hidden>
${menu.map((item) => html`<button type="button" role="menuitem" class="menu__item${item.to === 'archived' ? ' menu__item--danger' : ''}" data-status-target="${item.to}">${item.label}</button>`)}
</div>
</div>
</div>
</header>`;
}

export function jobTabs(job: Job, tab: Tab): Html {
  return html`<nav class="job-tabs" aria-label="Job sections">
${TABS.map((t) =>
  t.id === tab
    ? html`<a class="job-tabs__tab is-active" href="/jobs/${encodeURIComponent(job.id)}/${t.id}" data-tab="${t.id}" aria-current="page">${t.label}</a>`
    : html`<a class="job-tabs__tab" href="/jobs/${encodeURIComponent(job.id)}/${t.id}" data-tab="${t.id}">${t.label}</a>`,
)}
</nav>`;
}

function formFooter(): Html {
  return html`<div class="form-actions"><button type="submit" class="btn btn--primary">Save</button><span class="form-status" role="status"></span></div>`;
}

function option(value: string, label: string, selected: boolean): Html {
  return selected ? html`<option value="${value}" selected>${label}</option>` : html`<option value="${value}">${label}</option>`;
}

function checkbox(name: string, id: string, checked: boolean): Html {
  return checked
    ? html`<input type="checkbox" id="${id}" name="${name}" checked>`
    : html`<input type="checkbox" id="${id}" name="${name}">`;
}

function section(id: string, title: string, body: Html): Html {
  return html`<section id="${id}" class="settings-section">
<h2 class="settings-section__title">${title}</h2>
<form class="settings-form" data-form="${id}" novalidate>
${body}
${formFooter()}
</form>
</section>`;
}

export function settingsPanel(job: Job, account: Account): Html {
  const prepayMethods = account.features.prepay || job.salesMethod !== 'proofing';
  const methods = (['proofing', 'prepay', 'prepay_plus'] as const).filter((m) => m === 'proofing' || prepayMethods);
  const allActivated = job.accessCodes.activated >= job.accessCodes.total;
  const isPrepay = job.salesMethod !== 'proofing';
  const delay = job.archiving.delayDays;
  return html`${section(
    'access-type',
    'Access type',
    html`<div class="field"><label class="field__label" for="f-salesMethod">Sales method</label><select id="f-salesMethod" name="salesMethod">${methods.map((m) => option(m, SALES_METHOD_LABELS[m], m === job.salesMethod))}</select></div>
<div class="access-codes"><span class="access-codes__summary">Access codes: <strong class="access-codes__activated">${job.accessCodes.activated}</strong> of <span class="access-codes__total">${job.accessCodes.total}</span> activated</span><button type="button" class="btn btn--secondary" data-action="activate-codes"${allActivated ? ' disabled' : ''}>Activate all codes</button></div>
<p class="field__hint">Login rate: ${Math.round(job.loginRate * 100)} %</p>`,
  )}
${section(
  'price-list',
  'Price list',
  html`<div class="field"><label class="field__label" for="f-priceList">Price list</label><select id="f-priceList" name="priceList">${option('', '— No price list —', job.priceList === null)}${PRICE_LISTS.map((p) => option(p.id, p.name, job.priceList?.id === p.id))}</select></div>`,
)}
${section(
  'important-events',
  'Important events',
  html`<div class="field"><label class="field__label" for="f-shootDate">Shoot date</label><input type="date" id="f-shootDate" name="shootDate" value="${dateInput(job.shootDate)}"></div>
${isPrepay ? html`<div class="field"><label class="field__label" for="f-prepayDeadline">Prepay deadline</label><input type="date" id="f-prepayDeadline" name="prepayDeadline" value="${dateInput(job.prepayDeadline)}"></div>` : ''}`,
)}
${section(
  'archiving-settings',
  'Archiving settings',
  html`<div class="field field--inline">${checkbox('archiving.enabled', 'f-archiving-enabled', job.archiving.enabled)}<label for="f-archiving-enabled">Archive this job automatically</label></div>
<div class="field"><label class="field__label" for="f-archiving-deadline">Archiving date</label><input type="date" id="f-archiving-deadline" name="archiving.deadline" value="${dateInput(job.archiving.deadline)}"></div>
<div class="field"><label class="field__label" for="f-archiving-delay">Delay</label><select id="f-archiving-delay" name="archiving.delayDays">${option('', 'Do not archive automatically', delay === null)}${[0, 1, 2, 3].map((d) => option(String(d), d === 1 ? '1 day' : `${d} days`, delay === d))}</select></div>`,
)}
${section(
  'automated-campaign',
  'Automated campaign',
  html`<div class="field"><label class="field__label" for="f-automatedCampaign">Campaign</label><select id="f-automatedCampaign" name="automatedCampaign">${option('', '— No campaign —', job.automatedCampaign === null)}${AUTOMATED_CAMPAIGNS.map((a) => option(a.id, a.name, job.automatedCampaign?.id === a.id))}</select></div>`,
)}
${section(
  'watermark',
  'Watermark',
  html`<div class="field field--inline">${checkbox('watermark', 'f-watermark', job.watermark)}<label for="f-watermark">Show a watermark on preview photos</label></div>`,
)}
${section(
  'job-coupon',
  'Job coupon',
  html`<div class="field field--inline">${checkbox('coupon.enabled', 'f-coupon-enabled', job.coupon.enabled)}<label for="f-coupon-enabled">Offer a job coupon</label></div>
<div class="field"><label class="field__label" for="f-coupon-deadline">Coupon deadline</label><input type="date" id="f-coupon-deadline" name="coupon.deadline" value="${dateInput(job.coupon.deadline)}"></div>`,
)}`;
}

export function photosPanel(job: Job): Html {
  const tiles = Array.from({ length: Math.min(job.photos.uploaded, 12) }, (_, i) => i + 1);
  return html`<section id="photos" class="panel-card">
<h2 class="panel-card__title">Photos</h2>
<p class="photos-summary"><strong class="photos-summary__count">${job.photos.uploaded}</strong> photos uploaded</p>
<p class="field__hint">Uploads by FTP or the Lightroom plugin only work while the job is in Planning.</p>
${tiles.length
  ? html`<ul class="photo-grid">${tiles.map((n) => html`<li class="photo-tile">IMG_${String(n).padStart(4, '0')}</li>`)}</ul>`
  : html`<p class="empty-state">No photos yet.</p>`}
</section>`;
}

export function ordersPanel(job: Job): Html {
  const count = orderCount(job);
  return html`<section id="orders" class="panel-card">
<h2 class="panel-card__title">Orders</h2>
${count === 0
  ? html`<p class="empty-state">No orders yet. Orders appear once the job is selling.</p>`
  : html`<dl class="order-stats"><div><dt>Orders</dt><dd class="order-stats__count">${count}</dd></div><div><dt>Customers logged in</dt><dd>${Math.round(job.loginRate * 100)} %</dd></div><div><dt>Archiving date</dt><dd>${formatDate(job.archiving.deadline)}</dd></div></dl>`}
</section>`;
}

export function tabPanel(job: Job, account: Account, tab: Tab): Html {
  const inner = tab === 'settings' ? settingsPanel(job, account) : tab === 'photos' ? photosPanel(job) : ordersPanel(job);
  return html`<div class="job-panel" id="job-panel" data-tab="${tab}">
${inner}
</div>`;
}

export function newJobPage(rec: AccountRecord, session: SessionRecord, job: Job, tab: Tab): Html {
  const account = rec.account;
  const body = html`<a class="back-link" href="/jobs">← All jobs</a>
${jobBanner(job, account)}
<div class="flash-region" id="flash" aria-live="polite"></div>
${jobTabs(job, tab)}
${tabPanel(job, account, tab)}
<script type="application/json" id="job-data">${scriptJson(pageData(job, account, 'new', tab))}</script>`;
  return newShell({
    title: `${job.name} · ${TABS.find((t) => t.id === tab)?.label ?? ''}`,
    rec,
    session,
    classicHref: `/classic/jobs/${encodeURIComponent(job.id)}/${tab}`,
    body,
    scripts: ['/static/new-layout.js'],
  });
}
