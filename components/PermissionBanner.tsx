import { t } from '../lib/i18n/t';

export interface PermissionBannerProps {
  /** The admin site the extension cannot reach, e.g. "app.gotphoto.com". */
  host: string;
  /**
   * Must call `requestHostPatterns` synchronously: the browser shows its permission prompt only
   * while handling the click.
   */
  onGrant: () => void;
  /** The user said no the last time; the banner says so, and the button stays to try again. */
  denied?: boolean;
  class?: string;
}

/** Tells the user the extension lacks access to the admin site and offers the one fix. */
export function PermissionBanner({ host, onGrant, denied = false, class: className }: PermissionBannerProps) {
  return (
    <section class={`jsc-callout jsc-callout--warning jsc-permission${className ? ` ${className}` : ''}`} aria-labelledby="jsc-permission-title">
      <h2 id="jsc-permission-title" class="jsc-permission__title">
        {t('options_access_title', host)}
      </h2>
      <p class="jsc-permission__text">{t('options_access_body')}</p>
      {denied && <p class="jsc-permission__text">{t('options_access_denied')}</p>}
      <button type="button" class="jsc-btn jsc-btn--primary" onClick={onGrant}>
        {t('options_access_button')}
      </button>
    </section>
  );
}
