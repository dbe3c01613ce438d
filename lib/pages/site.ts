/**
 * Actions on the admin site's own page that depend on how it is built. The sandbox (like the
 * single-page admin it imitates) re-reads its job and re-renders when the history moves, so a
 * synthetic `popstate` makes it show a status the extension changed behind its back.
 */
export function refreshSiteView(win: Window = window): void {
  win.dispatchEvent(new PopStateEvent('popstate', { state: win.history.state as unknown }));
}

/**
 * Brings a fix target into view. A tab link is followed (the site navigates client-side); a
 * settings section is scrolled to, and its first control focused so the keyboard lands there.
 */
export function revealFixTarget(target: Element): void {
  if (target instanceof HTMLAnchorElement) {
    target.click();
    return;
  }
  target.scrollIntoView({ behavior: 'smooth', block: 'start' });
  // A short glow says "here" without leaving a trace in the site's styles.
  target.animate?.([{ boxShadow: '0 0 0 3px rgba(11, 95, 255, 0.45)' }, { boxShadow: '0 0 0 3px rgba(11, 95, 255, 0)' }], { duration: 1600 });
  const control = target.querySelector<HTMLElement>('select, input:not([type="hidden"]), textarea, button');
  control?.focus({ preventScroll: true });
}
