import { useEffect, useRef } from 'preact/hooks';
import { evaluateChecklist } from '../../lib/core/checklist';
import { daysUntil } from '../../lib/core/dates';
import type { ChecklistItemId, Job, JobStatus } from '../../lib/core/types';
import { t } from '../../lib/i18n/t';
import { ChecklistList } from '../../components/ChecklistList';
import { ChecklistSummaryBadge } from '../../components/ChecklistSummaryBadge';
import { CustomerView } from '../../components/CustomerView';
import { formatDate, formatDateTime, formatPercent } from '../../components/format';
import { counted, statusLabel } from '../../components/labels';
import { StatusBadge } from '../../components/StatusBadge';
import { TransitionButtons } from '../../components/TransitionButtons';
import { TransitionDialog } from '../../components/TransitionDialog';
import type { DetailNotice, DetailState } from './detail-store';
import { Icon } from './icons';

export interface DetailViewProps {
  state: DetailState;
  onBack: () => void;
  onRequest: (to: JobStatus) => void;
  onConfirm: () => void;
  onCancel: () => void;
  onDismissNotice: () => void;
  onOpenAdmin: (job: Job) => void;
  onFix: (job: Job, item: ChecklistItemId) => void;
  onCopyId: (job: Job) => void;
  onCopyLink: (job: Job) => void;
  onSignIn: () => void;
}

const SALES_METHOD_KEYS = {
  proofing: 'popup_sales_proofing',
  prepay: 'popup_sales_prepay',
  prepay_plus: 'popup_sales_prepay_plus',
} as const;

/** A deadline with how far off it is ("in 3 days", "2 days ago"). */
function deadline(value: string | null, now: Date): string {
  if (!value) return t('popup_none');
  const days = daysUntil(value, now);
  const date = formatDate(value);
  if (days === null) return date;
  if (days === 0) return t('popup_date_today', date);
  return days > 0
    ? counted(days, 'popup_date_in_days_one', 'popup_date_in_days', date, days)
    : counted(-days, 'popup_date_days_ago_one', 'popup_date_days_ago', date, -days);
}

/** One job: status and its changes, what customers see, the checklist and the facts. */
export function DetailView(props: DetailViewProps) {
  const { state } = props;
  const { job, account, now } = state;
  const statusRef = useRef<HTMLElement>(null);

  // After the dialog closes its opener may be gone (the buttons change with the status): keep
  // keyboard users in the status section rather than at the top of the page.
  useEffect(() => {
    if (state.pending !== null) return;
    const frame = requestAnimationFrame(() => {
      if (document.activeElement === document.body) statusRef.current?.querySelector<HTMLElement>('.jsc-transitions button')?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [state.pending]);

  return (
    <div class="pop-view pop-view--detail" data-view="detail">
      <header class="pop-subheader">
        <button type="button" class="pop-icon-btn" aria-label={t('popup_back')} title={t('popup_back')} onClick={props.onBack}>
          <Icon name="back" />
        </button>
        <h1 class="pop-subheader__title" id="detail-title">
          {job?.name ?? state.jobId}
        </h1>
      </header>
      {state.missing ? (
        <div class="pop-empty">
          <p class="pop-empty__title">{t('popup_detail_missing_title')}</p>
          <p class="pop-empty__body">{t('popup_detail_missing_body')}</p>
          <button type="button" class="jsc-btn jsc-btn--primary" onClick={props.onBack}>
            {t('popup_back_to_list')}
          </button>
        </div>
      ) : !job ? (
        <div class="pop-detail">
          <p class="pop-muted">{t('popup_loading')}</p>
          {state.notice && <Notice notice={state.notice} onDismiss={props.onDismissNotice} onSignIn={props.onSignIn} />}
        </div>
      ) : (
        <div class="pop-detail" aria-labelledby="detail-title">
          <div class="pop-detail__meta">
            <span class="pop-detail__org">{job.organization}</span>
            {job.internalName && <span class="pop-detail__internal">{job.internalName}</span>}
            <code class="pop-detail__id">{job.id}</code>
          </div>
          <div class="pop-detail__links">
            <button type="button" class="jsc-btn jsc-btn--small" onClick={() => props.onOpenAdmin(job)}>
              <Icon name="external" size={14} />
              {t('popup_open_admin')}
            </button>
            <button type="button" class="jsc-btn jsc-btn--small" onClick={() => props.onCopyId(job)}>
              <Icon name="copy" size={14} />
              {t('popup_copy_id')}
            </button>
            <button type="button" class="jsc-btn jsc-btn--small" onClick={() => props.onCopyLink(job)}>
              <Icon name="link" size={14} />
              {t('popup_copy_link')}
            </button>
          </div>

          <section class="pop-section" aria-labelledby="detail-status" ref={statusRef}>
            <h2 class="pop-section__title" id="detail-status">
              {t('popup_detail_status')}
            </h2>
            <div class="pop-detail__status">
              <StatusBadge status={job.status} />
              {state.sending && <span class="pop-muted">{t('popup_changing')}</span>}
            </div>
            {state.notice && <Notice notice={state.notice} onDismiss={props.onDismissNotice} onSignIn={props.onSignIn} />}
            {account ? (
              <TransitionButtons job={job} account={account} onSelect={props.onRequest} busy={state.sending} />
            ) : (
              <p class="pop-muted">{t('popup_detail_no_account')}</p>
            )}
          </section>

          <section class="pop-section" aria-labelledby="detail-customers">
            <h2 class="pop-section__title" id="detail-customers">
              {t('popup_detail_customers')}
            </h2>
            <CustomerView job={job} now={now} />
          </section>

          {account && <ChecklistSection job={job} state={state} onFix={props.onFix} />}

          <section class="pop-section" aria-labelledby="detail-facts">
            <h2 class="pop-section__title" id="detail-facts">
              {t('popup_detail_facts')}
            </h2>
            <dl class="pop-facts">
              <dt>{t('popup_fact_shoot_date')}</dt>
              <dd>{job.shootDate ? formatDate(job.shootDate) : t('popup_none')}</dd>
              <dt>{t('popup_fact_archive_deadline')}</dt>
              <dd>{job.archiving.enabled ? deadline(job.archiving.deadline, now) : t('popup_archiving_off')}</dd>
              <dt>{t('popup_fact_prepay_deadline')}</dt>
              <dd>{deadline(job.prepayDeadline, now)}</dd>
              <dt>{t('popup_fact_login_rate')}</dt>
              <dd>{formatPercent(job.loginRate)}</dd>
              <dt>{t('popup_fact_sales_method')}</dt>
              <dd>{t(SALES_METHOD_KEYS[job.salesMethod])}</dd>
              <dt>{t('popup_fact_photos')}</dt>
              <dd>{job.photos.uploaded}</dd>
              <dt>{t('popup_fact_codes')}</dt>
              <dd>{t('popup_codes_value', job.accessCodes.activated, job.accessCodes.total)}</dd>
              <dt>{t('popup_fact_updated')}</dt>
              <dd>{formatDateTime(job.updatedAt)}</dd>
            </dl>
          </section>
        </div>
      )}
      {job && account && state.pending && (
        <TransitionDialog
          job={job}
          account={account}
          target={state.pending}
          now={now}
          checklist={state.checklist}
          busy={state.sending}
          onConfirm={props.onConfirm}
          onCancel={props.onCancel}
        />
      )}
    </div>
  );
}

function ChecklistSection({ job, state, onFix }: { job: Job; state: DetailState; onFix: DetailViewProps['onFix'] }) {
  const account = state.account;
  if (!account) return null;
  const result = evaluateChecklist('go-live', job, account, state.now, state.checklist);
  return (
    <section class="pop-section" aria-labelledby="detail-checklist">
      <div class="pop-section__head">
        <h2 class="pop-section__title" id="detail-checklist">
          {t('dialog_golive_title')}
        </h2>
        <ChecklistSummaryBadge
          summary={{
            criticalMissing: result.criticalMissing,
            boostersDone: result.recommendedDone,
            boostersTotal: result.recommendedTotal,
            worst: result.worst,
          }}
        />
      </div>
      <ChecklistList items={result.items} label={t('dialog_golive_title')} onFix={(item) => onFix(job, item)} />
    </section>
  );
}

function Notice({ notice, onDismiss, onSignIn }: { notice: DetailNotice; onDismiss: () => void; onSignIn: () => void }) {
  switch (notice.kind) {
    case 'done':
      return (
        <p class="jsc-callout jsc-callout--ok pop-notice" role="status">
          {t('popup_changed_to', statusLabel(notice.to))}
          <NoticeClose onDismiss={onDismiss} />
        </p>
      );
    case 'conflict':
      return (
        <div class="jsc-callout jsc-callout--warning pop-notice" role="alert" data-notice="conflict">
          <p class="pop-notice__text">{t('error_conflict')}</p>
          <p class="pop-notice__text">
            {t('popup_conflict_server_state')} <StatusBadge status={notice.job.status} compact />
          </p>
          <NoticeClose onDismiss={onDismiss} />
        </div>
      );
    case 'signed-out':
      return (
        <div class="jsc-callout jsc-callout--warning pop-notice" role="alert">
          <p class="pop-notice__text">{t('error_signed_out')}</p>
          <button type="button" class="pop-link" onClick={onSignIn}>
            {t('popup_sign_in')}
          </button>
        </div>
      );
    case 'error':
      return (
        <div class="jsc-callout jsc-callout--critical pop-notice" role="alert">
          <p class="pop-notice__text">{t('error_generic', notice.message)}</p>
          <NoticeClose onDismiss={onDismiss} />
        </div>
      );
  }
}

function NoticeClose({ onDismiss }: { onDismiss: () => void }) {
  return (
    <button type="button" class="pop-icon-btn pop-notice__close" aria-label={t('popup_dismiss')} title={t('popup_dismiss')} onClick={onDismiss}>
      <Icon name="close" size={14} />
    </button>
  );
}
