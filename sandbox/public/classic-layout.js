// The job page of the CLASSIC admin design. Mirrors sandbox/pages/classic-layout.ts element for
// element: tests/sandbox/page-scripts.test.ts compares the two.
import { allowedTransitions, dateInput, el, orderCount, startJobPage } from './common.js';

const TABS = [
  { id: 'settings', label: 'Settings' },
  { id: 'photos', label: 'Photos' },
  { id: 'orders', label: 'Orders' },
];
const METHOD_LABELS = { proofing: 'Proofing', prepay: 'Prepay', prepay_plus: 'Prepay+' };
const BUTTONS = [
  { to: 'selling', id: 'btn-sell', label: 'Sell', always: true },
  { to: 'archived', id: 'btn-archive', label: 'Archive', always: true },
  { to: 'planning', id: 'btn-planning', label: 'Back to planning', always: false },
  { to: 'prepay', id: 'btn-prepay', label: 'Prepay', always: false },
];

export function classicButtons(job, ctx) {
  const allowed = allowedTransitions(job, ctx.account, ctx.transitions);
  return BUTTONS.filter((b) => b.always || allowed.includes(b.to)).map((b) => ({ ...b, enabled: allowed.includes(b.to) }));
}

const infoRow = (label, cls, value) => el('tr', {}, el('th', { scope: 'row' }, label), el('td', { class: cls }, value));

export function renderStatusBox(job, ctx) {
  return el(
    'table',
    { id: 'job-status-box', class: 'classic-box', 'data-job-id': job.id, 'data-status': job.status, 'data-version': job.version },
    el('caption', {}, 'Job details'),
    el(
      'tbody',
      {},
      infoRow('Job name', 'job-name', job.name),
      infoRow('Internal name', 'job-internal-name', job.internalName),
      infoRow('Job ID', 'job-id', job.id),
      infoRow('Organisation', 'job-organization', job.organization),
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, 'Status'),
        el(
          'td',
          { class: 'job-status-cell' },
          el('b', { id: 'job-status-text', class: 'job-status-text' }, ctx.labels.status[job.status] || job.status),
          classicButtons(job, ctx).map((b) =>
            el('button', { type: 'button', id: b.id, class: 'classic-btn', 'data-status-target': b.to, disabled: !b.enabled }, b.label),
          ),
        ),
      ),
    ),
  );
}

export function renderTabs(job, tab) {
  return el(
    'ul',
    { id: 'job-tabs', class: 'classic-tabs' },
    TABS.map((t) =>
      el('li', { class: t.id === tab ? 'active' : null }, el('a', { href: `/classic/jobs/${encodeURIComponent(job.id)}/${t.id}`, 'data-tab': t.id }, t.label)),
    ),
  );
}

const option = (value, label, selected) => el('option', { value, selected }, label);
const row = (label, ...control) => el('tr', {}, el('td', { class: 'form-table__label' }, label), el('td', {}, control));

function fieldset(id, legend, ...rows) {
  return el(
    'form',
    { class: 'classic-form', id: `form-${id}`, 'data-form': id, novalidate: true },
    el(
      'fieldset',
      { id: `fs-${id}` },
      el('legend', {}, legend),
      el('table', { class: 'form-table' }, el('tbody', {}, rows)),
      el(
        'div',
        { class: 'classic-form__actions' },
        el('input', { type: 'submit', value: 'Save', class: 'classic-btn' }),
        ' ',
        el('span', { class: 'form-status' }),
      ),
    ),
  );
}

export function renderSettings(job, ctx) {
  const prepayMethods = ctx.account.features.prepay || job.salesMethod !== 'proofing';
  const methods = ['proofing', 'prepay', 'prepay_plus'].filter((m) => m === 'proofing' || prepayMethods);
  const allActivated = job.accessCodes.activated >= job.accessCodes.total;
  const delay = job.archiving.delayDays;
  return [
    fieldset(
      'access-type',
      'Access type',
      row('Sales method', el('select', { name: 'salesMethod' }, methods.map((m) => option(m, METHOD_LABELS[m], m === job.salesMethod)))),
      row(
        'Access codes',
        el('span', { class: 'access-codes__summary' }, `${job.accessCodes.activated} / ${job.accessCodes.total} activated`),
        ' ',
        el('input', { type: 'button', class: 'classic-btn', 'data-action': 'activate-codes', value: 'Activate all codes', disabled: allActivated }),
      ),
    ),
    fieldset(
      'price-list',
      'Price list',
      row(
        'Price list',
        el(
          'select',
          { name: 'priceList' },
          option('', '-- none --', job.priceList === null),
          ctx.catalogs.priceLists.map((p) => option(p.id, p.name, !!job.priceList && job.priceList.id === p.id)),
        ),
      ),
    ),
    fieldset(
      'important-events',
      'Important events',
      row('Photo date', el('input', { type: 'date', name: 'shootDate', value: dateInput(job.shootDate) })),
      job.salesMethod !== 'proofing' ? row('Prepay deadline', el('input', { type: 'date', name: 'prepayDeadline', value: dateInput(job.prepayDeadline) })) : null,
    ),
    fieldset(
      'archiving-settings',
      'Archiving',
      row('Archive automatically', el('input', { type: 'checkbox', name: 'archiving.enabled', checked: job.archiving.enabled })),
      row('Archiving date', el('input', { type: 'date', name: 'archiving.deadline', value: dateInput(job.archiving.deadline) })),
      row(
        'Delay',
        el(
          'select',
          { name: 'archiving.delayDays' },
          option('', 'do not archive automatically', delay === null),
          [0, 1, 2, 3].map((d) => option(String(d), `${d} day(s)`, delay === d)),
        ),
      ),
    ),
    fieldset(
      'automated-campaign',
      'Communication profile',
      row(
        'Automated campaign',
        el(
          'select',
          { name: 'automatedCampaign' },
          option('', '-- none --', job.automatedCampaign === null),
          ctx.catalogs.automatedCampaigns.map((a) => option(a.id, a.name, !!job.automatedCampaign && job.automatedCampaign.id === a.id)),
        ),
      ),
    ),
    fieldset('watermark', 'Watermark', row('Watermark on previews', el('input', { type: 'checkbox', name: 'watermark', checked: job.watermark }))),
    fieldset(
      'job-coupon',
      'Job coupon',
      row('Coupon active', el('input', { type: 'checkbox', name: 'coupon.enabled', checked: job.coupon.enabled })),
      row('Coupon deadline', el('input', { type: 'date', name: 'coupon.deadline', value: dateInput(job.coupon.deadline) })),
    ),
  ];
}

export function renderPhotos(job) {
  return el(
    'fieldset',
    { id: 'fs-photos' },
    el('legend', {}, 'Photos'),
    el('p', { class: 'classic-photos' }, `${job.photos.uploaded} photos uploaded.`),
    el('p', { class: 'classic-hint' }, 'FTP / Lightroom upload is only possible in status Planning.'),
  );
}

export function renderOrders(job) {
  const count = orderCount(job);
  return el(
    'fieldset',
    { id: 'fs-orders' },
    el('legend', {}, 'Orders'),
    el('p', { class: 'classic-orders' }, count === 0 ? 'No orders.' : `${count} orders.`),
  );
}

export function renderTabContent(job, ctx, tab) {
  const inner = tab === 'settings' ? renderSettings(job, ctx) : tab === 'photos' ? renderPhotos(job) : renderOrders(job);
  return el('div', { id: 'job-tab-content', 'data-tab': tab }, inner);
}

function showMessage(text, kind) {
  const box = document.getElementById('classic-message');
  if (!box) return;
  box.textContent = text;
  box.className = text ? `classic-message classic-message--${kind}` : 'classic-message';
}

export function start() {
  startJobPage({
    headerSelector: '#job-status-box',
    tabsSelector: '#job-tabs',
    panelSelector: '#job-tab-content',
    renderHeader: renderStatusBox,
    renderTabs,
    renderPanel: renderTabContent,
    title: (job) => `Job ${job.id} - GotPhoto Admin`,
    pathFor: (id, tab) => `/classic/jobs/${encodeURIComponent(id)}/${tab}`,
    tabOf: (pathname, id) => {
      const m = /^\/classic\/jobs\/([^/]+)\/(settings|photos|orders)\/?$/.exec(pathname);
      return m && decodeURIComponent(m[1]) === id ? m[2] : null;
    },
    showMessage,
    // The classic design has no go-live checklist.
    beforeStatusChange: () => Promise.resolve(true),
  });
}

if (typeof document !== 'undefined' && document.getElementById('job-data')) start();
