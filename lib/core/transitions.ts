import type { Account, Job, JobStatus, SalesMethod } from './types';

/**
 * The allowed transitions of DESIGN.md §2, as data. `conditional: 'prepay'` means the
 * transition needs the account's prepay feature and a prepay / prepay+ sales method.
 * `checklist` names the checklist shown before the change.
 */
export interface TransitionRule {
  from: JobStatus;
  to: JobStatus;
  requires?: 'prepay';
  checklist?: 'go-live' | 'prepay';
  /** Archived → selling reactivates the job; customers get no new emails. */
  reactivation?: boolean;
}

export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'planning', to: 'prepay', requires: 'prepay', checklist: 'prepay' },
  { from: 'planning', to: 'selling', checklist: 'go-live' },
  { from: 'planning', to: 'archived' },
  { from: 'prepay', to: 'planning' },
  { from: 'prepay', to: 'selling', checklist: 'go-live' },
  { from: 'prepay', to: 'archived' },
  { from: 'selling', to: 'planning' },
  { from: 'selling', to: 'archived' },
  { from: 'archived', to: 'planning' },
  { from: 'archived', to: 'selling', checklist: 'go-live', reactivation: true },
];

export const PREPAY_SALES_METHODS: readonly SalesMethod[] = ['prepay', 'prepay_plus'];

export type TransitionRefusal =
  | { code: 'same-status'; status: JobStatus }
  | { code: 'not-in-table'; from: JobStatus; to: JobStatus }
  | { code: 'prepay-feature-off' }
  | { code: 'sales-method-not-prepay'; salesMethod: SalesMethod };

export function findRule(from: JobStatus, to: JobStatus): TransitionRule | undefined {
  return TRANSITIONS.find((rule) => rule.from === from && rule.to === to);
}

/** Why `job` cannot move to `to`, or null when it can. */
export function transitionRefusal(
  job: Pick<Job, 'status' | 'salesMethod'>,
  account: Pick<Account, 'features'>,
  to: JobStatus,
): TransitionRefusal | null {
  if (job.status === to) return { code: 'same-status', status: to };
  const rule = findRule(job.status, to);
  if (!rule) return { code: 'not-in-table', from: job.status, to };
  if (rule.requires === 'prepay') {
    if (!account.features.prepay) return { code: 'prepay-feature-off' };
    if (!PREPAY_SALES_METHODS.includes(job.salesMethod)) {
      return { code: 'sales-method-not-prepay', salesMethod: job.salesMethod };
    }
  }
  return null;
}

export function isTransitionAllowed(
  job: Pick<Job, 'status' | 'salesMethod'>,
  account: Pick<Account, 'features'>,
  to: JobStatus,
): boolean {
  return transitionRefusal(job, account, to) === null;
}

/** The statuses `job` may move to, in the table's order. */
export function allowedTransitions(
  job: Pick<Job, 'status' | 'salesMethod'>,
  account: Pick<Account, 'features'>,
): JobStatus[] {
  return TRANSITIONS.filter((rule) => rule.from === job.status)
    .map((rule) => rule.to)
    .filter((to) => transitionRefusal(job, account, to) === null);
}
