// @vitest-environment happy-dom
/** The classic design's page script: Sell / Archive buttons, tabs by pushState, popstate refresh. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../lib/core/types';
import { pageEnv } from './page-env';

const env = pageEnv({ seed: 9 });
const demo = env.state.accounts.demo;
const job = demo.store.all().find((j) => j.status === 'selling') as Job;
const current = () => demo.store.get(job.id) as Job;
const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector(selector) as T | null;

beforeAll(async () => {
  await env.load(`/classic/jobs/${job.id}/settings`, '../../sandbox/public/classic-layout.js');
});

describe('classic layout page script', () => {
  it('Archive calls the API and re-renders the status box', async () => {
    expect($('#job-status-text')?.textContent).toBe('Selling');
    $('#btn-archive')?.click();
    await expect.poll(() => $('#job-status-text')?.textContent).toBe('Archived');
    expect(current().status).toBe('archived');
    expect($('#job-status-box')?.getAttribute('data-status')).toBe('archived');
    expect($('#btn-archive')?.hasAttribute('disabled')).toBe(true);
    expect($('#btn-sell')?.hasAttribute('disabled')).toBe(false);
    expect($('#classic-message')?.textContent).toBe('Status changed to Archived.');
  });

  it('Sell reactivates without a checklist', async () => {
    $('#btn-sell')?.click();
    await expect.poll(() => current().status).toBe('selling');
    expect($('.go-live-modal')).toBeNull();
    expect(env.state.getStats().statusChanges).toEqual({ [job.id]: 2 });
  });

  it('a refused change shows the reason', async () => {
    env.state.externalEdit(job.id, {});
    await expect.poll(() => $('#job-status-text')?.textContent).toBe('Selling');
    $('#btn-archive')?.click();
    await expect.poll(() => $('#classic-message')?.textContent).toBe('This job was changed elsewhere, reload.');
    expect($('#classic-message')?.className).toContain('classic-message--error');
  });

  it('tabs switch by pushState and popstate re-fetches', async () => {
    $('#job-tabs a[data-tab=photos]')?.click();
    expect(location.pathname).toBe(`/classic/jobs/${job.id}/photos`);
    expect($('#job-tab-content')?.getAttribute('data-tab')).toBe('photos');
    expect($('#job-tabs li.active a')?.getAttribute('data-tab')).toBe('photos');

    env.state.externalEdit(job.id, { name: 'Neu & <b>anders</b>' });
    history.replaceState(null, '', `/classic/jobs/${job.id}/orders`);
    window.dispatchEvent(new PopStateEvent('popstate'));
    await expect.poll(() => $('#job-status-box td.job-name')?.textContent).toBe('Neu & <b>anders</b>');
    expect($('#job-tab-content')?.getAttribute('data-tab')).toBe('orders');
    expect(document.querySelectorAll('#job-status-box b')).toHaveLength(1);
  });

  it('fieldset forms save through PATCH', async () => {
    $('#job-tabs a[data-tab=settings]')?.click();
    ($('#form-watermark input[name=watermark]') as HTMLInputElement).checked = !current().watermark;
    const want = !current().watermark;
    ($('#form-watermark input[type=submit]') as HTMLElement).click();
    await expect.poll(() => $('#form-watermark .form-status')?.textContent).toBe('Saved');
    expect(current().watermark).toBe(want);
  });
});
