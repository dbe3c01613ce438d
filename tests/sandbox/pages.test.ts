import { Window } from 'happy-dom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/server';
import type { Job } from '../../lib/core/types';
import { client, control, findJob, start, type Client } from './helpers';

let sandbox: RunningSandbox;
let url: string;
let demo: Client;
const window = new Window();

beforeAll(async () => {
  sandbox = await start({ jobs: 150, seed: 4 });
  url = sandbox.url;
  demo = await client(url);
});
afterAll(async () => {
  await window.happyDOM.close();
  await sandbox.close();
});
beforeEach(() => sandbox.state.reset({ jobs: 150, seed: 4 }));

async function page(path: string, c: Client | null = demo): Promise<{ status: number; html: string; doc: Document }> {
  const res = await fetch(`${url}${path}`, { headers: c ? { cookie: c.cookie } : {}, redirect: 'manual' });
  const html = await res.text();
  const doc = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  return { status: res.status, html, doc };
}

const texts = (doc: Document, selector: string) => [...doc.querySelectorAll(selector)].map((e) => e.textContent?.trim());

describe('login page and redirects', () => {
  it('GET /login shows a real login form', async () => {
    const { status, doc } = await page('/login', null);
    expect(status).toBe(200);
    expect(doc.querySelector('form[action="/login"][method="post"] input[name=email][type=email]')).not.toBeNull();
    expect(doc.querySelector('input[name=password][type=password]')).not.toBeNull();
    expect(doc.querySelectorAll('button[type=submit]')).toHaveLength(1);
  });

  it('pages redirect to /login when signed out (with a safe next)', async () => {
    for (const path of ['/jobs', '/classic/jobs', '/jobs/123/settings', '/classic/jobs/123/orders']) {
      const res = await fetch(`${url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(302);
      expect(new URL(res.headers.get('location') as string, url).pathname).toBe('/login');
    }
    const job = findJob(sandbox, () => true);
    const login = await fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'demo@example.com', password: 'demo', next: `/jobs/${job.id}/photos` }),
      redirect: 'manual',
    });
    expect(login.headers.get('location')).toBe(`/jobs/${job.id}/photos`);
    const evil = await fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'demo@example.com', password: 'demo', next: '//evil.example/x' }),
      redirect: 'manual',
    });
    expect(evil.headers.get('location')).toBe('/jobs');
  });
});

describe('overview', () => {
  it('/jobs: one row per job with data-job-id, a settings link and a status label', async () => {
    const { status, doc } = await page('/jobs');
    expect(status).toBe(200);
    expect(doc.querySelector('.topbar__account-name')?.textContent).toBe('Demo Photography');
    expect(doc.querySelector('aside.sidenav')).not.toBeNull();
    const rows = [...doc.querySelectorAll('table.jobs-table tbody tr.job-row[data-job-id]')];
    expect(rows).toHaveLength(100);
    for (const row of rows) {
      const id = row.getAttribute('data-job-id') as string;
      const job = sandbox.state.accounts.demo.store.get(id) as Job;
      expect(row.querySelector('a.job-row__link')?.getAttribute('href')).toBe(`/jobs/${id}/settings`);
      expect(row.querySelector('a.job-row__link')?.textContent).toBe(job.name);
      expect(row.querySelector('.job-row__id')?.textContent).toBe(id);
      expect(row.querySelector('.job-row__internal')?.textContent).toBe(job.internalName);
      expect(row.querySelector('.job-row__org')?.textContent).toBe(job.organization);
      const label = row.querySelector('.job-row__status > span.status-label');
      expect(label?.className).toBe(`status-label status-label--${job.status}`);
    }
    const page2 = await page('/jobs?page=2');
    expect(page2.doc.querySelectorAll('tr.job-row')).toHaveLength(50);
  });

  it('/jobs filters by status and search', async () => {
    const { doc } = await page('/jobs?status=archived');
    const rows = [...doc.querySelectorAll('tr.job-row')];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.getAttribute('data-status') === 'archived')).toBe(true);
    const job = findJob(sandbox, () => true);
    const search = await page(`/jobs?q=${job.id}`);
    expect(texts(search.doc, 'tr.job-row .job-row__id')).toContain(job.id);
  });

  it('/classic/jobs: the classic table, links to classic settings', async () => {
    const { status, doc } = await page('/classic/jobs');
    expect(status).toBe(200);
    const rows = [...doc.querySelectorAll('table#jobs-table tr.classic-list__row[data-job-id]')];
    expect(rows).toHaveLength(100);
    const first = rows[0] as Element;
    const id = first.getAttribute('data-job-id') as string;
    expect(first.id).toBe(`job-${id}`);
    expect(first.querySelector('td.job-name a')?.getAttribute('href')).toBe(`/classic/jobs/${id}/settings`);
    expect(['Planning', 'Prepay', 'Selling', 'Archived']).toContain(first.querySelector('td.job-status')?.textContent);
  });
});

describe('job page, new layout', () => {
  it('planning: banner, status label, Start selling, menu with Archive (+ Switch to Prepay for prepay jobs)', async () => {
    const proofing = findJob(sandbox, (j) => j.status === 'planning' && j.salesMethod === 'proofing');
    const { status, doc } = await page(`/jobs/${proofing.id}/settings`);
    expect(status).toBe(200);
    const banner = doc.querySelector('header.job-banner') as Element;
    expect(banner.getAttribute('data-job-id')).toBe(proofing.id);
    expect(banner.getAttribute('data-status')).toBe('planning');
    expect(banner.getAttribute('data-version')).toBe(String(proofing.version));
    expect(banner.querySelector('h1.job-banner__title')?.textContent).toBe(proofing.name);
    expect(banner.querySelector('.status-label.status-label--planning')?.textContent).toBe('Planning');
    const start = banner.querySelector('button.job-banner__start-selling') as Element;
    expect(start.textContent).toBe('Start selling');
    expect(start.getAttribute('data-status-target')).toBe('selling');
    expect(start.className).toContain('btn--success');
    const more = banner.querySelector('button[aria-label="More actions"]') as Element;
    expect(more.getAttribute('aria-controls')).toBe('job-actions-menu');
    expect(banner.querySelector('#job-actions-menu[role=menu]')?.hasAttribute('hidden')).toBe(true);
    expect(texts(doc, '#job-actions-menu [role=menuitem]')).toEqual(['Archive']);
    expect(doc.querySelector('meta[name="csrf-token"]')?.getAttribute('content')).toBe(demo.csrfToken);

    const prepayJob = findJob(sandbox, (j) => j.status === 'planning' && j.salesMethod !== 'proofing');
    const prepayPage = await page(`/jobs/${prepayJob.id}/settings`);
    expect(texts(prepayPage.doc, '#job-actions-menu [role=menuitem]')).toEqual(['Switch to Prepay', 'Archive']);
    expect(prepayPage.doc.querySelector('#job-actions-menu [data-status-target=prepay]')).not.toBeNull();
  });

  it('other statuses: no Start selling button; the menu offers Move to Planning / Archive / Start selling', async () => {
    const expected = {
      selling: ['Move to Planning', 'Archive'],
      archived: ['Start selling', 'Move to Planning'],
      prepay: ['Start selling', 'Move to Planning', 'Archive'],
    };
    for (const [status, items] of Object.entries(expected)) {
      const job = findJob(sandbox, (j) => j.status === status);
      const { doc } = await page(`/jobs/${job.id}/settings`);
      expect(doc.querySelector('.job-banner__start-selling'), status).toBeNull();
      expect(texts(doc, '#job-actions-menu [role=menuitem]'), status).toEqual(items);
      expect(doc.querySelector(`header.job-banner .status-label--${status}`)).not.toBeNull();
    }
  });

  it('settings sections, each a section with an h2 and a Save form', async () => {
    const job = findJob(sandbox, (j) => j.salesMethod !== 'proofing');
    const { doc } = await page(`/jobs/${job.id}/settings`);
    const ids = [...doc.querySelectorAll('#job-panel[data-tab=settings] > section')].map((s) => s.id);
    expect(ids).toEqual(['access-type', 'price-list', 'important-events', 'archiving-settings', 'automated-campaign', 'watermark', 'job-coupon']);
    for (const id of ids) {
      expect(doc.querySelector(`section#${id} > h2`)?.textContent?.length).toBeGreaterThan(0);
      expect(doc.querySelector(`section#${id} form[data-form="${id}"] button[type=submit]`)?.textContent).toBe('Save');
    }
    expect(doc.querySelector('section#access-type [data-action="activate-codes"]')?.textContent).toBe('Activate all codes');
    expect(doc.querySelector('.access-codes__activated')?.textContent).toBe(String(job.accessCodes.activated));
    expect(doc.querySelector('.access-codes__total')?.textContent).toBe(String(job.accessCodes.total));
    expect((doc.querySelector('select[name=priceList] option[selected]') as HTMLOptionElement | null)?.value ?? '').toBe(job.priceList?.id ?? '');
    expect(doc.querySelector('input[name=prepayDeadline]')?.getAttribute('value')).toBe(job.prepayDeadline?.slice(0, 10));
    expect(doc.querySelector('input[name="archiving.enabled"]')?.hasAttribute('checked')).toBe(job.archiving.enabled);
    expect(doc.querySelector('input[name=watermark]')?.hasAttribute('checked')).toBe(job.watermark);
    expect(texts(doc, 'nav.job-tabs a[data-tab]')).toEqual(['Settings', 'Photos', 'Orders']);
    expect(doc.querySelector('nav.job-tabs a.is-active')?.getAttribute('data-tab')).toBe('settings');
  });

  it('photos and orders tabs load directly', async () => {
    const job = findJob(sandbox, (j) => j.status === 'selling' && j.photos.uploaded > 0);
    const photos = await page(`/jobs/${job.id}/photos`);
    expect(photos.status).toBe(200);
    expect(photos.doc.querySelector('#job-panel')?.getAttribute('data-tab')).toBe('photos');
    expect(photos.doc.querySelector('nav.job-tabs a[aria-current=page]')?.getAttribute('data-tab')).toBe('photos');
    expect(photos.doc.querySelector('.photos-summary__count')?.textContent).toBe(String(job.photos.uploaded));
    const orders = await page(`/jobs/${job.id}/orders`);
    expect(orders.doc.querySelector('#job-panel[data-tab=orders] section#orders h2')?.textContent).toBe('Orders');
    expect(orders.doc.querySelector('header.job-banner')).not.toBeNull();
  });

  it('404 for an unknown job or another account’s job; /jobs/:id redirects to settings', async () => {
    expect((await page('/jobs/999999999/settings')).status).toBe(404);
    const otherJob = findJob(sandbox, () => true, 'other');
    expect((await page(`/jobs/${otherJob.id}/settings`)).status).toBe(404);
    expect((await page(`/classic/jobs/${otherJob.id}/settings`)).status).toBe(404);
    const job = findJob(sandbox, () => true);
    const res = await fetch(`${url}/jobs/${job.id}`, { headers: { cookie: demo.cookie }, redirect: 'manual' });
    expect(res.headers.get('location')).toBe(`/jobs/${job.id}/settings`);
  });
});

describe('job page, classic layout', () => {
  it('#job-status-box with the status as text and Sell / Archive buttons; fieldsets', async () => {
    const job = findJob(sandbox, (j) => j.status === 'planning' && j.salesMethod === 'proofing');
    const { status, doc } = await page(`/classic/jobs/${job.id}/settings`);
    expect(status).toBe(200);
    const box = doc.querySelector('table#job-status-box') as Element;
    expect(box.getAttribute('data-job-id')).toBe(job.id);
    expect(box.querySelector('caption')?.textContent).toBe('Job details');
    expect(box.querySelector('#job-status-text')?.textContent).toBe('Planning');
    expect(box.querySelector('td.job-name')?.textContent).toBe(job.name);
    expect(box.querySelector('button#btn-sell[data-status-target=selling]')?.hasAttribute('disabled')).toBe(false);
    expect(box.querySelector('button#btn-archive[data-status-target=archived]')?.textContent).toBe('Archive');
    expect(box.querySelector('#btn-planning')).toBeNull();
    expect(doc.querySelector('header.job-banner')).toBeNull();
    expect([...doc.querySelectorAll('#job-tab-content form.classic-form fieldset')].map((f) => f.id)).toEqual([
      'fs-access-type',
      'fs-price-list',
      'fs-important-events',
      'fs-archiving-settings',
      'fs-automated-campaign',
      'fs-watermark',
      'fs-job-coupon',
    ]);
    expect(doc.querySelector('ul#job-tabs li.active a')?.getAttribute('href')).toBe(`/classic/jobs/${job.id}/settings`);

    const selling = findJob(sandbox, (j) => j.status === 'selling');
    const s = await page(`/classic/jobs/${selling.id}/orders`);
    expect(s.doc.querySelector('#job-status-text')?.textContent).toBe('Selling');
    expect(s.doc.querySelector('#btn-sell')?.hasAttribute('disabled')).toBe(true);
    expect(s.doc.querySelector('#btn-planning')?.textContent).toBe('Back to planning');
    expect(s.doc.querySelector('#job-tab-content')?.getAttribute('data-tab')).toBe('orders');
  });
});

describe('hostile job names', () => {
  const HOSTILE = '<img src=x onerror=alert(1)>';

  it('render as text on every page, never as markup', async () => {
    const job = findJob(sandbox, () => true);
    const res = await control(url, `/edit/${job.id}`, { name: HOSTILE, internalName: '"><script>alert(2)</script>', organization: "O'Neil & <b>Sons</b>" });
    expect(res.status).toBe(200);
    for (const path of [`/jobs?q=${job.id}`, `/classic/jobs?q=${job.id}`, `/jobs/${job.id}/settings`, `/jobs/${job.id}/photos`, `/classic/jobs/${job.id}/settings`]) {
      const { html, doc } = await page(path);
      expect(html, path).not.toContain('<img src=x');
      expect(html, path).not.toContain('<script>alert(2)');
      expect(html, path).not.toContain('<b>Sons');
      expect(html, path).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(doc.querySelectorAll('img'), path).toHaveLength(0);
      expect(doc.body.textContent, path).toContain(HOSTILE);
    }
    const { doc } = await page(`/jobs/${job.id}/settings`);
    expect(doc.querySelector('h1.job-banner__title')?.textContent).toBe(HOSTILE);
    // The embedded page data is JSON that cannot close its script element.
    const data = doc.getElementById('job-data')?.textContent as string;
    expect(JSON.parse(data).job.name).toBe(HOSTILE);
    expect(doc.querySelectorAll('script')).toHaveLength(2);
  });
});

describe('static files', () => {
  it('serves the page scripts and CSS, nothing else', async () => {
    const js = await fetch(`${url}/static/new-layout.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('export function renderBanner');
    expect((await fetch(`${url}/static/admin.css`)).headers.get('content-type')).toMatch(/text\/css/);
    for (const path of ['/static/..%2Fstate.ts', '/static/state.ts', '/static/nope.js', '/static/%2e%2e%2fserver.ts']) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(404);
    }
  });
});
