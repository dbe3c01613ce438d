import type { Ref } from 'preact';
import { t } from '../../lib/i18n/t';
import { formatNumber } from '../../components/format';
import { counted, lastErrorText } from '../../components/labels';
import { BulkBar, BulkStrip } from './BulkBar';
import { Icon, type IconName } from './icons';
import { JobList } from './JobList';
import { ROW_HEIGHT, PlaceholderRow } from './JobRow';
import type { PopupStore } from './store';
import { SyncLine } from './SyncLine';
import { FilterChips, SearchField, SortSelect } from './Toolbar';

export interface ListViewProps {
  store: PopupStore;
  searchRef: Ref<HTMLInputElement>;
  clock: number;
  onSignIn: () => void;
  onExport: () => void;
  onFocusSearch: () => void;
}

/** The main view: sync state, search, filters, the list, and the selection's bulk bar. */
export function ListView({ store, searchRef, clock, onSignIn, onExport, onFocusSearch }: ListViewProps) {
  const { list, sync, selection, bulk } = store;
  const state = list.state.value;
  const selected = selection.selected.value;
  const shownBulk = bulk.current.value;

  return (
    <div class="pop-view pop-view--list">
      <header class="pop-header">
        <h1 class="pop-title">
          <img src="/icons/32.png" alt="" width={18} height={18} class="pop-title__logo" />
          {t('extName')}
        </h1>
        <span class="pop-account" title={sync.view.value?.account?.name}>
          {sync.view.value?.account?.name ?? ''}
        </span>
        <div class="pop-header__actions">
          <HeaderButton icon="download" label={t('popup_export_csv')} onClick={onExport} />
          <HeaderButton icon="activity" label={t('popup_activity')} onClick={() => store.openActivity()} />
          <HeaderButton icon="settings" label={t('popup_options')} onClick={() => store.deps.openOptions()} />
        </div>
      </header>
      <SyncLine
        view={sync.view.value}
        refreshing={sync.refreshing.value}
        error={sync.error.value}
        clock={clock}
        onSignIn={onSignIn}
        onRefresh={() => void sync.refresh()}
      />
      <div class="pop-finder">
        <QueryField store={store} searchRef={searchRef} />
        <FilterChips filter={list.filter.value} counts={state.counts} onFilter={(filter) => void store.setCriteria({ filter })} />
        <div class="pop-listbar">
          <span class="pop-listbar__count" aria-live="polite">
            {state.ready ? counted(state.total, 'popup_job_count_one', 'popup_job_count', formatNumber(state.total)) : t('popup_loading')}
          </span>
          {state.total > 0 && (
            <button
              type="button"
              class="jsc-btn jsc-btn--small jsc-btn--ghost"
              aria-keyshortcuts="Control+A Meta+A"
              aria-disabled={selection.busy.value ? 'true' : undefined}
              onClick={() => !selection.busy.value && void selection.selectAllFiltered()}
            >
              {t('popup_select_all', formatNumber(state.total))}
            </button>
          )}
          <SortSelect sort={list.sort.value} onSort={(sort) => void store.setCriteria({ sort })} />
        </div>
      </div>
      {!(state.ready && store.ready.value) ? (
        <div class="pop-list" aria-busy="true" aria-label={t('popup_loading')}>
          <div class="pop-list__inner" style={{ height: `${ROW_HEIGHT * 6}px` }}>
            {[0, 1, 2, 3, 4, 5].map((i) => (
              <PlaceholderRow key={i} index={i} top={i * ROW_HEIGHT} />
            ))}
          </div>
        </div>
      ) : state.total === 0 ? (
        <EmptyState store={store} onSignIn={onSignIn} onFocusSearch={onFocusSearch} />
      ) : (
        <JobList store={store} onLeaveTop={onFocusSearch} />
      )}
      {selection.error.value && (
        <p class="pop-inline-error" role="alert">
          {t('error_generic', selection.error.value)}
        </p>
      )}
      {shownBulk && <BulkStrip bulk={shownBulk} onShow={() => store.openBulk()} onDismiss={() => store.dismissBulk()} />}
      {selected.size > 0 && (
        <BulkBar
          selected={selected}
          account={list.account.value}
          busy={bulk.busy.value}
          onClear={() => selection.clear()}
          onAction={(to) => {
            void bulk.startPreview(to, [...selected.keys()]).then((ok) => {
              if (ok) store.view.value = 'bulk-preview';
            });
          }}
        />
      )}
      {bulk.error.value && store.view.value === 'list' && (
        <p class="pop-inline-error" role="alert">
          {t('error_generic', bulk.error.value)}
        </p>
      )}
    </div>
  );
}

function HeaderButton({ icon, label, onClick }: { icon: IconName; label: string; onClick: () => void }) {
  return (
    <button type="button" class="pop-icon-btn" aria-label={label} title={label} onClick={onClick}>
      <Icon name={icon} />
    </button>
  );
}

/** The search field, on its own: typing re-renders it and nothing else until the list's answer arrives. */
function QueryField({ store, searchRef }: { store: PopupStore; searchRef: Ref<HTMLInputElement> }) {
  return (
    <SearchField
      query={store.list.query.value}
      inputRef={searchRef}
      onQuery={(query) => void store.setCriteria({ query })}
      onEnterList={() => (store.focusList.value += 1)}
    />
  );
}

/** No rows: say why, and offer the next step. */
function EmptyState({ store, onSignIn, onFocusSearch }: { store: PopupStore; onSignIn: () => void; onFocusSearch: () => void }) {
  const { list, sync } = store;
  const query = list.query.value.trim();
  const state = list.state.value;
  const view = sync.view.value;
  const syncing = sync.refreshing.value || view?.status === 'syncing';

  let icon: IconName = 'inbox';
  let title: string;
  let body: string | null = null;
  let action: { label: string; run: () => void } | null = null;

  if (state.error) {
    icon = 'alert';
    title = t('popup_empty_error_title');
    body = state.error;
    action = { label: t('popup_try_again'), run: () => void list.reload() };
  } else if (query !== '') {
    icon = 'search';
    title = t('popup_empty_search_title', query);
    body = t('popup_empty_search_body');
    action = {
      label: t('popup_clear_search'),
      run: () => {
        void store.setCriteria({ query: '' });
        onFocusSearch();
      },
    };
  } else if ((state.counts?.all ?? 0) > 0) {
    title = t('popup_empty_filter_title');
    action = { label: t('popup_show_all'), run: () => void store.setCriteria({ filter: 'all' }) };
  } else if (view?.status === 'signed-out' || (!view?.account && !syncing && view?.status !== 'offline' && view?.status !== 'error')) {
    icon = 'user';
    title = t('popup_empty_signed_out_title');
    body = t('popup_empty_signed_out_body');
    action = { label: t('popup_sign_in'), run: onSignIn };
  } else if (syncing) {
    icon = 'refresh';
    title = t('popup_empty_syncing_title');
    body = t('popup_empty_syncing_body');
  } else if (view?.status === 'offline') {
    icon = 'cloudOff';
    title = t('popup_empty_offline_title');
    body = t('popup_empty_offline_body');
    action = { label: t('popup_try_again'), run: () => void sync.refresh() };
  } else if (view?.status === 'error') {
    icon = 'alert';
    title = t('popup_empty_sync_error_title');
    body = view.lastError ? lastErrorText(view.lastError) : null;
    action = { label: t('popup_try_again'), run: () => void sync.refresh() };
  } else {
    title = t('popup_empty_no_jobs_title');
    body = t('popup_empty_no_jobs_body');
  }

  return (
    <div class="pop-empty" data-empty={icon}>
      <span class="pop-empty__icon">
        <Icon name={icon} size={28} />
      </span>
      <p class="pop-empty__title">{title}</p>
      {body && <p class="pop-empty__body">{body}</p>}
      {action && (
        <button type="button" class="jsc-btn jsc-btn--primary" onClick={action.run}>
          {action.label}
        </button>
      )}
    </div>
  );
}
