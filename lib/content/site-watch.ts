import { isSaveButton, readSiteStatus, settingsFormOf } from '../pages/selectors';
import type { AdminLayout } from '../pages/urls';

/**
 * What the admin site does on its own that changes the job under the extension's feet: the user
 * saves a settings form (or a button that saves at once), or the site's own status controls
 * change the status. Listening only; the site's behaviour is never altered.
 */
export function watchSiteSaves(layout: AdminLayout, signal: AbortSignal, onSave: () => void): void {
  const options = { capture: true, passive: true, signal } as const;
  document.addEventListener(
    'submit',
    (event) => {
      if (settingsFormOf(event.target, layout)) onSave();
    },
    options,
  );
  document.addEventListener(
    'click',
    (event) => {
      if (isSaveButton(event.target, layout)) onSave();
    },
    options,
  );
}

/** Calls `onChange` whenever the status label the site shows says something new. */
export function watchSiteStatus(layout: AdminLayout, signal: AbortSignal, onChange: (shown: string) => void): void {
  let shown = readSiteStatus(document, layout);
  const observer = new MutationObserver(() => {
    const now = readSiteStatus(document, layout);
    if (now === null || now === shown) return;
    shown = now;
    onChange(now);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
