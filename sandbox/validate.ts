/**
 * Request-body validation for the sandbox's mutating API routes. Errors name the field, as a real
 * admin backend's 400 answers do.
 */
import { JOB_STATUSES, SALES_METHODS, type Job, type JobStatus, type NamedRef, type SalesMethod } from '../lib/core/types';
import { AUTOMATED_CAMPAIGNS, PRICE_LISTS } from './seed';

export interface FieldError {
  error: 'invalid_body';
  field: string;
  message: string;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: FieldError };

const fail = (field: string, message: string): { ok: false; error: FieldError } => ({
  ok: false,
  error: { error: 'invalid_body', field, message },
});

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d))?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isDateValue(value: unknown): value is string {
  return typeof value === 'string' && DATE_RE.test(value) && !Number.isNaN(Date.parse(value.slice(0, 10)));
}

function expectedVersionOf(body: Record<string, unknown>): Result<number> {
  if (!('expectedVersion' in body)) return fail('expectedVersion', 'required');
  if (!isCount(body.expectedVersion)) return fail('expectedVersion', 'must be a non-negative integer');
  return { ok: true, value: body.expectedVersion };
}

export function parseStatusBody(body: unknown): Result<{ status: JobStatus; expectedVersion: number }> {
  if (!isRecord(body)) return fail('(body)', 'must be a JSON object');
  if (!JOB_STATUSES.includes(body.status as JobStatus)) {
    return fail('status', `must be one of ${JOB_STATUSES.join(', ')}`);
  }
  const version = expectedVersionOf(body);
  if (!version.ok) return version;
  return { ok: true, value: { status: body.status as JobStatus, expectedVersion: version.value } };
}

/** The fields PATCH /jobs/:id accepts. */
export const PATCHABLE_FIELDS = [
  'name',
  'internalName',
  'organization',
  'shootDate',
  'salesMethod',
  'archiving',
  'prepayDeadline',
  'priceList',
  'automatedCampaign',
  'watermark',
  'coupon',
  'photos',
  'accessCodes',
] as const;
export type PatchableField = (typeof PATCHABLE_FIELDS)[number];

export interface JobPatch {
  expectedVersion: number;
  /** True when the body tried to change `status` (refused with 422 after the version check). */
  triesStatus: boolean;
  /** Applies the validated changes to a job (a pure function of the current job). */
  apply(job: Job): Partial<Job>;
  salesMethod?: SalesMethod;
}

function text(value: unknown, field: string, opts: { min: number; max: number }): Result<string> {
  if (typeof value !== 'string') return fail(field, 'must be a string');
  const trimmed = value.trim();
  if (trimmed.length < opts.min) return fail(field, 'must not be empty');
  if (trimmed.length > opts.max) return fail(field, `must be at most ${opts.max} characters`);
  return { ok: true, value: trimmed };
}

function nullableDate(value: unknown, field: string): Result<string | null> {
  if (value === null || value === '') return { ok: true, value: null };
  if (!isDateValue(value)) return fail(field, 'must be a date (YYYY-MM-DD) or null');
  return { ok: true, value };
}

function catalogRef(value: unknown, field: string, catalog: readonly NamedRef[]): Result<NamedRef | null> {
  if (value === null || value === '') return { ok: true, value: null };
  const id = typeof value === 'string' ? value : isRecord(value) ? value.id : undefined;
  if (typeof id !== 'string') return fail(field, 'must be an id, {id} or null');
  const found = catalog.find((item) => item.id === id);
  if (!found) return fail(field, `unknown id ${JSON.stringify(id).slice(0, 80)}`);
  return { ok: true, value: { ...found } };
}

function subset(value: unknown, field: string, keys: readonly string[]): Result<Record<string, unknown>> {
  if (!isRecord(value)) return fail(field, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) return fail(`${field}.${key}`, 'unknown field');
  }
  return { ok: true, value };
}

/** Validates a PATCH body; returns the changes as a function of the current job. */
export function parsePatchBody(body: unknown): Result<JobPatch> {
  if (!isRecord(body)) return fail('(body)', 'must be a JSON object');
  const version = expectedVersionOf(body);
  if (!version.ok) return version;

  const steps: ((job: Job) => Partial<Job>)[] = [];
  let triesStatus = false;
  let salesMethod: SalesMethod | undefined;
  let fieldCount = 0;

  for (const [key, value] of Object.entries(body)) {
    if (key === 'expectedVersion') continue;
    if (key === 'status') {
      triesStatus = true;
      fieldCount++;
      continue;
    }
    if (!(PATCHABLE_FIELDS as readonly string[]).includes(key)) {
      return fail(key, ['id', 'version', 'updatedAt', 'jobType', 'loginRate'].includes(key) ? 'read-only' : 'unknown field');
    }
    fieldCount++;
    const field = key as PatchableField;
    switch (field) {
      case 'name': {
        const r = text(value, field, { min: 1, max: 200 });
        if (!r.ok) return r;
        steps.push(() => ({ name: r.value }));
        break;
      }
      case 'internalName':
      case 'organization': {
        const r = text(value, field, { min: 0, max: 200 });
        if (!r.ok) return r;
        steps.push(() => ({ [field]: r.value }));
        break;
      }
      case 'shootDate':
      case 'prepayDeadline': {
        const r = nullableDate(value, field);
        if (!r.ok) return r;
        steps.push(() => ({ [field]: r.value }));
        break;
      }
      case 'salesMethod': {
        if (!SALES_METHODS.includes(value as SalesMethod)) return fail(field, `must be one of ${SALES_METHODS.join(', ')}`);
        salesMethod = value as SalesMethod;
        const method = salesMethod;
        steps.push(() => ({ salesMethod: method }));
        break;
      }
      case 'priceList':
      case 'automatedCampaign': {
        const r = catalogRef(value, field, field === 'priceList' ? PRICE_LISTS : AUTOMATED_CAMPAIGNS);
        if (!r.ok) return r;
        steps.push(() => ({ [field]: r.value }));
        break;
      }
      case 'watermark': {
        if (typeof value !== 'boolean') return fail(field, 'must be a boolean');
        steps.push(() => ({ watermark: value }));
        break;
      }
      case 'archiving': {
        const r = subset(value, field, ['enabled', 'deadline', 'delayDays']);
        if (!r.ok) return r;
        const v = r.value;
        if ('enabled' in v && typeof v.enabled !== 'boolean') return fail('archiving.enabled', 'must be a boolean');
        let deadline: string | null | undefined;
        if ('deadline' in v) {
          const d = nullableDate(v.deadline, 'archiving.deadline');
          if (!d.ok) return d;
          deadline = d.value;
        }
        if ('delayDays' in v && v.delayDays !== null && !(isCount(v.delayDays) && v.delayDays <= 3)) {
          return fail('archiving.delayDays', 'must be 0–3 or null (do not archive automatically)');
        }
        steps.push((job) => ({
          archiving: {
            enabled: 'enabled' in v ? (v.enabled as boolean) : job.archiving.enabled,
            deadline: deadline !== undefined ? deadline : job.archiving.deadline,
            delayDays: 'delayDays' in v ? (v.delayDays as number | null) : job.archiving.delayDays,
          },
        }));
        break;
      }
      case 'coupon': {
        const r = subset(value, field, ['enabled', 'deadline']);
        if (!r.ok) return r;
        const v = r.value;
        if ('enabled' in v && typeof v.enabled !== 'boolean') return fail('coupon.enabled', 'must be a boolean');
        let deadline: string | null | undefined;
        if ('deadline' in v) {
          const d = nullableDate(v.deadline, 'coupon.deadline');
          if (!d.ok) return d;
          deadline = d.value;
        }
        steps.push((job) => ({
          coupon: {
            enabled: 'enabled' in v ? (v.enabled as boolean) : job.coupon.enabled,
            deadline: deadline !== undefined ? deadline : job.coupon.deadline,
          },
        }));
        break;
      }
      case 'photos': {
        const r = subset(value, field, ['uploaded']);
        if (!r.ok) return r;
        if (!isCount(r.value.uploaded)) return fail('photos.uploaded', 'must be a non-negative integer');
        const uploaded = r.value.uploaded;
        steps.push(() => ({ photos: { uploaded } }));
        break;
      }
      case 'accessCodes': {
        const r = subset(value, field, ['total', 'activated']);
        if (!r.ok) return r;
        const v = r.value;
        if ('total' in v && !isCount(v.total)) return fail('accessCodes.total', 'must be a non-negative integer');
        if ('activated' in v && !isCount(v.activated)) return fail('accessCodes.activated', 'must be a non-negative integer');
        steps.push((job) => {
          const total = 'total' in v ? (v.total as number) : job.accessCodes.total;
          const activated = Math.min(total, 'activated' in v ? (v.activated as number) : job.accessCodes.activated);
          return { accessCodes: { total, activated } };
        });
        break;
      }
    }
  }
  if (fieldCount === 0) return fail('(body)', 'no fields to change');

  return {
    ok: true,
    value: {
      expectedVersion: version.value,
      triesStatus,
      salesMethod,
      apply: (job) => steps.reduce<Partial<Job>>((acc, step) => ({ ...acc, ...step({ ...job, ...acc }) }), {}),
    },
  };
}

/** Loose check for the test-control edit route: known keys, right primitive types. */
export function parseExternalEdit(body: unknown): Result<Partial<Job>> {
  if (!isRecord(body)) return fail('(body)', 'must be a JSON object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'id' || key === 'version' || key === 'updatedAt') continue;
    if (key === 'status') {
      if (!JOB_STATUSES.includes(value as JobStatus)) return fail('status', 'unknown status');
    } else if (key === 'salesMethod') {
      if (!SALES_METHODS.includes(value as SalesMethod)) return fail('salesMethod', 'unknown sales method');
    } else if (['name', 'internalName', 'organization', 'jobType'].includes(key)) {
      if (typeof value !== 'string') return fail(key, 'must be a string');
    } else if (key === 'watermark') {
      if (typeof value !== 'boolean') return fail(key, 'must be a boolean');
    } else if (key === 'loginRate') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return fail(key, 'must be a number ≥ 0');
    } else if (['shootDate', 'prepayDeadline'].includes(key)) {
      if (value !== null && typeof value !== 'string') return fail(key, 'must be a date string or null');
    } else if (['archiving', 'coupon', 'photos', 'accessCodes'].includes(key)) {
      if (!isRecord(value)) return fail(key, 'must be an object');
    } else if (['priceList', 'automatedCampaign'].includes(key)) {
      if (value !== null && !(isRecord(value) && typeof value.id === 'string' && typeof value.name === 'string')) {
        return fail(key, 'must be {id, name} or null');
      }
    } else {
      return fail(key, 'unknown field');
    }
    out[key] = value;
  }
  return { ok: true, value: out as Partial<Job> };
}
