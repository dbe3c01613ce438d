import * as v from 'valibot';
import { JOB_STATUSES, type Account, type ChecklistItemId, type ChecklistSettings, type Job, type JobStatus, type Severity } from '../core/types';
import type { BulkPlan } from '../core/bulk';
import type { ChecklistWorst } from '../core/checklist';
import { reason, type Reason, type StoredReason } from '../core/reasons';
import { SettingsPatchSchema, type Settings } from '../settings/settings';

/**
 * The one protocol between the UI / content scripts and the background. Each request type has
 * one valibot schema (checked before anything acts) and one response type. The sender policy
 * (policy.ts) says who may send which.
 */

const JobId = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/));
const Status = v.picklist(JOB_STATUSES);
const BulkId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const JOB_SORTS = ['updated', 'name', 'shootDate', 'archiveDeadline'] as const;
export type JobSort = (typeof JOB_SORTS)[number];

export const JobQuerySchema = v.strictObject({
  query: v.optional(v.pipe(v.string(), v.maxLength(200))),
  status: v.optional(v.nullable(Status)),
  attention: v.optional(v.boolean()),
  sort: v.optional(v.picklist(JOB_SORTS)),
  offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(20_000))),
});
export type JobQuery = v.InferOutput<typeof JobQuerySchema>;

export const RequestSchemas = {
  getJobs: JobQuerySchema,
  getJob: v.strictObject({ jobId: JobId, revalidate: v.optional(v.boolean()) }),
  /** Badge facts for the jobs listed on an overview page (no full job data). */
  getJobSummaries: v.strictObject({
    jobIds: v.pipe(v.array(JobId), v.maxLength(1000)),
    /** Sent once per page view: the background checks who is signed in (first use, a new sign-in, another account). */
    revalidate: v.optional(v.boolean()),
  }),
  getSyncState: v.strictObject({}),
  refresh: v.strictObject({ ifOlderThanMs: v.optional(v.pipe(v.number(), v.minValue(0))) }),
  setJobStatus: v.strictObject({
    jobId: JobId,
    to: Status,
    /** The version the user saw; a newer one on the server is a conflict, never overwritten. */
    expectedVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  previewBulk: v.strictObject({ jobIds: v.pipe(v.array(JobId), v.minLength(1), v.maxLength(20_000)), target: Status }),
  startBulk: v.strictObject({
    jobIds: v.pipe(v.array(JobId), v.minLength(1), v.maxLength(20_000)),
    target: Status,
    includeCritical: v.boolean(),
  }),
  getBulk: v.strictObject({ bulkId: v.optional(BulkId) }),
  cancelBulk: v.strictObject({ bulkId: BulkId }),
  retryBulk: v.strictObject({ bulkId: BulkId }),
  undoBulk: v.strictObject({ bulkId: BulkId }),
  getActivity: v.strictObject({ limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000))) }),
  getSettings: v.strictObject({}),
  setSettings: SettingsPatchSchema,
  clearCache: v.strictObject({ scope: v.picklist(['account', 'all']) }),
} as const;

export type MessageType = keyof typeof RequestSchemas;
export type RequestOf<T extends MessageType> = v.InferOutput<(typeof RequestSchemas)[T]>;
export const MESSAGE_TYPES = Object.keys(RequestSchemas) as MessageType[];

export type SyncStatus = 'never' | 'syncing' | 'ok' | 'signed-out' | 'offline' | 'error';

export interface SyncStateView {
  status: SyncStatus;
  origin: string;
  account: Account | null;
  /** ISO time of the last sync that finished without error. */
  lastSuccessAt: string | null;
  /** Records written before reasons were codes hold `message`, a sentence, instead of `reason`. */
  lastError: { kind: string; reason: Reason; at: string } | { kind: string; message: string; at: string } | null;
  jobCount: number;
}

export interface JobsResult {
  jobs: Job[];
  /** Jobs matching query + status + attention, before offset/limit. */
  total: number;
  /** Per status (and `attention`), for jobs matching the query alone. */
  counts: Record<JobStatus | 'attention' | 'all', number>;
  account: Account | null;
  /** The time the background used for checklist and attention rules (ISO). */
  now: string;
}

/** What an overview badge needs: the status and the missing checklist items, nothing else. */
export interface JobSummary {
  status: JobStatus;
  criticalMissing: number;
  boostersDone: number;
  boostersTotal: number;
  /** lib/core's verdict, for the badge colour. */
  worst: ChecklistWorst;
  missing: { id: ChecklistItemId; severity: Severity }[];
}

export type BulkJobState = 'pending' | 'in-flight' | 'done' | 'failed' | 'conflict' | 'skipped' | 'cancelled';
export type BulkState = 'queued' | 'running' | 'paused' | 'done' | 'cancelled';

export interface BulkJobResult {
  jobId: string;
  name: string;
  from: JobStatus;
  to: JobStatus;
  state: BulkJobState;
  attempt: number;
  reason: StoredReason | null;
}

export interface BulkView {
  id: string;
  createdAt: string;
  target: JobStatus;
  state: BulkState;
  /** Set while a 429 pauses the queue. */
  resumeAt: string | null;
  counts: Record<BulkJobState, number>;
  total: number;
  results: BulkJobResult[];
  /** The bulk this one retries or undoes. */
  origin: { kind: 'retry' | 'undo'; bulkId: string } | null;
  /** Paused because the site is signed in as another account: whose sign-in it waits for. */
  waitingFor: { kind: 'account'; accountName: string } | null;
}

export interface ActivityEntry {
  id: number;
  at: string;
  origin: string;
  accountId: string;
  jobId: string;
  jobName: string;
  from: JobStatus;
  to: JobStatus;
  result: 'done' | 'failed' | 'conflict';
  reason: StoredReason | null;
  bulkId: string | null;
}

export interface ResponseMap {
  getJobs: JobsResult;
  getJob: { job: Job; account: Account | null; checklist: ChecklistSettings; now: string } | null;
  getJobSummaries: { summaries: Record<string, JobSummary>; now: string };
  getSyncState: SyncStateView;
  refresh: SyncStateView;
  setJobStatus: { job: Job };
  previewBulk: BulkPlan & { now: string };
  startBulk: BulkView;
  getBulk: BulkView | null;
  cancelBulk: BulkView;
  retryBulk: BulkView;
  undoBulk: BulkView;
  getActivity: ActivityEntry[];
  getSettings: Settings;
  setSettings: Settings;
  clearCache: { cleared: number };
}

export type ResponseOf<T extends MessageType> = ResponseMap[T];

/** What crosses the wire. */
export interface RequestEnvelope<T extends MessageType = MessageType> {
  channel: typeof CHANNEL;
  type: T;
  payload: RequestOf<T>;
}

export const CHANNEL = 'job-status-companion/v1';

export type MessageErrorCode =
  | 'invalid-message'
  | 'sender-refused'
  | 'not-found'
  | 'not-allowed'
  | 'no-account'
  | 'busy'
  /** An admin API error; `kind` carries its kind (signed-out, conflict, rate-limited…). */
  | 'api'
  | 'internal';

/** Never a sentence: the UI words `reason` in the user's language. */
export interface MessageError {
  code: MessageErrorCode;
  reason: Reason;
  kind?: string;
  job?: Job;
}

export type ResponseEnvelope<T extends MessageType = MessageType> =
  | { ok: true; data: ResponseOf<T> }
  | { ok: false; error: MessageError };

/** Background → pages and content scripts. */
export type BroadcastEvent =
  | { channel: typeof CHANNEL; event: 'jobsChanged'; jobIds: string[] | null }
  | { channel: typeof CHANNEL; event: 'syncState'; state: SyncStateView }
  | { channel: typeof CHANNEL; event: 'bulkProgress'; bulk: BulkView }
  | { channel: typeof CHANNEL; event: 'settingsChanged'; settings: Settings };

export function parseRequest(raw: unknown):
  | { ok: true; type: MessageType; payload: unknown }
  | { ok: false; error: MessageError } {
  if (typeof raw !== 'object' || raw === null) return invalid('(root)');
  const { channel, type, payload } = raw as Record<string, unknown>;
  if (channel !== CHANNEL) return invalid('channel');
  if (typeof type !== 'string' || !Object.hasOwn(RequestSchemas, type)) return invalid('type');
  const schema = RequestSchemas[type as MessageType];
  const result = v.safeParse(schema, payload ?? {});
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return invalid(`${type}${path ? `.${path}` : ''}`);
  }
  return { ok: true, type: type as MessageType, payload: result.output };
}

/** `detail` names what is wrong, as a path: `(root)`, `channel`, `type`, or `<type>.<field>`. */
function invalid(detail: string): { ok: false; error: MessageError } {
  return { ok: false, error: { code: 'invalid-message', reason: reason('invalid-message', { detail }) } };
}

export function isBroadcast(raw: unknown): raw is BroadcastEvent {
  return typeof raw === 'object' && raw !== null && (raw as { channel?: unknown }).channel === CHANNEL && 'event' in raw;
}
