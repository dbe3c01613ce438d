// The job page of the NEW admin design. Mirrors sandbox/pages/new-layout.ts element for element:
// tests/sandbox/page-scripts.test.ts compares the two.
import { allowedTransitions, dateInput, el, formatDate, orderCount, startJobPage, todayIso } from './common.js';

const TABS = [
  { id: 'settings', label: 'Settings' },
  { id: 'photos', label: 'Photos' },
  { id: 'orders', label: 'Orders' },
];
const METHOD_LABELS = { proofing: 'Proofing', prepay: 'Prepay', prepay_plus: 'Prepay+' };

export function bannerActions(job, ctx) {
  const allowed = allowedTransitions(job, ctx.account, ctx.transitions);
  const has = (s) => allowed.includes(s);
  if (job.status === 'planning') {
    const menu = [];
    if (has('prepay')) menu.push({ to: 'prepay', label: 'Switch to Prepay' });
    if (has('archived')) menu.push({ to: 'archived', label: 'Archive' });
    return { primary: has('selling') ? 'selling' : null, menu };
  }
  const menu = [];
  if (has('selling')) menu.push({ to: 'selling', label: 'Start selling' });
  if (has('planning')) menu.push({ to: 'planning', label: 'Move to Planning' });
  if (has('archived')) menu.push({ to: 'archived', label: 'Archive' });
  return { primary: null, menu };
}

export function statusLabel(status, ctx) {
  return el('span', { class: `status-label status-label--${status}` }, ctx.labels.status[status] || status);
}

export function renderBanner(job, ctx) {
  const { primary, menu } = bannerActions(job, ctx);
  return el(
    'header',
    { class: 'job-banner', 'data-job-id': job.id, 'data-status': job.status, 'data-version': job.version },
    el('div', { class: 'job-banner__main' }, el('h1', { class: 'job-banner__title' }, job.name), statusLabel(job.status, ctx)),
    el(
      'p',
      { class: 'job-banner__meta' },
      el('span', { class: 'job-banner__id' }, `Job ID ${job.id}`),
      job.internalName ? el('span', { class: 'job-banner__internal' }, job.internalName) : null,
      el('span', { class: 'job-banner__org' }, job.organization),
    ),
    el(
      'div',
      { class: 'job-banner__actions' },
      primary
        ? el('button', { type: 'button', class: 'btn btn--success job-banner__start-selling', 'data-status-target': primary }, 'Start selling')
        : null,
      el(
        'div',
        { class: 'menu' },
        el(
          'button',
          {
            type: 'button',
            class: 'btn btn--icon job-banner__more',
            'aria-label': 'More actions',
            'aria-haspopup': 'menu',
            'aria-expanded': 'false',
            'aria-controls': 'job-actions-menu',
          },
          '⋮',
        ),
        el(
          'div',
          { class: 'menu__popover', id: 'job-actions-menu', role: 'menu', hidden: true },
          menu.map((item) =>
            el(
              'button',
              {
                type: 'button',
                role: 'menuitem',
                class: `menu__item${item.to === 'archived' ? ' menu__item--danger' : ''}`,
                'data-status-target': item.to,
              },
              item.label,
            ),
          ),
        ),
      ),
    ),
  );
}

export function renderTabs(job, tab) {
  return el(
    'nav',
    { class: 'job-tabs', 'aria-label': 'Job sections' },
    TABS.map((t) =>
      el(
        'a',
        {
          class: t.id === tab ? 'job-tabs__tab is-active' : 'job-tabs__tab',
          href: `/jobs/${encodeURIComponent(job.id)}/${t.id}`,
          'data-tab': t.id,
          'aria-current': t.id === tab ? 'page' : null,
        },
        t.label,
      ),
    ),
  );
}

const option = (value, label, selected) => el('option', { value, selected }, label);
const field = (id, label, control) => el('div', { class: 'field' }, el('label', { class: 'field__label', for: id }, label), control);
const inlineCheckbox = (name, id, checked, label) =>
  el('div', { class: 'field field--inline' }, el('input', { type: 'checkbox', id, name, checked }), el('label', { for: id }, label));

function section(id, title, ...body) {
  return el(
    'section',
    { id, class: 'settings-section' },
    el('h2', { class: 'settings-section__title' }, title),
    el(
      'form',
      { class: 'settings-form', 'data-form': id, novalidate: true },
      body,
      el(
        'div',
        { class: 'form-actions' },
        el('button', { type: 'submit', class: 'btn btn--primary' }, 'Save'),
        el('span', { class: 'form-status', role: 'status' }),
      ),
    ),
  );
}

export function renderSettings(job, ctx) {
  const prepayMethods = ctx.account.features.prepay || job.salesMethod !== 'proofing';
  const methods = ['proofing', 'prepay', 'prepay_plus'].filter((m) => m === 'proofing' || prepayMethods);
  const allActivated = job.accessCodes.activated >= job.accessCodes.total;
  const isPrepay = job.salesMethod !== 'proofing';
  const delay = job.archiving.delayDays;
  return [
    section(
      'access-type',
      'Access type',
      field('f-salesMethod', 'Sales method', el('select', { id: 'f-salesMethod', name: 'salesMethod' }, methods.map((m) => option(m, METHOD_LABELS[m], m === job.salesMethod)))),
      el(
        'div',
        { class: 'access-codes' },
        el(
          'span',
          { class: 'access-codes__summary' },
          'Access codes: ',
          el('strong', { class: 'access-codes__activated' }, job.accessCodes.activated),
          ' of ',
          el('span', { class: 'access-codes__total' }, job.accessCodes.total),
          ' activated',
        ),
        el('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'activate-codes', disabled: allActivated }, 'Activate all codes'),
      ),
      el('p', { class: 'field__hint' }, `Login rate: ${Math.round(job.loginRate * 100)} %`),
    ),
    section(
      'price-list',
      'Price list',
      field(
        'f-priceList',
        'Price list',
        el(
          'select',
          { id: 'f-priceList', name: 'priceList' },
          option('', '— No price list —', job.priceList === null),
          ctx.catalogs.priceLists.map((p) => option(p.id, p.name, !!job.priceList && job.priceList.id === p.id)),
        ),
      ),
    ),
    section(
      'important-events',
      'Important events',
      field('f-shootDate', 'Shoot date', el('input', { type: 'date', id: 'f-shootDate', name: 'shootDate', value: dateInput(job.shootDate) })),
      isPrepay
        ? field('f-prepayDeadline', 'Prepay deadline', el('input', { type: 'date', id: 'f-prepayDeadline', name: 'prepayDeadline', value: dateInput(job.prepayDeadline) }))
        : null,
    ),
    section(
      'archiving-settings',
      'Archiving settings',
      inlineCheckbox('archiving.enabled', 'f-archiving-enabled', job.archiving.enabled, 'Archive this job automatically'),
      field('f-archiving-deadline', 'Archiving date', el('input', { type: 'date', id: 'f-archiving-deadline', name: 'archiving.deadline', value: dateInput(job.archiving.deadline) })),
      field(
        'f-archiving-delay',
        'Delay',
        el(
          'select',
          { id: 'f-archiving-delay', name: 'archiving.delayDays' },
          option('', 'Do not archive automatically', delay === null),
          [0, 1, 2, 3].map((d) => option(String(d), d === 1 ? '1 day' : `${d} days`, delay === d)),
        ),
      ),
    ),
    section(
      'automated-campaign',
      'Automated campaign',
      field(
        'f-automatedCampaign',
        'Campaign',
        el(
          'select',
          { id: 'f-automatedCampaign', name: 'automatedCampaign' },
          option('', '— No campaign —', job.automatedCampaign === null),
          ctx.catalogs.automatedCampaigns.map((a) => option(a.id, a.name, !!job.automatedCampaign && job.automatedCampaign.id === a.id)),
        ),
      ),
    ),
    section('watermark', 'Watermark', inlineCheckbox('watermark', 'f-watermark', job.watermark, 'Show a watermark on preview photos')),
    section(
      'job-coupon',
      'Job coupon',
      inlineCheckbox('coupon.enabled', 'f-coupon-enabled', job.coupon.enabled, 'Offer a job coupon'),
      field('f-coupon-deadline', 'Coupon deadline', el('input', { type: 'date', id: 'f-coupon-deadline', name: 'coupon.deadline', value: dateInput(job.coupon.deadline) })),
    ),
  ];
}

export function renderPhotos(job) {
  const count = Math.min(job.photos.uploaded, 12);
  const tiles = [];
  for (let n = 1; n <= count; n++) tiles.push(el('li', { class: 'photo-tile' }, `IMG_${String(n).padStart(4, '0')}`));
  return el(
    'section',
    { id: 'photos', class: 'panel-card' },
    el('h2', { class: 'panel-card__title' }, 'Photos'),
    el('p', { class: 'photos-summary' }, el('strong', { class: 'photos-summary__count' }, job.photos.uploaded), ' photos uploaded'),
    el('p', { class: 'field__hint' }, 'Uploads by FTP or the Lightroom plugin only work while the job is in Planning.'),
    tiles.length ? el('ul', { class: 'photo-grid' }, tiles) : el('p', { class: 'empty-state' }, 'No photos yet.'),
  );
}

export function renderOrders(job) {
  const count = orderCount(job);
  return el(
    'section',
    { id: 'orders', class: 'panel-card' },
    el('h2', { class: 'panel-card__title' }, 'Orders'),
    count === 0
      ? el('p', { class: 'empty-state' }, 'No orders yet. Orders appear once the job is selling.')
      : el(
          'dl',
          { class: 'order-stats' },
          el('div', {}, el('dt', {}, 'Orders'), el('dd', { class: 'order-stats__count' }, count)),
          el('div', {}, el('dt', {}, 'Customers logged in'), el('dd', {}, `${Math.round(job.loginRate * 100)} %`)),
          el('div', {}, el('dt', {}, 'Archiving date'), el('dd', {}, formatDate(job.archiving.deadline))),
        ),
  );
}

export function renderPanel(job, ctx, tab) {
  const inner = tab === 'settings' ? renderSettings(job, ctx) : tab === 'photos' ? renderPhotos(job) : renderOrders(job);
  return el('div', { class: 'job-panel', id: 'job-panel', 'data-tab': tab }, inner);
}

/** The site's own go-live checks (GotPhoto shows them for proofing jobs only). */
export function goLiveChecks(job, ctx) {
  const today = todayIso();
  return [
    { id: 'price-list', label: 'A price list is assigned', ok: !!job.priceList, critical: true },
    { id: 'photos', label: 'Photos are uploaded', ok: job.photos.uploaded > 0, critical: true },
    { id: 'access-codes', label: 'Access codes are activated', ok: job.accessCodes.activated > 0, critical: true },
    {
      id: 'archive-deadline-future',
      label: 'The archiving date is in the future',
      ok: !job.archiving.deadline || job.archiving.deadline.slice(0, 10) > today,
      critical: true,
    },
    { id: 'invoice-settings', label: 'Invoice settings are complete', ok: !!ctx.account.invoiceSettingsComplete, critical: true },
    { id: 'archive-date', label: 'An archiving date is set', ok: job.archiving.enabled && !!job.archiving.deadline, critical: false },
    { id: 'automated-campaign', label: 'An automated campaign is assigned', ok: !!job.automatedCampaign, critical: false },
    { id: 'watermark', label: 'Watermarks are on', ok: job.watermark, critical: false },
    { id: 'coupon', label: 'A job coupon is active', ok: job.coupon.enabled, critical: false },
  ];
}

export function renderGoLiveModal(job, ctx) {
  const checks = goLiveChecks(job, ctx);
  const allOk = checks.every((c) => c.ok);
  return el(
    'div',
    { class: 'modal-backdrop', 'data-modal': 'go-live' },
    el(
      'div',
      { class: 'modal go-live-modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'go-live-title' },
      el('h2', { class: 'modal__title', id: 'go-live-title' }, 'Go-Live Checklist'),
      el('p', { class: 'modal__intro' }, 'Review these settings before the job goes live.'),
      el(
        'ul',
        { class: 'go-live-modal__list' },
        checks.map((c) =>
          el(
            'li',
            { class: `go-live-check go-live-check--${c.ok ? 'ok' : c.critical ? 'critical' : 'recommended'}`, 'data-check': c.id },
            el('span', { class: 'go-live-check__icon', 'aria-hidden': 'true' }, c.ok ? '✓' : '!'),
            el('span', { class: 'go-live-check__label' }, c.label),
            c.ok ? null : el('span', { class: 'go-live-check__tag' }, c.critical ? 'Needs attention' : 'Recommended'),
          ),
        ),
      ),
      el(
        'div',
        { class: 'modal__actions' },
        el('button', { type: 'button', class: 'btn btn--secondary', 'data-action': 'cancel' }, 'Cancel'),
        el('button', { type: 'button', class: 'btn btn--success', 'data-action': 'confirm' }, allOk ? 'Start selling' : 'Start selling anyway'),
      ),
    ),
  );
}

/** Shows the go-live modal; resolves true for "Start selling (anyway)", false for Cancel / Escape. */
function askGoLive(job, ctx) {
  return new Promise((resolve) => {
    const modal = renderGoLiveModal(job, ctx);
    const finish = (ok) => {
      document.removeEventListener('keydown', onKey);
      modal.remove();
      resolve(ok);
    };
    const onKey = (event) => {
      if (event.key === 'Escape') finish(false);
    };
    modal.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('[data-action]') : null;
      if (button) finish(button.getAttribute('data-action') === 'confirm');
      else if (event.target === modal) finish(false);
    });
    document.addEventListener('keydown', onKey);
    document.body.appendChild(modal);
    const confirm = modal.querySelector('[data-action="confirm"]');
    if (confirm) confirm.focus();
  });
}

function menuParts() {
  return { button: document.querySelector('.job-banner__more'), popover: document.getElementById('job-actions-menu') };
}

function closeMenu() {
  const { button, popover } = menuParts();
  if (popover) popover.hidden = true;
  if (button) button.setAttribute('aria-expanded', 'false');
}

function toggleMenu() {
  const { button, popover } = menuParts();
  if (!button || !popover) return;
  const open = popover.hidden;
  popover.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  if (open) {
    const first = popover.querySelector('[role="menuitem"]');
    if (first) first.focus();
  }
}

function showMessage(text, kind) {
  const region = document.getElementById('flash');
  if (!region) return;
  region.replaceChildren();
  if (text) region.appendChild(el('div', { class: `flash flash--${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text));
}

export function start() {
  startJobPage({
    headerSelector: 'header.job-banner',
    tabsSelector: 'nav.job-tabs',
    panelSelector: '#job-panel',
    renderHeader: renderBanner,
    renderTabs,
    renderPanel,
    title: (job, tab) => `${job.name} · ${TABS.find((t) => t.id === tab).label} · GotPhoto`,
    pathFor: (id, tab) => `/jobs/${encodeURIComponent(id)}/${tab}`,
    tabOf: (pathname, id) => {
      const m = /^\/jobs\/([^/]+)\/(settings|photos|orders)\/?$/.exec(pathname);
      return m && decodeURIComponent(m[1]) === id ? m[2] : null;
    },
    showMessage,
    closeMenu,
    beforeStatusChange: (job, to, ctx) => (to === 'selling' && job.salesMethod === 'proofing' ? askGoLive(job, ctx) : Promise.resolve(true)),
    onClick: (event, target) => {
      if (target.closest('.job-banner__more')) {
        toggleMenu();
        return;
      }
      if (!target.closest('#job-actions-menu')) closeMenu();
    },
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeMenu();
  });
}

if (typeof document !== 'undefined' && document.getElementById('job-data')) start();
