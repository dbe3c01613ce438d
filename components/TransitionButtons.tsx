import { JOB_STATUSES, type Account, type Job, type JobStatus } from '../lib/core/types';
import { transitionRefusal } from '../lib/core/transitions';
import { t } from '../lib/i18n/t';
import { actionLabel, refusalText } from './labels';

export interface TransitionButtonsProps {
  job: Pick<Job, 'status' | 'salesMethod'>;
  account: Pick<Account, 'features'>;
  onSelect: (to: JobStatus) => void;
  /** While a change is being sent, every button is inert. */
  busy?: boolean;
  /** Show only the allowed moves (where space is tight, e.g. in the admin page's banner). */
  allowedOnly?: boolean;
}

/**
 * One button per other status. Allowed moves come from lib/core; a refused one stays visible
 * and focusable (aria-disabled, not disabled) so keyboard users can still read why in its title.
 */
export function TransitionButtons({ job, account, onSelect, busy, allowedOnly }: TransitionButtonsProps) {
  const targets = JOB_STATUSES.filter((status) => status !== job.status && (!allowedOnly || transitionRefusal(job, account, status) === null));
  return (
    <div class="jsc-transitions" role="group" aria-label={t('popup_change_status')}>
      {targets.map((to) => {
        const refusal = transitionRefusal(job, account, to);
        const inert = refusal !== null || busy === true;
        const primary = to === 'selling' && refusal === null;
        return (
          <button
            key={to}
            type="button"
            class={`jsc-btn${primary ? ' jsc-btn--primary' : ''}${to === 'archived' ? ' jsc-btn--danger-outline' : ''}`}
            data-to={to}
            aria-disabled={inert ? 'true' : undefined}
            title={refusal ? refusalText(refusal) : undefined}
            onClick={() => {
              if (!inert) onSelect(to);
            }}
          >
            {actionLabel(job.status, to)}
          </button>
        );
      })}
    </div>
  );
}
