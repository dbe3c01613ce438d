import * as v from 'valibot';
import {
  JOB_STATUSES,
  SALES_METHODS,
  type Account,
  type Job,
  type Session,
} from '../core/types';
import { AdminApiError, NOT_ALLOWED_CODES, type NotAllowedCode, type NotAllowedDetails } from './errors';

/**
 * Response schemas for the admin API contract (DESIGN.md §3). Every response is checked here before
 * anything reaches the cache: a response that does not fit is an `invalid-response` error naming the
 * field, never partial data. Unknown keys are dropped rather than rejected so that the site adding a
 * field does not break the extension.
 */

/** Long enough for any real name; short enough that a hostile or runaway value cannot bloat the cache. */
export const MAX_TEXT = 500;
const MAX_ID = 200;
/** A page is at most a few hundred jobs; anything far beyond that is not a page of this contract. */
const MAX_PAGE_JOBS = 1_000;
/** deletedIds is cumulative since `updatedSince`, so it may be long after a long offline period. */
const MAX_DELETED_IDS = 100_000;
const MAX_ISSUE_MESSAGE = 200;

const text = v.pipe(v.string(), v.maxLength(MAX_TEXT));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID));
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

// Month and day ranges are in the regex so that "2024-13-45" fails here rather than as NaN later.
const DATE = String.raw`\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])`;
const TIME = String.raw`(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?`;
const ZONE = String.raw`(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)`;
export const ISO_TIMESTAMP_RE = new RegExp(`^${DATE}T${TIME}${ZONE}$`);
/** Calendar date (`YYYY-MM-DD`) or full timestamp, as lib/core/types.ts documents for job dates. */
export const ISO_DATE_OR_TIMESTAMP_RE = new RegExp(`^${DATE}(?:T${TIME}${ZONE})?$`);

const timestamp = v.pipe(v.string(), v.maxLength(64), v.regex(ISO_TIMESTAMP_RE, 'invalid ISO timestamp'));
const dateOrTimestamp = v.pipe(
  v.string(),
  v.maxLength(64),
  v.regex(ISO_DATE_OR_TIMESTAMP_RE, 'invalid ISO date'),
);

const namedRef = v.object({ id, name: text });

export const JobSchema = v.object({
  id,
  name: text,
  internalName: text,
  organization: text,
  jobType: text,
  salesMethod: v.picklist(SALES_METHODS),
  status: v.picklist(JOB_STATUSES),
  version: count,
  updatedAt: timestamp,
  shootDate: v.nullable(dateOrTimestamp),
  archiving: v.object({
    enabled: v.boolean(),
    deadline: v.nullable(dateOrTimestamp),
    delayDays: v.nullable(count),
  }),
  prepayDeadline: v.nullable(dateOrTimestamp),
  priceList: v.nullable(namedRef),
  automatedCampaign: v.nullable(namedRef),
  watermark: v.boolean(),
  coupon: v.object({ enabled: v.boolean(), deadline: v.nullable(dateOrTimestamp) }),
  photos: v.object({ uploaded: count }),
  accessCodes: v.object({ total: count, activated: count }),
  loginRate: v.pipe(v.number(), v.finite(), v.minValue(0)),
});

export const AccountSchema = v.object({
  id,
  name: text,
  features: v.object({ prepay: v.boolean() }),
  invoiceSettingsComplete: v.boolean(),
});

export const SessionSchema = v.object({
  user: v.object({ id, name: text, email: text, role: text }),
  account: AccountSchema,
  csrfToken: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT)),
});

export const JobsPageSchema = v.object({
  jobs: v.pipe(v.array(JobSchema), v.maxLength(MAX_PAGE_JOBS)),
  deletedIds: v.pipe(v.array(id), v.maxLength(MAX_DELETED_IDS)),
  nextCursor: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TEXT))),
  serverTime: timestamp,
});

export const ConflictBodySchema = v.object({
  error: v.literal('version_conflict'),
  job: JobSchema,
});

const NotAllowedEnvelope = v.looseObject({ error: v.picklist(NOT_ALLOWED_CODES) });

export interface NotAllowedBody {
  error: NotAllowedCode;
  details: NotAllowedDetails;
}

/** The server's 403 reason when our CSRF token is stale; any other 403 is a real refusal. */
export const CsrfErrorSchema = v.object({ error: v.literal('csrf') });

export type JobsPage = v.InferOutput<typeof JobsPageSchema>;

// Compile-time guard: the schemas and lib/core's types must describe exactly the same shapes, so a
// field added to one and not the other fails the type check instead of drifting silently.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type _JobSchemaMatchesCore = Assert<Equals<v.InferOutput<typeof JobSchema>, Job>>;
export type _SessionSchemaMatchesCore = Assert<Equals<v.InferOutput<typeof SessionSchema>, Session>>;
export type _AccountSchemaMatchesCore = Assert<Equals<v.InferOutput<typeof AccountSchema>, Account>>;

/** `jobs[3].status` from valibot's issue path; `(root)` when the whole value is wrong. */
export function formatIssuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key: unknown = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(root)';
}

function truncate(message: string, max: number): string {
  return message.length <= max ? message : `${message.slice(0, max - 1)}…`;
}

export function invalidResponse(path: string, reason: string, status?: number): AdminApiError {
  return new AdminApiError({
    kind: 'invalid-response',
    path,
    status,
    message: truncate(`${path}: ${reason}`, MAX_TEXT),
  });
}

/**
 * Validates `input` against `schema`. Returns the stripped output or throws `invalid-response` naming
 * the first failing field; it never throws anything else, whatever `input` is.
 */
export function parseWith<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  status?: number,
): v.InferOutput<TSchema> {
  // abortEarly: the first issue is all we report, and a 1,000-job page should not collect thousands.
  const result = v.safeParse(schema, input, { abortEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw invalidResponse(formatIssuePath(issue), truncate(issue.message, MAX_ISSUE_MESSAGE), status);
}

export const parseJob = (input: unknown, status?: number): Job => parseWith(JobSchema, input, status);
export const parseSession = (input: unknown, status?: number): Session =>
  parseWith(SessionSchema, input, status);
export const parseJobsPage = (input: unknown, status?: number): JobsPage =>
  parseWith(JobsPageSchema, input, status);
export const parseConflictBody = (input: unknown, status?: number): { error: 'version_conflict'; job: Job } =>
  parseWith(ConflictBodySchema, input, status);

export function parseNotAllowedBody(input: unknown, status?: number): NotAllowedBody {
  const { error, ...rest } = parseWith(NotAllowedEnvelope, input, status);
  const details: NotAllowedDetails = {};
  let kept = 0;
  for (const [key, value] of Object.entries(rest)) {
    // Only scalars survive: details end up in journals and messages, which must stay small and
    // plainly serialisable whatever the server sends.
    if (kept >= 20 || key.length > 64 || key === '__proto__') continue;
    if (typeof value === 'string') details[key] = truncate(value, MAX_TEXT);
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) details[key] = value;
    else continue;
    kept++;
  }
  return { error, details };
}

export function isCsrfError(input: unknown): boolean {
  return v.is(CsrfErrorSchema, input);
}
