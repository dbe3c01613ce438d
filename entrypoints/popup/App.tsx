import { useEffect, useRef, useState } from 'preact/hooks';
import { loginUrl } from '../../lib/pages/urls';
import { t } from '../../lib/i18n/t';
import { ListView } from './ListView';
import { loadOverlays, useOverlays } from './lazy';
import type { PopupStore } from './store';

/** Whether a key press belongs to a text field (then `/`, Ctrl+A and friends keep their usual meaning). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

/** The popup: the list underneath, one other view over it at a time, and the keyboard map. */
export function App({ store }: { store: PopupStore }) {
  const searchRef = useRef<HTMLInputElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  const [clock, setClock] = useState(() => store.deps.now());
  const view = store.view.value;
  // Loaded when a view opens, or once the list has been on screen a moment (not while its first frame is drawn).
  const overlays = useOverlays(view !== 'list' ? 'now' : store.ready.value ? 'soon' : false);
  const origin = store.sync.view.value?.origin ?? null;

  useEffect(() => {
    const timer = setInterval(() => setClock(store.deps.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const focusSearch = () => searchRef.current?.focus();

  // Each view takes focus when it opens (once its code is there); back on the list, focus returns to the current row.
  const previousView = useRef(view);
  useEffect(() => {
    const from = previousView.current;
    previousView.current = view;
    if (view === 'list' && from !== 'list') {
      if (store.list.state.value.total > 0) store.focusList.value += 1;
      else focusSearch();
    }
  }, [view]);
  useEffect(() => {
    if (view !== 'list' && overlays) overlayRef.current?.querySelector<HTMLElement>('.pop-subheader .pop-icon-btn')?.focus();
  }, [view, overlays !== null]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      // A dialog handles its own keys.
      if (store.detail.state.value?.pending) return;
      const current = store.view.value;
      if (event.key === 'Escape') {
        if (current !== 'list') {
          event.preventDefault();
          store.back();
        } else if (store.list.criteria.value.query !== '') {
          event.preventDefault();
          void store.setCriteria({ query: '' });
          focusSearch();
        } else if (store.selection.selected.value.size > 0) {
          event.preventDefault();
          store.selection.clear();
        }
        return;
      }
      if (current !== 'list' || isTyping(event.target)) return;
      if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        focusSearch();
        searchRef.current?.select();
      } else if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
        event.preventDefault();
        void store.selection.selectAllFiltered();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const signIn = () => {
    if (origin) store.deps.openTab(loginUrl(origin));
  };
  const toast = store.toast.value;
  return (
    <div class="pop-app">
      <div class="pop-layer" inert={view !== 'list'} aria-hidden={view !== 'list' ? 'true' : undefined} data-hidden={view !== 'list' ? 'true' : undefined}>
        <ListView store={store} searchRef={searchRef} clock={clock} onSignIn={signIn} onExport={() => void loadOverlays().then((module) => module.exportJobs(store))} onFocusSearch={focusSearch} />
      </div>
      {view !== 'list' && (
        <div class="pop-layer pop-layer--over" ref={overlayRef}>
          {overlays ? <overlays.OverlayHost store={store} onSignIn={signIn} /> : <p class="pop-muted pop-pad">{t('popup_loading')}</p>}
        </div>
      )}
      <div class={`pop-toast${toast ? ' pop-toast--shown' : ''}${toast?.tone === 'error' ? ' pop-toast--error' : ''}`} role="status" aria-live="polite">
        {toast?.text ?? ''}
      </div>
    </div>
  );
}
