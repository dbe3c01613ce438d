import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ChecklistList } from '../../../components/ChecklistList';
import { ChecklistSummaryBadge } from '../../../components/ChecklistSummaryBadge';
import { StatusBadge } from '../../../components/StatusBadge';
import { TransitionButtons } from '../../../components/TransitionButtons';
import { TransitionDialog } from '../../../components/TransitionDialog';
import type { JobSessionState } from '../../../lib/content/job-session';
import { checklistSummary, evaluateChecklist } from '../../../lib/core/checklist';
import type { ChecklistItemId, JobStatus } from '../../../lib/core/types';
import { t } from '../../../lib/i18n/t';
import { Logo } from './Logo';
import { noticeText } from './notice';

/** How the UI fits where it is: a row of the new banner, inline in the classic box, or a floating pill. */
export type BarFit = 'row' | 'inline' | 'pill';

export interface JobBarProps {
  fit: BarFit;
  state: JobSessionState;
  /** The run's signal: document listeners end with the run. */
  signal: AbortSignal;
  onSelect(to: JobStatus): void;
  onConfirm(): void;
  onCancel(): void;
  onFix(id: ChecklistItemId): void;
  canFix(id: ChecklistItemId): boolean;
  onDismissNotice(): void;
}

/** How long "Status changed" stays; errors stay until the next action. */
const NOTICE_MS = 6000;

/**
 * The settings page's UI: the status, the go-live checklist badge (opening the item list with
 * "Fix" buttons) and the allowed status changes, each confirmed in TransitionDialog.
 */
export function JobBar({ fit, state, signal, onSelect, onConfirm, onCancel, onFix, canFix, onDismissNotice }: JobBarProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    // A click anywhere else closes the list, as the admin's own menus do.
    const local = new AbortController();
    const stop = () => local.abort();
    signal.addEventListener('abort', stop, { once: true });
    document.addEventListener(
      'click',
      (event) => {
        const root = rootRef.current;
        if (root && !event.composedPath().includes(root)) setOpen(false);
      },
      { capture: true, signal: local.signal },
    );
    return () => {
      signal.removeEventListener('abort', stop);
      local.abort();
    };
  }, [open, signal]);

  const notice = state.notice;
  useEffect(() => {
    if (notice?.kind !== 'changed') return;
    const timer = setTimeout(onDismissNotice, NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, onDismissNotice]);

  const data = state.data;
  if (!data) return null;
  const { job, account, checklist, now } = data;
  const summary = checklistSummary(job, account, now, checklist);
  const items = evaluateChecklist('go-live', job, account, now, checklist).items;
  const pill = fit === 'pill';

  const close = () => {
    setOpen(false);
    toggleRef.current?.focus();
  };
  const buttons = (
    <TransitionButtons job={job} account={account} onSelect={onSelect} busy={state.busy || state.dialog !== null} allowedOnly />
  );

  return (
    <div
      ref={rootRef}
      class={`jsc-page jsc-page--${fit}`}
      role="region"
      aria-label={t('page_region_label')}
      title={pill ? t('page_pill_note') : undefined}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open && state.dialog === null) {
          event.preventDefault();
          close();
        }
      }}
    >
      <span class="jsc-page__brand" title={t('page_region_label')}>
        <Logo />
        {!pill && <span class="jsc-page__brand-name">{t('page_brand')}</span>}
      </span>
      <StatusBadge status={job.status} compact={fit === 'inline'} />
      <div class="jsc-page__checklist">
        <button
          ref={toggleRef}
          type="button"
          class="jsc-page__toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen(!open)}
        >
          <span class="jsc-visually-hidden">{t('page_checklist_heading')}: </span>
          <ChecklistSummaryBadge summary={summary} />
          <span class="jsc-page__caret" aria-hidden="true">
            ▾
          </span>
        </button>
        {open && (
          <div id={panelId} class="jsc-page__panel">
            <div class="jsc-page__panel-head">
              <h2 class="jsc-page__panel-title">{t('page_checklist_heading')}</h2>
              <button type="button" class="jsc-btn jsc-btn--ghost jsc-btn--small" aria-label={t('page_checklist_close')} onClick={close}>
                ✕
              </button>
            </div>
            <ChecklistList
              items={items}
              label={t('page_checklist_heading')}
              canFix={canFix}
              onFix={(id) => {
                setOpen(false);
                onFix(id);
              }}
            />
            {items.some((item) => item.id === 'invoice-settings' && !item.passed) && <p class="jsc-page__hint">{t('page_fix_invoice_settings')}</p>}
            {pill && <div class="jsc-page__panel-actions">{buttons}</div>}
          </div>
        )}
      </div>
      {!pill && buttons}
      <span class={`jsc-page__notice${state.notice?.kind === 'failed' ? ' jsc-page__notice--error' : ''}`} role="status">
        {state.notice ? noticeText(state.notice) : ''}
      </span>
      {state.dialog && (
        <TransitionDialog
          job={job}
          account={account}
          target={state.dialog}
          now={now}
          checklist={checklist}
          busy={state.busy}
          onConfirm={onConfirm}
          onCancel={onCancel}
        />
      )}
    </div>
  );
}
