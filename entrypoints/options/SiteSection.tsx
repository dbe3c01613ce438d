import { useState } from 'preact/hooks';
import { t } from '../../lib/i18n/t';
import type { MessageKey } from '../../lib/i18n/catalog';
import { parseCustomOrigin, MAX_CUSTOM_ORIGINS, type CustomOriginRefusal } from '../../lib/permissions/origins';
import type { SiteChoice } from './store';

export interface SiteSectionProps {
  sites: readonly SiteChoice[];
  adminOrigin: string;
  customOrigins: readonly string[];
  onSelect: (origin: string) => void;
  /** Called inside the submit handler: it opens the browser's permission prompt. */
  onAdd: (origin: string) => Promise<boolean>;
  onRemove: (origin: string) => void;
}

const NOTE_KEYS: Readonly<Record<string, MessageKey>> = {
  'https://app.gotphoto.com': 'options_site_gotphoto_note',
  'https://app.fotograf.de': 'options_site_fotograf_note',
};

function siteNote(site: SiteChoice): string {
  if (site.kind === 'custom') return t('options_site_custom_note');
  if (site.kind === 'other') return t('options_site_other_note');
  const key = NOTE_KEYS[site.origin];
  return key ? t(key) : '';
}

function refusalText(reason: CustomOriginRefusal, input: string): string {
  const host = input.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  switch (reason) {
    case 'empty':
      return t('options_site_error_empty');
    case 'invalid':
      return t('options_site_error_invalid');
    case 'not-https':
      return t('options_site_error_not_https');
    case 'builtin':
      return t('options_site_error_builtin', host);
    case 'duplicate':
      return t('options_site_error_duplicate', host);
    case 'too-many':
      return t('options_site_error_too_many', MAX_CUSTOM_ORIGINS);
  }
}

/** Which admin site the extension works with, and the custom ones the user added. */
export function SiteSection({ sites, adminOrigin, customOrigins, onSelect, onAdd, onRemove }: SiteSectionProps) {
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    const parsed = parseCustomOrigin(input, customOrigins);
    if (!parsed.ok) {
      setError(refusalText(parsed.reason, input));
      return;
    }
    setError(null);
    void onAdd(parsed.origin).then((added) => {
      if (added) setInput('');
    });
  };

  return (
    <section class="opt-card" aria-labelledby="site-heading">
      <h2 id="site-heading" class="opt-card__title">
        {t('options_site_heading')}
      </h2>
      <p class="opt-card__intro">{t('options_site_intro')}</p>
      <fieldset class="opt-sites">
        <legend class="jsc-visually-hidden">{t('options_site_legend')}</legend>
        {sites.map((site) => {
          const id = `site-${site.origin.replace(/[^a-z0-9]/gi, '-')}`;
          const host = new URL(site.origin).host;
          return (
            <div class={`opt-site${site.origin === adminOrigin ? ' opt-site--selected' : ''}`} key={site.origin}>
              <input
                type="radio"
                name="admin-site"
                id={id}
                class="opt-site__radio"
                value={site.origin}
                checked={site.origin === adminOrigin}
                onChange={() => onSelect(site.origin)}
                aria-describedby={`${id}-note`}
              />
              <label for={id} class="opt-site__label">
                <span class="opt-site__host">{host}</span>
                <span id={`${id}-note`} class="opt-site__note">
                  {siteNote(site)}
                </span>
              </label>
              {site.kind === 'custom' && (
                <button
                  type="button"
                  class="jsc-btn jsc-btn--ghost jsc-btn--small"
                  aria-label={t('options_site_remove_label', host)}
                  onClick={() => onRemove(site.origin)}
                >
                  {t('options_site_remove')}
                </button>
              )}
            </div>
          );
        })}
      </fieldset>

      <form class="opt-add" onSubmit={submit} noValidate>
        <label for="site-add" class="opt-field__label">
          {t('options_site_add_label')}
        </label>
        <div class="opt-add__row">
          <input
            id="site-add"
            class="opt-input"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            placeholder={t('options_site_add_placeholder')}
            value={input}
            onInput={(event) => setInput((event.currentTarget as HTMLInputElement).value)}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'site-add-error site-add-hint' : 'site-add-hint'}
          />
          <button type="submit" class="jsc-btn">
            {t('options_site_add_button')}
          </button>
        </div>
        {error && (
          <p id="site-add-error" class="opt-field__error" role="alert">
            {error}
          </p>
        )}
        <p id="site-add-hint" class="opt-field__hint">
          {t('options_site_add_hint')}
        </p>
      </form>
    </section>
  );
}
