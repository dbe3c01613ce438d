import type { JobStatus } from '../lib/core/types';
import { statusLabel } from './labels';

export interface StatusBadgeProps {
  status: JobStatus;
  /** Smaller type for dense lists. */
  compact?: boolean;
}

/** A job's status as a coloured label. The colour is never the only signal: the label is text. */
export function StatusBadge({ status, compact }: StatusBadgeProps) {
  return (
    <span class={`jsc-status jsc-status--${status}${compact ? ' jsc-status--compact' : ''}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}
