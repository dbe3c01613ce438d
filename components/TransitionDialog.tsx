import { useId } from 'preact/hooks';
import { campaignEmailNotice, checklistKindFor, evaluateChecklist } from '../lib/core/checklist';
import { findRule } from '../lib/core/transitions';
import type { Account, ChecklistSettings, Job, JobStatus } from '../lib/core/types';
import { t } from '../lib/i18n/t';
import { ChecklistList } from './ChecklistList';
import { Modal } from './Modal';
import { StatusBadge } from './StatusBadge';

export interface TransitionDialogProps {
  job: Job;
  account: Pick<Account, 'features' | 'invoiceSettingsComplete'>;
  target: JobStatus;
  now: Date;
  checklist?: ChecklistSettings;
  onConfirm: () => void;
  onCancel: () => void;
  /** While the change is being sent: the buttons are inert. */
  busy?: boolean;
}

/**
 * The confirmation before a status change: the go-live checklist before selling, the prepay
 * checklist before prepay, and what customers lose before archiving or going back to planning.
 * A checklist is a guide, never a gate: the user can always go ahead ("… anyway").
 */
export function TransitionDialog({ job, account, target, now, checklist, onConfirm, onCancel, busy }: TransitionDialogProps) {
  const titleId = useId();
  const bodyId = useId();
  const kind = checklistKindFor(target);
  const result = kind ? evaluateChecklist(kind, job, account, now, checklist) : null;
  const blocked = result !== null && result.criticalMissing > 0;
  const reactivation = findRule(job.status, target)?.reactivation === true;
  // Focus starts on Cancel when going ahead would hurt: critical items missing, or customers lose the shop.
  const cautious = blocked || target === 'archived' || target === 'planning';

  let title: string;
  let confirm: string;
  if (kind === 'go-live') {
    title = t('dialog_golive_title');
    confirm = blocked ? t('dialog_start_selling_anyway') : t('dialog_start_selling');
  } else if (kind === 'prepay') {
    title = t('dialog_prepay_title');
    confirm = blocked ? t('dialog_switch_prepay_anyway') : t('dialog_switch_prepay');
  } else if (target === 'archived') {
    title = t('dialog_archive_title');
    confirm = t('dialog_archive_confirm');
  } else {
    title = t('popup_dialog_planning_title');
    confirm = t('action_to_planning');
  }

  const critical = result?.items.filter((item) => item.severity === 'critical') ?? [];
  const recommended = result?.items.filter((item) => item.severity === 'recommended') ?? [];

  return (
    <Modal labelledBy={titleId} describedBy={bodyId} onCancel={onCancel} class="jsc-transition-dialog">
      <header class="jsc-modal__header">
        <h2 id={titleId} class="jsc-modal__title">
          {title}
        </h2>
        <p class="jsc-modal__subtitle">
          <span class="jsc-modal__job">{job.name}</span>
          <span class="jsc-modal__move">
            <StatusBadge status={job.status} compact /> <span aria-hidden="true">→</span>
            <span class="jsc-visually-hidden">{t('popup_to')}</span> <StatusBadge status={target} compact />
          </span>
        </p>
      </header>
      <div class="jsc-modal__body" id={bodyId}>
        {result && (
          <>
            {blocked ? (
              <p class="jsc-callout jsc-callout--critical" role="alert">
                {t('popup_dialog_critical_missing', result.criticalMissing)}
              </p>
            ) : result.worst === 'ok' ? (
              <p class="jsc-callout jsc-callout--ok">{t('dialog_all_passed')}</p>
            ) : null}
            {critical.length > 0 && (
              <section class="jsc-modal__section">
                <h3 class="jsc-modal__section-title">{t('severity_critical')}</h3>
                <ChecklistList items={critical} label={t('severity_critical')} />
              </section>
            )}
            {recommended.length > 0 && (
              <section class="jsc-modal__section">
                <h3 class="jsc-modal__section-title">{t('dialog_recommended_heading')}</h3>
                <ChecklistList items={recommended} label={t('dialog_recommended_heading')} />
              </section>
            )}
          </>
        )}
        {target === 'archived' && <p class="jsc-modal__text">{t('dialog_archive_body')}</p>}
        {target === 'planning' && <p class="jsc-modal__text">{t('popup_dialog_planning_body')}</p>}
        {reactivation && <p class="jsc-callout jsc-callout--info">{t('popup_dialog_reactivation_note')}</p>}
        {campaignEmailNotice(job, target) && <p class="jsc-callout jsc-callout--warning">{t('dialog_campaign_notice')}</p>}
      </div>
      <footer class="jsc-modal__footer">
        <button type="button" class="jsc-btn" onClick={onCancel} data-autofocus={cautious ? true : undefined}>
          {t('dialog_cancel')}
        </button>
        <button
          type="button"
          class={`jsc-btn ${target === 'archived' ? 'jsc-btn--danger' : blocked ? 'jsc-btn--warning' : 'jsc-btn--primary'}`}
          aria-disabled={busy ? 'true' : undefined}
          data-autofocus={cautious ? undefined : true}
          onClick={() => {
            if (!busy) onConfirm();
          }}
        >
          {confirm}
        </button>
      </footer>
    </Modal>
  );
}
