import { daysUntil, isPast, parseJobDate } from './dates';
import type { Job } from './types';

/**
 * What a customer with a valid access code sees for a job right now (DESIGN.md §2, "What
 * customers see"), for support agents. A pure function of the job and the time: the account
 * plays no part, because customers see the job as it is, whatever the account may do next.
 */

/** The shop shows a countdown when the archiving deadline is at most this many days away. */
export const COUNTDOWN_DAYS = 14;

export const CUSTOMER_VIEW_KINDS = [
  'almost-ready',
  'gallery-open',
  'ordering-closed',
  'archived',
  'prepay-open',
  'prepay-closed',
] as const;
export type CustomerViewKind = (typeof CUSTOMER_VIEW_KINDS)[number];

/** Why a job shows "almost ready": still in planning, or selling without what the gallery needs. */
export type AlmostReadyReason = 'planning' | 'no-activated-codes' | 'no-photos';

export type CustomerView =
  | {
      kind: 'almost-ready';
      /** One or more reasons; 'planning' alone for planning jobs. */
      reasons: AlmostReadyReason[];
      /** Customers can register to be told when the photos are online. */
      registration: true;
    }
  | {
      kind: 'gallery-open';
      /** The archiving deadline, or null when ordering never closes. */
      deadline: string | null;
      /** UTC calendar days left (0 = last day), or null without a deadline. */
      daysLeft: number | null;
      /** Whether the shop shows a countdown to the deadline. */
      countdown: boolean;
    }
  | { kind: 'ordering-closed'; deadline: string }
  | { kind: 'archived'; registration: true }
  | { kind: 'prepay-open'; deadline: string | null; daysLeft: number | null }
  | { kind: 'prepay-closed'; deadline: string };

/** English defaults; the UI translates by `kind`. */
export const CUSTOMER_VIEW_HEADLINES: Readonly<Record<CustomerViewKind, string>> = {
  'almost-ready': 'Your photos are almost ready',
  'gallery-open': 'Gallery open: ordering possible',
  'ordering-closed': 'Ordering closed',
  archived: 'Missed the sale? Your memories are safe',
  'prepay-open': 'Prepay shop open',
  'prepay-closed': 'Prepay shop closed',
};

/** An unreadable deadline counts as none (see dates.ts), so it is reported as null too. */
function readableDeadline(value: string | null): string | null {
  return parseJobDate(value) === null ? null : value;
}

export function customerView(job: Job, now: Date): CustomerView {
  switch (job.status) {
    case 'planning':
      return { kind: 'almost-ready', reasons: ['planning'], registration: true };
    case 'archived':
      return { kind: 'archived', registration: true };
    case 'prepay': {
      const deadline = readableDeadline(job.prepayDeadline);
      if (deadline !== null && isPast(deadline, now)) return { kind: 'prepay-closed', deadline };
      return { kind: 'prepay-open', deadline, daysLeft: daysUntil(deadline, now) };
    }
    case 'selling': {
      // Without activated codes and photos customers never reach the gallery, so they see
      // "almost ready" even when the deadline has passed.
      const reasons: AlmostReadyReason[] = [];
      if (job.accessCodes.activated < 1) reasons.push('no-activated-codes');
      if (job.photos.uploaded < 1) reasons.push('no-photos');
      if (reasons.length > 0) return { kind: 'almost-ready', reasons, registration: true };
      const deadline = readableDeadline(job.archiving.deadline);
      if (deadline !== null && isPast(deadline, now)) return { kind: 'ordering-closed', deadline };
      const daysLeft = daysUntil(deadline, now);
      return { kind: 'gallery-open', deadline, daysLeft, countdown: daysLeft !== null && daysLeft <= COUNTDOWN_DAYS };
    }
  }
}

export function customerViewHeadline(view: CustomerView): string {
  return CUSTOMER_VIEW_HEADLINES[view.kind];
}
