// @vitest-environment happy-dom
/**
 * The page scripts re-render the banner / status box, the tabs and the tab panel in the browser.
 * Their markup must be the server's, element for element, or content-script anchors would break
 * after the first client-side update. This compares both for many jobs, tabs and both layouts.
 */
import { describe, expect, it } from 'vitest';
import { createSandboxApp } from '../../sandbox/server';
import type { Job } from '../../lib/core/types';

type Renderers = Record<string, (...args: unknown[]) => Node | Node[]>;
const load = (path: string): Promise<Renderers> => import(/* @vite-ignore */ path);

const { app, state } = createSandboxApp({ jobs: 400, seed: 21 });
const cookie = `sid=${state.createSession('demo').sid}`;
const otherCookie = `sid=${state.createSession('other').sid}`;

/** A structural signature: tag, sorted attributes, children; whitespace-only text ignored, text trimmed. */
function signature(node: Node): unknown {
  if (node.nodeType === 3) return (node.textContent ?? '').replace(/\s+/g, ' ').trim();
  const element = node as Element;
  const attrs = [...element.attributes].map((a) => `${a.name}=${a.value}`).sort();
  const children: unknown[] = [];
  let text = '';
  const flush = () => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t) children.push(t);
    text = '';
  };
  for (const child of [...element.childNodes]) {
    if (child.nodeType === 3) text += child.textContent ?? '';
    else if (child.nodeType === 1) {
      flush();
      children.push(signature(child));
    }
  }
  flush();
  return [element.tagName.toLowerCase(), attrs, children];
}

async function serverDoc(path: string, c = cookie): Promise<Document> {
  // happy-dom's Request drops a `cookie` init header (forbidden in browsers); its Headers keep it.
  const req = new Request(`http://localhost${path}`);
  req.headers.set('cookie', c);
  const res = await app.fetch(req);
  expect(res.status).toBe(200);
  // Without <link>/<script src>: happy-dom would try to load them.
  const html = (await res.text()).replace(/<link [^>]*>/g, '').replace(/<script type="module"[^>]*><\/script>/g, '');
  return new DOMParser().parseFromString(html, 'text/html');
}

function wrap(nodes: Node | Node[]): Element {
  const div = document.createElement('div');
  for (const n of Array.isArray(nodes) ? nodes : [nodes]) div.appendChild(n);
  return div;
}

/** A spread of jobs: every status × sales method present, plus edge cases. */
function sampleJobs(account: 'demo' | 'other' = 'demo'): Job[] {
  const jobs = state.accounts[account].store.all();
  const picked = new Map<string, Job>();
  for (const job of jobs) {
    const key = `${job.status}/${job.salesMethod}/${job.internalName ? 'i' : '-'}/${job.accessCodes.total === job.accessCodes.activated}/${job.priceList ? 'p' : '-'}/${job.archiving.enabled}`;
    if (!picked.has(key)) picked.set(key, job);
  }
  return [...picked.values()].slice(0, 36);
}

describe('client re-rendering matches the server markup', () => {
  it('new layout: banner, tabs and every tab panel', async () => {
    const mod = await load('../../sandbox/public/new-layout.js');
    const jobs = sampleJobs();
    expect(jobs.length).toBe(36);
    for (const job of jobs) {
      for (const tab of ['settings', 'photos', 'orders']) {
        const doc = await serverDoc(`/jobs/${job.id}/${tab}`);
        const data = JSON.parse(doc.getElementById('job-data')?.textContent ?? '{}');
        const ctx = { account: data.account, catalogs: data.catalogs, transitions: data.transitions, labels: data.labels };
        expect(data.job).toEqual(job);
        const where = `${job.id} ${job.status}/${job.salesMethod} ${tab}`;
        expect(signature(mod.renderBanner!(job, ctx) as Node), where).toEqual(signature(doc.querySelector('header.job-banner') as Node));
        expect(signature(mod.renderTabs!(job, tab) as Node), where).toEqual(signature(doc.querySelector('nav.job-tabs') as Node));
        expect(signature(mod.renderPanel!(job, ctx, tab) as Node), where).toEqual(signature(doc.querySelector('#job-panel') as Node));
      }
    }
  });

  it('classic layout: status box, tabs and every tab content', async () => {
    const mod = await load('../../sandbox/public/classic-layout.js');
    for (const job of sampleJobs()) {
      for (const tab of ['settings', 'photos', 'orders']) {
        const doc = await serverDoc(`/classic/jobs/${job.id}/${tab}`);
        const data = JSON.parse(doc.getElementById('job-data')?.textContent ?? '{}');
        const ctx = { account: data.account, catalogs: data.catalogs, transitions: data.transitions, labels: data.labels };
        const where = `${job.id} ${job.status}/${job.salesMethod} ${tab}`;
        expect(signature(mod.renderStatusBox!(job, ctx) as Node), where).toEqual(signature(doc.querySelector('#job-status-box') as Node));
        expect(signature(mod.renderTabs!(job, tab) as Node), where).toEqual(signature(doc.querySelector('#job-tabs') as Node));
        expect(signature(mod.renderTabContent!(job, ctx, tab) as Node), where).toEqual(signature(doc.querySelector('#job-tab-content') as Node));
      }
    }
  });

  it('an account without prepay (other) renders the same in both', async () => {
    const newMod = await load('../../sandbox/public/new-layout.js');
    const classicMod = await load('../../sandbox/public/classic-layout.js');
    for (const job of sampleJobs('other').slice(0, 8)) {
      const doc = await serverDoc(`/jobs/${job.id}/settings`, otherCookie);
      const data = JSON.parse(doc.getElementById('job-data')?.textContent ?? '{}');
      expect(data.account.features.prepay).toBe(false);
      const ctx = { account: data.account, catalogs: data.catalogs, transitions: data.transitions, labels: data.labels };
      expect(signature(newMod.renderBanner!(job, ctx) as Node)).toEqual(signature(doc.querySelector('header.job-banner') as Node));
      expect(signature(newMod.renderPanel!(job, ctx, 'settings') as Node)).toEqual(signature(doc.querySelector('#job-panel') as Node));
      const classic = await serverDoc(`/classic/jobs/${job.id}/settings`, otherCookie);
      expect(signature(classicMod.renderStatusBox!(job, ctx) as Node)).toEqual(signature(classic.querySelector('#job-status-box') as Node));
    }
  });

  it('the go-live modal lists the site’s checks with Cancel / Start selling anyway', async () => {
    const mod = await load('../../sandbox/public/new-layout.js');
    const job = state.accounts.demo.store.all().find((j) => j.priceList === null) as Job;
    const ctx = { account: { features: { prepay: true }, invoiceSettingsComplete: true }, labels: { status: {} } };
    const modal = wrap(mod.renderGoLiveModal!(job, ctx));
    expect([...modal.querySelectorAll('[data-check]')].map((e) => e.getAttribute('data-check'))).toEqual([
      'price-list',
      'photos',
      'access-codes',
      'archive-deadline-future',
      'invoice-settings',
      'archive-date',
      'automated-campaign',
      'watermark',
      'coupon',
    ]);
    expect(modal.querySelector('[data-check="price-list"]')?.className).toContain('go-live-check--critical');
    expect(modal.querySelector('[role=dialog] [data-action=cancel]')?.textContent).toBe('Cancel');
    expect(modal.querySelector('[data-action=confirm]')?.textContent).toBe('Start selling anyway');
  });
});
