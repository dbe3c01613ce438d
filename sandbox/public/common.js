// Shared browser code of the sandbox admin pages (both designs). Plain ES module, no build step.
// DOM is built with createElement/textContent only: job data is user-written text.

/**
 * el('div', { class: 'x', 'data-id': 1, disabled: true }, 'text', child, [more])
 * Attributes: true → present (empty), false/null/undefined → absent, anything else → String(value).
 * Children: strings/numbers → text nodes, nodes as they are, arrays flattened, null/false skipped.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (typeof child === 'string' || typeof child === 'number') node.appendChild(document.createTextNode(String(child)));
    else node.appendChild(child);
  }
}

export function readPageData() {
  const script = document.getElementById('job-data');
  return JSON.parse(script ? script.textContent : '{}');
}

export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute('content') : '';
}

export function idempotencyKey() {
  if (globalThis.crypto && typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Same rule as lib/core/transitions.ts, over the table the server embeds in the page. */
export function allowedTransitions(job, account, transitions) {
  return transitions
    .filter((rule) => rule.from === job.status)
    .filter((rule) => rule.requires !== 'prepay' || (account.features.prepay && job.salesMethod !== 'proofing'))
    .map((rule) => rule.to);
}

export function dateInput(value) {
  return value ? value.slice(0, 10) : '';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export function formatDate(value) {
  if (!value) return '—';
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function orderCount(job) {
  if (job.status === 'planning') return 0;
  return Math.round(job.accessCodes.activated * job.loginRate * 0.35);
}

export function todayIso() {
  return new Date().toISOString().slice(0, 10);
}

/** The PATCH body of a settings form, from its named controls (same names in both designs). */
export function formPatch(form) {
  const patch = {};
  for (const control of form.querySelectorAll('[name]')) {
    const name = control.getAttribute('name');
    let value;
    if (control.type === 'checkbox') value = control.checked;
    else if (name === 'archiving.delayDays') value = control.value === '' ? null : Number(control.value);
    else if (control.type === 'date' || name === 'priceList' || name === 'automatedCampaign') value = control.value === '' ? null : control.value;
    else value = control.value;
    const [head, tail] = name.split('.');
    if (tail) {
      patch[head] = patch[head] || {};
      patch[head][tail] = value;
    } else {
      patch[head] = value;
    }
  }
  return patch;
}

/** One JSON request to the admin API; never throws. */
export async function api(method, path, body, extraHeaders) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken();
    headers['Idempotency-Key'] = idempotencyKey();
  }
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { status: 0, data: null, retryAfter: null };
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  return { status: res.status, data, retryAfter: res.headers.get('Retry-After') };
}

/** A human sentence for a failed API answer. */
export function errorMessage(result) {
  const { status, data } = result;
  if (status === 409) return 'This job was changed elsewhere, reload.';
  if (status === 401) return 'You were signed out. Sign in again.';
  if (status === 403) return data && data.error === 'csrf' ? 'Your session expired, reload the page.' : 'You are not allowed to change this job.';
  if (status === 404) return 'This job no longer exists.';
  if (status === 422) {
    if (data && data.error === 'prepay_not_enabled') return 'Prepay is not enabled for your account.';
    if (data && data.error === 'transition_not_allowed') return `A ${data.from} job cannot be switched to ${data.to}.`;
    return (data && data.message) || 'This change is not possible.';
  }
  if (status === 400) return `Invalid value${data && data.field ? ` (${data.field})` : ''}.`;
  if (status === 429) return `Too many requests. Try again in ${result.retryAfter || 1} s.`;
  if (status === 0) return 'The server could not be reached.';
  if (status >= 500) return 'Something went wrong on our side. Try again.';
  if (status === 200) return 'The server sent an unexpected answer. Reload the page.';
  return `Unexpected answer (HTTP ${status}).`;
}

function looksLikeJob(data) {
  return (
    data !== null &&
    typeof data === 'object' &&
    typeof data.id === 'string' &&
    typeof data.version === 'number' &&
    ['planning', 'prepay', 'selling', 'archived'].includes(data.status)
  );
}

/**
 * The controller of a job page. `view` supplies the layout's pieces:
 *   renderHeader(job, ctx) → Element  (replaces view.headerSelector)
 *   renderTabs(job, tab) → Element    (replaces view.tabsSelector)
 *   renderPanel(job, ctx, tab) → Element (replaces view.panelSelector)
 *   pathFor(jobId, tab), tabOf(pathname) → tab | null for this job's URLs
 *   showMessage(text, kind), beforeStatusChange(job, to, ctx) → Promise<boolean>
 */
export function startJobPage(view) {
  const data = readPageData();
  const ctx = { account: data.account, catalogs: data.catalogs, transitions: data.transitions, labels: data.labels };
  const page = { job: data.job, tab: data.tab, busy: false };

  const replace = (selector, node) => {
    const old = document.querySelector(selector);
    if (old && old.parentNode) old.parentNode.replaceChild(node, old);
  };

  function render(parts = { header: true, tabs: true, panel: true }) {
    if (parts.header) replace(view.headerSelector, view.renderHeader(page.job, ctx));
    if (parts.tabs) replace(view.tabsSelector, view.renderTabs(page.job, page.tab));
    if (parts.panel) replace(view.panelSelector, view.renderPanel(page.job, ctx, page.tab));
    document.title = view.title(page.job, page.tab);
  }

  async function refresh() {
    const result = await api('GET', `/api/v1/jobs/${encodeURIComponent(page.job.id)}`);
    if (result.status === 200 && looksLikeJob(result.data)) {
      page.job = result.data;
      render();
      return true;
    }
    view.showMessage(errorMessage(result), 'error');
    return false;
  }

  async function changeStatus(to) {
    if (page.busy) return;
    if (!(await view.beforeStatusChange(page.job, to, ctx))) return;
    page.busy = true;
    view.showMessage('', 'info');
    const result = await api('POST', `/api/v1/jobs/${encodeURIComponent(page.job.id)}/status`, {
      status: to,
      expectedVersion: page.job.version,
    });
    page.busy = false;
    if (result.status === 200 && looksLikeJob(result.data)) {
      await refresh();
      view.showMessage(`Status changed to ${ctx.labels.status[to] || to}.`, 'success');
    } else {
      view.showMessage(errorMessage(result), 'error');
    }
  }

  async function save(form, patch) {
    const key = form.getAttribute('data-form');
    const status = form.querySelector('.form-status');
    if (status) status.textContent = 'Saving…';
    const result = await api('PATCH', `/api/v1/jobs/${encodeURIComponent(page.job.id)}`, {
      expectedVersion: page.job.version,
      ...patch,
    });
    if (result.status === 200 && looksLikeJob(result.data)) {
      await refresh();
      setFormStatus(key, 'Saved', false);
    } else {
      setFormStatus(key, errorMessage(result), true);
    }
  }

  function setFormStatus(key, text, isError) {
    const form = document.querySelector(`form[data-form="${key}"]`);
    const status = form && form.querySelector('.form-status');
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('form-status--error', isError);
  }

  function go(tab, push) {
    page.tab = tab;
    if (push) history.pushState({ tab }, '', view.pathFor(page.job.id, tab));
    render({ header: false, tabs: true, panel: true });
  }

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const tabLink = target.closest(`${view.tabsSelector} a[data-tab]`);
    if (tabLink) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      const tab = tabLink.getAttribute('data-tab');
      if (tab !== page.tab) go(tab, true);
      return;
    }
    const action = target.closest(`${view.headerSelector} [data-status-target]`);
    if (action && !action.disabled) {
      event.preventDefault();
      if (view.closeMenu) view.closeMenu();
      void changeStatus(action.getAttribute('data-status-target'));
      return;
    }
    const activate = target.closest('[data-action="activate-codes"]');
    if (activate && !activate.disabled) {
      const form = activate.closest('form[data-form]');
      if (form) void save(form, { accessCodes: { activated: page.job.accessCodes.total } });
      return;
    }
    if (view.onClick) view.onClick(event, target);
  });

  document.addEventListener('submit', (event) => {
    const form = event.target instanceof Element ? event.target.closest('form[data-form]') : null;
    if (!form) return;
    event.preventDefault();
    void save(form, formPatch(form));
  });

  window.addEventListener('popstate', () => {
    const tab = view.tabOf(location.pathname, page.job.id);
    if (!tab) {
      location.reload();
      return;
    }
    // Show the tab at once, then bring the job up to date (an outside change may be behind this).
    go(tab, false);
    void refresh();
  });

  history.replaceState({ tab: page.tab }, '', location.href);
  return { page, ctx, refresh, changeStatus, render };
}
