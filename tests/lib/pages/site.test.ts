// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { refreshSiteView, revealFixTarget } from '../../../lib/pages/site';
import { findFixTarget } from '../../../lib/pages/selectors';
import { showFixture } from '../../fixtures/html/load';

describe('page actions', () => {
  it('makes the site re-read its job with a popstate event, keeping the history state', () => {
    history.replaceState({ tab: 'settings' }, '', '/jobs/1/settings');
    const onPop = vi.fn((event: PopStateEvent) => event.state as unknown);
    window.addEventListener('popstate', onPop);
    refreshSiteView();
    expect(onPop).toHaveBeenCalledTimes(1);
    expect(onPop.mock.results[0]?.value).toEqual({ tab: 'settings' });
    expect(location.pathname).toBe('/jobs/1/settings');
    window.removeEventListener('popstate', onPop);
  });

  it('scrolls to a settings section and puts the keyboard on its first control', () => {
    showFixture('new-settings');
    const section = findFixTarget(document, 'new', 'price-list');
    if (!(section instanceof HTMLElement)) throw new Error('no section');
    section.scrollIntoView = vi.fn();
    revealFixTarget(section);
    expect(section.scrollIntoView).toHaveBeenCalledWith({ behavior: 'smooth', block: 'start' });
    expect(document.activeElement).toBe(section.querySelector('select'));
  });

  it('follows a tab link (the site navigates itself)', () => {
    showFixture('classic-settings');
    const link = findFixTarget(document, 'classic', 'photos');
    if (!(link instanceof HTMLAnchorElement)) throw new Error('no link');
    const onClick = vi.fn((event: Event) => event.preventDefault());
    link.addEventListener('click', onClick);
    revealFixTarget(link);
    expect(onClick).toHaveBeenCalledTimes(1);
  });
});
