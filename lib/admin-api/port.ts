import type { Job, JobStatus, NamedRef, SalesMethod, Session } from '../core/types';
import type { JobsPage } from './schemas';

export type { JobsPage };

export interface CallOptions {
  signal?: AbortSignal;
  /** Retry transient failures where that is safe (see http.ts). Default true. */
  retry?: boolean;
}

/**
 * What `patchJob` may change (the sandbox's settings form). Nested objects are partial: keys left out
 * keep their value. Catalog references are sent by id. `photos` and `accessCodes` exist for the
 * sandbox's upload and code simulations. Status changes go through `setStatus` only.
 */
export interface JobSettingsFields {
  name: string;
  internalName: string;
  organization: string;
  shootDate: string | null;
  salesMethod: SalesMethod;
  archiving: Partial<Job['archiving']>;
  prepayDeadline: string | null;
  priceList: Pick<NamedRef, 'id'> | null;
  automatedCampaign: Pick<NamedRef, 'id'> | null;
  watermark: boolean;
  coupon: Partial<Job['coupon']>;
  photos: Job['photos'];
  accessCodes: Partial<Job['accessCodes']>;
}

export interface ListJobsParams {
  limit?: number;
  cursor?: string | null;
  /** ISO timestamp; only jobs updated at or after it (and ids deleted since) are returned. */
  updatedSince?: string | null;
}

/**
 * The admin site as the background sees it (DESIGN.md §3). Every method resolves with validated data
 * or rejects with an `AdminApiError` (or the caller's abort reason when `signal` aborts).
 */
export interface AdminApi {
  getSession(opts?: CallOptions): Promise<Session>;
  listJobs(params: ListJobsParams, opts?: CallOptions): Promise<JobsPage>;
  getJob(id: string, opts?: CallOptions): Promise<Job>;
  /**
   * `idempotencyKey` is required: journal it before calling and reuse it when resuming, so a change
   * whose answer was lost is replayed by the server rather than applied twice.
   */
  setStatus(
    id: string,
    body: { status: JobStatus; expectedVersion: number },
    opts: CallOptions & { idempotencyKey: string },
  ): Promise<Job>;
  /** Without an `idempotencyKey` a failed patch is not retried, since it might already have applied. */
  patchJob(
    id: string,
    body: { expectedVersion: number } & Partial<JobSettingsFields>,
    opts?: CallOptions & { idempotencyKey?: string },
  ): Promise<Job>;
}
