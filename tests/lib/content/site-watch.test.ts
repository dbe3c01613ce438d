// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchSiteSaves, watchSiteStatus } from '../../../lib/content/site-watch';
import type { AdminLayout } from '../../../lib/pages/urls';
import { showFixture } from '../../fixtures/html/load';

describe.each<AdminLayout>(['new', 'classic'])('watching the %s site', (layout) => {
  let controller: AbortController;
  beforeEach(() => {
    showFixture(`${layout}-settings`);
    controller = new AbortController();
  });
  afterEach(() => controller.abort());

  it('hears the settings forms being saved, and the button that saves at once', () => {
    const onSave = vi.fn();
    watchSiteSaves(layout, controller.signal, onSave);
    const form = document.querySelector('form[data-form="watermark"]');
    form?.addEventListener('submit', (event) => event.preventDefault());
    form?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(onSave).toHaveBeenCalledTimes(1);
    const activate = document.querySelector<HTMLElement>('[data-action="activate-codes"]');
    activate?.removeAttribute('disabled'); // the fixture's job may have every code active already
    activate?.click();
    expect(onSave).toHaveBeenCalledTimes(2);
    // Not the logout form, not any click.
    document.querySelector('form[action="/logout"]')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    document.body.click();
    expect(onSave).toHaveBeenCalledTimes(2);
    controller.abort();
    form?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(onSave).toHaveBeenCalledTimes(2);
  });

  it('hears the site’s status label change, and only a change', async () => {
    const onChange = vi.fn();
    watchSiteStatus(layout, controller.signal, onChange);
    const label = document.querySelector(layout === 'new' ? 'header.job-banner .status-label' : '#job-status-text');
    if (!label) throw new Error('no label');
    label.textContent = 'Planning';
    document.body.append(document.createElement('div'));
    await Promise.resolve();
    expect(onChange).not.toHaveBeenCalled();
    label.textContent = 'Selling';
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith('Selling'));
    controller.abort();
    label.textContent = 'Archived';
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});
