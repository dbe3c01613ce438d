import { customerView, type AlmostReadyReason, type CustomerView as View } from '../lib/core/customer-view';
import type { Job } from '../lib/core/types';
import { t } from '../lib/i18n/t';
import type { MessageKey } from '../lib/i18n/catalog';
import { formatDate } from './format';
import { counted } from './labels';

export interface CustomerViewProps {
  job: Job;
  now: Date;
}

const HEADLINES: Readonly<Record<View['kind'], MessageKey>> = {
  'almost-ready': 'customer_almost_ready',
  'gallery-open': 'customer_gallery_open',
  'ordering-closed': 'customer_ordering_closed',
  archived: 'customer_archived',
  'prepay-open': 'customer_prepay_open',
  'prepay-closed': 'customer_prepay_closed',
};

const REASONS: Readonly<Record<AlmostReadyReason, MessageKey>> = {
  planning: 'popup_customer_reason_planning',
  'no-activated-codes': 'popup_customer_reason_no_codes',
  'no-photos': 'popup_customer_reason_no_photos',
};

/** The tone of the box: can customers buy right now? */
const TONES: Readonly<Record<View['kind'], 'open' | 'closed' | 'waiting'>> = {
  'almost-ready': 'waiting',
  'gallery-open': 'open',
  'ordering-closed': 'closed',
  archived: 'closed',
  'prepay-open': 'open',
  'prepay-closed': 'closed',
};

function details(view: View): string[] {
  switch (view.kind) {
    case 'almost-ready':
      return view.reasons.map((reason) => t(REASONS[reason]));
    case 'gallery-open':
    case 'prepay-open':
      if (view.deadline === null || view.daysLeft === null) return [t('popup_customer_no_deadline')];
      return [
        view.daysLeft === 0
          ? t('popup_customer_until_today', formatDate(view.deadline))
          : counted(view.daysLeft, 'popup_customer_until_one', 'popup_customer_until', formatDate(view.deadline), view.daysLeft),
      ];
    case 'ordering-closed':
    case 'prepay-closed':
      return [t('popup_customer_closed_since', formatDate(view.deadline))];
    case 'archived':
      return [];
  }
}

/** "What customers see": lib/core decides, this only words it. */
export function CustomerView({ job, now }: CustomerViewProps) {
  const view = customerView(job, now);
  const lines = details(view);
  return (
    <div class={`jsc-customer jsc-customer--${TONES[view.kind]}`} data-kind={view.kind}>
      <p class="jsc-customer__headline">{t(HEADLINES[view.kind])}</p>
      {lines.map((line) => (
        <p key={line} class="jsc-customer__detail">
          {line}
        </p>
      ))}
    </div>
  );
}
