import { checklistSummary } from '../../lib/core/checklist';
import { customerView } from '../../lib/core/customer-view';
import type { Account, ChecklistSettings, Job } from '../../lib/core/types';
import { t } from '../../lib/i18n/t';
import { ChecklistSummaryBadge } from '../../components/ChecklistSummaryBadge';
import { StatusBadge } from '../../components/StatusBadge';

export const ROW_HEIGHT = 68;

export interface JobRowProps {
  job: Job;
  index: number;
  total: number;
  top: number;
  selected: boolean;
  active: boolean;
  account: Account | null;
  now: Date;
  checklist: ChecklistSettings;
  /** `range`: extend the selection from the last clicked row (shift). */
  onToggle: (job: Job, index: number, range: boolean) => void;
  onOpen: (job: Job, index: number) => void;
  onFocus: (index: number) => void;
}

/** The shop's countdown, as lib/core words it for customers, shortened for a row. */
function countdown(job: Job, now: Date): { text: string; tone: 'warning' | 'critical' } | null {
  const view = customerView(job, now);
  if (view.kind === 'ordering-closed') return { text: t('popup_row_closed'), tone: 'critical' };
  if (view.kind !== 'gallery-open' || !view.countdown || view.daysLeft === null) return null;
  if (view.daysLeft === 0) return { text: t('popup_row_closes_today'), tone: 'critical' };
  if (view.daysLeft === 1) return { text: t('popup_row_closes_tomorrow'), tone: 'warning' };
  return { text: t('popup_row_closes_in', view.daysLeft), tone: 'warning' };
}

/** One job in the list: a multi-select option (Space selects, Enter opens). */
export function JobRow(props: JobRowProps) {
  const { job, index, total, top, selected, active, account, now, checklist } = props;
  const summary = account ? checklistSummary(job, account, now, checklist) : null;
  const closing = countdown(job, now);
  return (
    <div
      role="option"
      id={`job-row-${index}`}
      class={`pop-row${selected ? ' pop-row--selected' : ''}${active ? ' pop-row--active' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: `${ROW_HEIGHT}px` }}
      aria-selected={selected ? 'true' : 'false'}
      aria-setsize={total}
      aria-posinset={index + 1}
      tabIndex={active ? 0 : -1}
      data-index={index}
      data-job-id={job.id}
      onFocus={() => props.onFocus(index)}
      onClick={(event) => {
        if (event.shiftKey) props.onToggle(job, index, true);
        else if (event.metaKey || event.ctrlKey) props.onToggle(job, index, false);
        else props.onOpen(job, index);
      }}
    >
      <span
        class="pop-row__check"
        aria-hidden="true"
        data-checked={selected ? 'true' : 'false'}
        onClick={(event) => {
          event.stopPropagation();
          props.onToggle(job, index, event.shiftKey);
        }}
      >
        <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
          <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
      </span>
      <span class="pop-row__main">
        <span class="pop-row__line">
          <span class="pop-row__name">{job.name}</span>
          <StatusBadge status={job.status} compact />
        </span>
        <span class="pop-row__line pop-row__meta">
          <span class="pop-row__org">{job.organization}</span>
          <span class="pop-row__id">{job.id}</span>
        </span>
        <span class="pop-row__line pop-row__facts">
          {summary ? <ChecklistSummaryBadge summary={summary} /> : <span />}
          {closing && <span class={`pop-row__countdown pop-row__countdown--${closing.tone}`}>{closing.text}</span>}
        </span>
      </span>
    </div>
  );
}

/** A row whose job is still on its way from the background. */
export function PlaceholderRow({ index, top }: { index: number; top: number }) {
  return (
    <div class="pop-row pop-row--placeholder" style={{ transform: `translateY(${top}px)`, height: `${ROW_HEIGHT}px` }} data-index={index} aria-hidden="true">
      <span class="pop-row__check" />
      <span class="pop-row__main">
        <span class="pop-skeleton" style={{ width: '60%' }} />
        <span class="pop-skeleton" style={{ width: '40%' }} />
        <span class="pop-skeleton" style={{ width: '30%' }} />
      </span>
    </div>
  );
}
