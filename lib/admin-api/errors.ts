import { reason, type Reason } from '../core/reasons';
import type { Job } from '../core/types';

/**
 * 422 reasons. The first two answer status changes (DESIGN.md §3); the last two answer settings
 * patches (the sandbox's PATCH route). A 422 with any other reason surfaces as `server` 422.
 */
export const NOT_ALLOWED_CODES = [
  'transition_not_allowed',
  'prepay_not_enabled',
  'status_not_patchable',
  'sales_method_locked',
] as const;
export type NotAllowedCode = (typeof NOT_ALLOWED_CODES)[number];
/** Scalars only, so the details can be journalled and posted between contexts as they are. */
export type NotAllowedDetails = Record<string, string | number | boolean | null>;

/** What went wrong, as plain data; `AdminApiError` wraps one of these. */
export type AdminApiErrorDetail =
  | { kind: 'signed-out' }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  /** `job` is the server's current version, validated, so the caller can show or cache it. */
  | { kind: 'conflict'; job: Job }
  | { kind: 'not-allowed'; code: NotAllowedCode; details: NotAllowedDetails }
  /** `retryAfterMs` is null when the server sent no usable Retry-After. */
  | { kind: 'rate-limited'; retryAfterMs: number | null }
  | { kind: 'server'; status: number }
  | { kind: 'network' }
  | { kind: 'timeout' }
  /** `path` names the failing field, e.g. `jobs[3].status`, or `(body)` for unparseable JSON. */
  | { kind: 'invalid-response'; path: string };

export type AdminApiErrorKind = AdminApiErrorDetail['kind'];

type DetailOf<K extends AdminApiErrorKind> = Extract<AdminApiErrorDetail, { kind: K }>;

/**
 * The serialisable form for messages and journals. Besides the API kinds, `aborted` (the caller
 * cancelled) and `unexpected` (a bug, not a server answer) keep `toErrorInfo` total.
 */
export type ErrorInfo =
  | (AdminApiErrorDetail & { message: string; status?: number })
  | { kind: 'aborted'; message: string }
  | { kind: 'unexpected'; message: string };

type ErrorInit = AdminApiErrorDetail & { message?: string; status?: number; cause?: unknown };

export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  readonly kind: AdminApiErrorKind;
  readonly detail: AdminApiErrorDetail;
  /** HTTP status when there was a response. */
  readonly status: number | undefined;

  constructor(init: ErrorInit) {
    const { message, cause, status, ...rest } = init;
    // The default names the kind: the UI words a failure from its kind (lib/core/reasons.ts), not from this.
    super(message ?? (status === undefined ? init.kind : `${init.kind} (HTTP ${status})`), cause === undefined ? undefined : { cause });
    this.kind = init.kind;
    // `status` is both the HTTP status of any error and part of the 'server' detail.
    this.detail = (init.kind === 'server' ? { kind: 'server', status: init.status } : rest) as AdminApiErrorDetail;
    this.status = status;
  }

  get job(): Job | undefined {
    return this.detail.kind === 'conflict' ? this.detail.job : undefined;
  }
  get retryAfterMs(): number | null | undefined {
    return this.detail.kind === 'rate-limited' ? this.detail.retryAfterMs : undefined;
  }
  get path(): string | undefined {
    return this.detail.kind === 'invalid-response' ? this.detail.path : undefined;
  }
}

/** Narrows to an `AdminApiError`, optionally of one kind (then `error.detail` is that kind's). */
export function isAdminApiError<K extends AdminApiErrorKind = AdminApiErrorKind>(
  error: unknown,
  kind?: K,
): error is AdminApiError & { kind: K; detail: DetailOf<K> } {
  return error instanceof AdminApiError && (kind === undefined || error.kind === kind);
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error as { name: unknown }).name === 'AbortError'
  );
}

/**
 * Worth trying again later, unchanged. A `server` error is transient only for 5xx and 408: any other
 * 4xx would fail the same way again. Accepts an `AdminApiError` or an `ErrorInfo` that crossed a
 * message boundary.
 */
export function isTransient(error: unknown): boolean {
  // The detail carries a server error's status; an ErrorInfo has it beside the kind.
  const info = error instanceof AdminApiError ? error.detail : error;
  if (typeof info !== 'object' || info === null || !('kind' in info)) return false;
  switch ((info as { kind: unknown }).kind) {
    case 'network':
    case 'timeout':
    case 'invalid-response':
    case 'rate-limited':
      return true;
    case 'server': {
      const status = (info as { status?: unknown }).status;
      return typeof status !== 'number' || status >= 500 || status === 408;
    }
    default:
      return false;
  }
}

const MAX_MESSAGE = 500;

/** Plain, structured-clone and JSON safe; never throws. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AdminApiError) {
    return error.status === undefined
      ? { ...error.detail, message: error.message }
      : { ...error.detail, message: error.message, status: error.status };
  }
  if (isAbortError(error)) return { kind: 'aborted', message: 'Cancelled.' };
  return { kind: 'unexpected', message: unexpectedMessage(error) };
}

/** A bug's own words, short; never throws (a value's toString may). */
function unexpectedMessage(error: unknown): string {
  try {
    return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, MAX_MESSAGE);
  } catch {
    return 'Unknown error';
  }
}

/**
 * What the UI is told about a failure: the API error's kind (and HTTP status for `server`), or
 * for anything else a bug's own message as technical detail.
 */
export function failureReason(error: unknown): Reason {
  if (error instanceof AdminApiError) {
    const detail = error.detail;
    if (detail.kind === 'server') return reason('api', { kind: 'server', status: detail.status });
    if (detail.kind === 'invalid-response') return reason('api', { kind: detail.kind, path: detail.path });
    return reason('api', { kind: detail.kind });
  }
  if (isAbortError(error)) return reason('api', { kind: 'aborted' });
  return reason('unexpected', { detail: unexpectedMessage(error) });
}
