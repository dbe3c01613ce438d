import { useEffect } from 'preact/hooks';
import { PermissionBanner } from '../../components/PermissionBanner';
import { t } from '../../lib/i18n/t';
import { ChecklistSection } from './ChecklistSection';
import { DataSection } from './DataSection';
import { SiteSection } from './SiteSection';
import type { OptionsStore } from './store';
import { SyncSection } from './SyncSection';

export interface AppProps {
  store: OptionsStore;
  version: string;
}

export function App({ store, version }: AppProps) {
  useEffect(() => {
    const controller = new AbortController();
    void store.start(controller.signal);
    return () => controller.abort();
  }, [store]);

  const settings = store.settings.value;
  const notice = store.notice.value;

  return (
    <div class="opt-page">
      <header class="opt-header">
        <img class="opt-header__icon" src="/icons/48.png" alt="" width={32} height={32} />
        <div>
          <h1 class="opt-header__title">{t('options_heading')}</h1>
          <p class="opt-header__subtitle">{t('extName')}</p>
        </div>
      </header>

      <main class="opt-main">
        {/* Always in the DOM, so screen readers announce each change as it lands. */}
        <div class="opt-notice-slot" role="status" aria-live="polite">
          {notice && (
            <p class={`jsc-callout jsc-callout--${notice.tone === 'ok' ? 'ok' : 'critical'} opt-notice`}>{notice.text}</p>
          )}
        </div>

        {store.loadError.value && (
          <p class="jsc-callout jsc-callout--critical" role="alert">
            {t('error_generic', store.loadError.value)}
          </p>
        )}

        {!settings && !store.loadError.value && <p class="opt-loading">{t('options_loading')}</p>}

        {settings && (
          <>
            {store.missingAccess.value.length > 0 && (
              <PermissionBanner host={new URL(settings.adminOrigin).host} onGrant={() => void store.grantAccess()} />
            )}
            <SiteSection
              sites={store.sites.value}
              adminOrigin={settings.adminOrigin}
              customOrigins={settings.customOrigins}
              onSelect={(origin) => void store.selectSite(origin)}
              onAdd={(origin) => store.addSite(origin)}
              onRemove={(origin) => void store.removeSite(origin)}
            />
            <ChecklistSection
              checklist={settings.checklist}
              onChange={(id, value) => void store.setSeverity(id, value)}
              onReset={() => void store.resetChecklist()}
            />
            <SyncSection
              intervalMinutes={settings.syncIntervalMinutes}
              badgeEnabled={settings.badgeEnabled}
              sync={store.sync.value}
              busy={store.busy.value}
              onInterval={(minutes) => void store.setSyncInterval(minutes)}
              onBadge={(enabled) => void store.setBadgeEnabled(enabled)}
              onSyncNow={() => void store.syncNow()}
            />
            <DataSection accountName={store.sync.value?.account?.name ?? null} busy={store.busy.value} onClear={(scope) => store.clear(scope)} />
          </>
        )}
      </main>

      <footer class="opt-footer">
        <p>{t('options_privacy_note')}</p>
        <p>{t('options_footer_version', version)}</p>
      </footer>
    </div>
  );
}
