// @vitest-environment happy-dom
/** The new design's page script: tabs by pushState, popstate refresh, menu, go-live modal, forms. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../lib/core/types';
import { pageEnv } from './page-env';

const env = pageEnv();
const demo = env.state.accounts.demo;
const job = demo.store.all().find(
  (j) => j.status === 'planning' && j.salesMethod === 'proofing' && j.accessCodes.total > 0 && j.accessCodes.activated < j.accessCodes.total,
) as Job;
const current = () => demo.store.get(job.id) as Job;
const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector(selector) as T | null;

beforeAll(async () => {
  await env.load(`/jobs/${job.id}/settings`, '../../sandbox/public/new-layout.js');
});

describe('new layout page script', () => {
  it('starts on the server-rendered page', () => {
    expect($('header.job-banner')?.getAttribute('data-status')).toBe('planning');
    expect($('#job-panel')?.getAttribute('data-tab')).toBe('settings');
  });

  it('switches tabs with pushState, without reloading', () => {
    $('nav.job-tabs a[data-tab=photos]')?.click();
    expect(location.pathname).toBe(`/jobs/${job.id}/photos`);
    expect($('#job-panel')?.getAttribute('data-tab')).toBe('photos');
    expect($('nav.job-tabs a.is-active')?.getAttribute('data-tab')).toBe('photos');
    expect($('nav.job-tabs a[aria-current=page]')?.textContent).toBe('Photos');
    expect(document.title).toContain('Photos');
    $('nav.job-tabs a[data-tab=orders]')?.click();
    expect(location.pathname).toBe(`/jobs/${job.id}/orders`);
    expect($('section#orders')).not.toBeNull();
  });

  it('on popstate, re-fetches the job and re-renders banner and the tab of the URL', async () => {
    env.state.externalEdit(job.id, { name: 'Changed by someone else' });
    env.calls.length = 0;
    history.replaceState(null, '', `/jobs/${job.id}/settings`);
    window.dispatchEvent(new PopStateEvent('popstate'));
    await expect.poll(() => $('h1.job-banner__title')?.textContent).toBe('Changed by someone else');
    expect($('#job-panel')?.getAttribute('data-tab')).toBe('settings');
    expect($('header.job-banner')?.getAttribute('data-version')).toBe(String(current().version));
    expect(env.calls).toContainEqual({ method: 'GET', path: `/api/v1/jobs/${job.id}` });
  });

  it('renders a hostile name as text', async () => {
    env.state.externalEdit(job.id, { name: '<img src=x onerror=alert(1)>' });
    window.dispatchEvent(new PopStateEvent('popstate'));
    await expect.poll(() => $('h1.job-banner__title')?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(document.querySelectorAll('img')).toHaveLength(0);
  });

  it('opens and closes the three-dot menu', () => {
    const more = $('button[aria-label="More actions"]') as HTMLElement;
    more.click();
    expect($('#job-actions-menu')?.hasAttribute('hidden')).toBe(false);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    $('.job-banner__title')?.click();
    expect($('#job-actions-menu')?.hasAttribute('hidden')).toBe(true);
    expect(more.getAttribute('aria-expanded')).toBe('false');
  });

  it('Start selling shows the go-live modal; Cancel changes nothing', async () => {
    $('button.job-banner__start-selling')?.click();
    const modal = $('.modal-backdrop .go-live-modal[role=dialog]');
    expect(modal).not.toBeNull();
    expect(modal?.querySelector('[data-check="access-codes"]')).not.toBeNull();
    (modal?.querySelector('[data-action=cancel]') as HTMLElement).click();
    expect($('.go-live-modal')).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    expect(current().status).toBe('planning');
  });

  it('"Start selling anyway" changes the status through the API and refreshes the banner', async () => {
    $('button.job-banner__start-selling')?.click();
    ($('.go-live-modal [data-action=confirm]') as HTMLElement).click();
    await expect.poll(() => $('header.job-banner')?.getAttribute('data-status')).toBe('selling');
    expect(current().status).toBe('selling');
    expect(env.state.getStats().statusChanges).toEqual({ [job.id]: 1 });
    expect($('header.job-banner .status-label')?.className).toBe('status-label status-label--selling');
    expect($('.job-banner__start-selling')).toBeNull();
    expect([...document.querySelectorAll('#job-actions-menu [role=menuitem]')].map((e) => e.textContent)).toEqual(['Move to Planning', 'Archive']);
    expect($('#flash .flash--success')?.textContent).toBe('Status changed to Selling.');
  });

  it('menu items change the status too (Archive)', async () => {
    $('button[aria-label="More actions"]')?.click();
    ($('#job-actions-menu [data-status-target=archived]') as HTMLElement).click();
    await expect.poll(() => current().status).toBe('archived');
    await expect.poll(() => $('header.job-banner')?.getAttribute('data-status')).toBe('archived');
  });

  it('Save PATCHes the form with expectedVersion and shows "Saved"', async () => {
    ($('#f-priceList') as HTMLSelectElement).value = 'pl-104';
    ($('section#price-list button[type=submit]') as HTMLElement).click();
    await expect.poll(() => $('section#price-list .form-status')?.textContent).toBe('Saved');
    expect(current().priceList).toEqual({ id: 'pl-104', name: 'Events — nur digital' });
    // (The selected attribute, not .value: happy-dom mis-computes a select's value from it.)
    expect($('#f-priceList option[selected]')?.getAttribute('value')).toBe('pl-104');

    const checkbox = $('#f-archiving-enabled') as HTMLInputElement;
    checkbox.checked = false;
    ($('#f-archiving-delay') as HTMLSelectElement).value = '';
    ($('section#archiving-settings button[type=submit]') as HTMLElement).click();
    await expect.poll(() => $('section#archiving-settings .form-status')?.textContent).toBe('Saved');
    expect(current().archiving.enabled).toBe(false);
    expect(current().archiving.delayDays).toBeNull();
  });

  it('"Activate all codes" activates every code', async () => {
    ($('section#access-type [data-action="activate-codes"]') as HTMLElement).click();
    await expect.poll(() => current().accessCodes.activated).toBe(current().accessCodes.total);
    await expect.poll(() => $('.access-codes__activated')?.textContent).toBe(String(current().accessCodes.total));
    expect($('section#access-type [data-action="activate-codes"]')?.hasAttribute('disabled')).toBe(true);
  });

  it('a 409 shows "This job was changed elsewhere, reload"', async () => {
    const before = current();
    env.state.externalEdit(job.id, {});
    ($('#f-watermark') as HTMLInputElement).checked = !before.watermark;
    ($('section#watermark button[type=submit]') as HTMLElement).click();
    await expect.poll(() => $('section#watermark .form-status')?.textContent).toBe('This job was changed elsewhere, reload.');
    expect($('section#watermark .form-status')?.classList.contains('form-status--error')).toBe(true);
    expect(current().watermark).toBe(before.watermark);
  });
});
