/**
 * Everything the sandbox remembers: accounts and their jobs, sessions, the monotonic clock,
 * idempotency answers, injected faults and statistics. The HTTP layer (api.ts, pages.ts,
 * controls.ts) is a thin shell over this.
 */
import { randomBytes } from 'node:crypto';
import type { Account, Job, JobStatus, SessionUser } from '../lib/core/types';
import { generateJobs, mulberry32 } from './seed';
import { JobStore } from './store';

export interface SandboxOptions {
  jobs?: number;
  seed?: number;
  latencyMs?: number;
  failRate?: number;
  rateLimit?: number;
  prepay?: boolean;
  testControls?: boolean;
}

export interface Faults {
  /** Delay before every /api/v1 answer. */
  latencyMs: number;
  /** Fraction of /api/v1 requests answered 500/502/503 before anything is applied. */
  failRate: number;
  /** Requests per second per session (fixed 1-second windows); 0 = unlimited. */
  rateLimit: number;
  /** Fraction processed (and remembered for idempotency) but never answered. */
  hangRate: number;
  /** Fraction processed, then answered 200 with broken JSON. */
  malformedRate: number;
  /** Fraction processed, then answered 200 with valid JSON that breaks the Job schema. */
  schemaBreakRate: number;
  /** Jobs the session may not change (403 `{error:'forbidden'}`). */
  forbidJobIds: string[];
}

export const FAULT_KINDS = [
  'latency',
  'error5xx',
  'rateLimited',
  'hang',
  'malformed',
  'schemaBreak',
  'forbidden',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SandboxStats {
  requests: { total: number; byRoute: Record<string, number> };
  /** Applied status changes per job through POST /api/v1/jobs/:id/status; replays are not counted. */
  statusChanges: Record<string, number>;
  faultsServed: Record<FaultKind, number>;
}

export type AccountKey = 'demo' | 'other';
export const ACCOUNT_KEYS: readonly AccountKey[] = ['demo', 'other'];

export interface AccountRecord {
  key: AccountKey;
  account: Account;
  user: SessionUser;
  password: string;
  store: JobStore;
}

export interface SessionRecord {
  sid: string;
  accountKey: AccountKey;
  csrfToken: string;
  createdAt: number;
}

export interface StoredAnswer {
  status: number;
  body: string;
  etag: string | null;
  at: number;
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export const DEMO_LOGIN = { email: 'demo@example.com', password: 'demo' } as const;
export const OTHER_LOGIN = { email: 'other@example.com', password: 'other' } as const;

function noFaults(): Faults {
  return {
    latencyMs: 0,
    failRate: 0,
    rateLimit: 0,
    hangRate: 0,
    malformedRate: 0,
    schemaBreakRate: 0,
    forbidJobIds: [],
  };
}

function emptyStats(): SandboxStats {
  const faultsServed = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  return { requests: { total: 0, byRoute: {} }, statusChanges: {}, faultsServed };
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** The per-request dice, always drawn in the same number so runs are reproducible for a seed. */
export interface FaultDice {
  fail: number;
  failKind: number;
  post: number;
  variant: number;
}

export class SandboxState {
  readonly testControls: boolean;
  readonly prepay: boolean;
  jobCount: number;
  seed: number;
  faults: Faults;
  private baseFaults: Faults;
  accounts!: Record<AccountKey, AccountRecord>;
  readonly sessions = new Map<string, SessionRecord>();
  private idempotency = new Map<string, StoredAnswer>();
  private rateWindows = new Map<string, { window: number; count: number }>();
  private stats: SandboxStats = emptyStats();
  private dice: () => number;
  private lastStamp = 0;
  private readonly shutdownController = new AbortController();

  constructor(opts: SandboxOptions = {}) {
    this.testControls = opts.testControls ?? false;
    this.prepay = opts.prepay ?? true;
    this.jobCount = opts.jobs ?? 200;
    this.seed = opts.seed ?? 1;
    this.baseFaults = {
      ...noFaults(),
      latencyMs: opts.latencyMs ?? 0,
      failRate: opts.failRate ?? 0,
      rateLimit: opts.rateLimit ?? 0,
    };
    this.faults = { ...this.baseFaults, forbidJobIds: [] };
    this.dice = mulberry32(this.seed ^ 0x5eed);
    this.generate();
  }

  // ---- data -------------------------------------------------------------------------------

  private generate(): void {
    const now = new Date();
    const demoJobs = generateJobs(this.jobCount, this.seed, now, { idBase: 100_000 });
    const otherJobs = generateJobs(Math.min(this.jobCount, 50), this.seed + 1000, now, {
      idBase: 700_000,
      countries: ['DE', 'AT', 'NL'],
    });
    this.accounts = {
      demo: {
        key: 'demo',
        account: {
          id: 'acc-5001',
          name: 'Demo Photography',
          features: { prepay: this.prepay },
          invoiceSettingsComplete: true,
        },
        user: { id: 'u-1001', name: 'Dana Demo', email: DEMO_LOGIN.email, role: 'owner' },
        password: DEMO_LOGIN.password,
        store: new JobStore(demoJobs),
      },
      other: {
        key: 'other',
        account: {
          id: 'acc-5002',
          name: 'Other Studio',
          features: { prepay: false },
          invoiceSettingsComplete: false,
        },
        user: { id: 'u-2001', name: 'Olli Other', email: OTHER_LOGIN.email, role: 'owner' },
        password: OTHER_LOGIN.password,
        store: new JobStore(otherJobs),
      },
    };
    this.lastStamp = Math.max(this.lastStamp, now.getTime(), ...ACCOUNT_KEYS.map((k) => this.accounts[k].store.latestMs));
  }

  /** Regenerates all jobs, clears stats, idempotency answers, rate windows and injected faults. Sessions stay. */
  reset(opts: { jobs?: number; seed?: number } = {}): void {
    if (opts.jobs !== undefined) this.jobCount = opts.jobs;
    if (opts.seed !== undefined) this.seed = opts.seed;
    this.faults = { ...this.baseFaults, forbidJobIds: [] };
    this.idempotency.clear();
    this.rateWindows.clear();
    this.stats = emptyStats();
    this.dice = mulberry32(this.seed ^ 0x5eed);
    this.generate();
  }

  // ---- clock --------------------------------------------------------------------------------

  /** A strictly increasing timestamp for the next change: max(now, last + 1 ms). */
  nextStamp(): number {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  /** The server time for a listing: every later change gets a strictly greater `updatedAt`. */
  serverTime(): string {
    this.lastStamp = Math.max(Date.now(), this.lastStamp);
    return new Date(this.lastStamp).toISOString();
  }

  // ---- accounts and sessions ----------------------------------------------------------------

  findAccountByLogin(email: string, password: string): AccountRecord | null {
    const wanted = email.trim().toLowerCase();
    for (const key of ACCOUNT_KEYS) {
      const rec = this.accounts[key];
      if (rec.user.email === wanted && rec.password === password) return rec;
    }
    return null;
  }

  createSession(accountKey: AccountKey): SessionRecord {
    const session = { sid: randomToken(), accountKey, csrfToken: randomToken(18), createdAt: Date.now() };
    this.sessions.set(session.sid, session);
    return session;
  }

  session(sid: string | undefined): SessionRecord | null {
    return (sid && this.sessions.get(sid)) || null;
  }

  endSession(sid: string | undefined): void {
    if (sid) this.sessions.delete(sid);
  }

  /** The account a job belongs to, or null. */
  accountOfJob(id: string): AccountRecord | null {
    for (const key of ACCOUNT_KEYS) if (this.accounts[key].store.has(id)) return this.accounts[key];
    return null;
  }

  // ---- changes ----------------------------------------------------------------------------

  /** Applies `change` to a job as one new version with a fresh `updatedAt`. */
  updateJob(rec: AccountRecord, id: string, change: (job: Job) => Partial<Job>): Job | null {
    const current = rec.store.get(id);
    if (!current) return null;
    const next: Job = {
      ...current,
      ...change(current),
      id: current.id,
      version: current.version + 1,
      updatedAt: new Date(this.nextStamp()).toISOString(),
    };
    rec.store.put(next);
    return next;
  }

  setStatus(rec: AccountRecord, id: string, status: JobStatus): Job | null {
    const job = this.updateJob(rec, id, () => ({ status }));
    if (job) this.stats.statusChanges[id] = (this.stats.statusChanges[id] ?? 0) + 1;
    return job;
  }

  /** An edit made outside the extension (test control): bumps version and updatedAt. */
  externalEdit(id: string, fields: Partial<Job>): Job | null {
    const rec = this.accountOfJob(id);
    if (!rec) return null;
    const { id: _id, version: _v, updatedAt: _u, ...rest } = fields;
    return this.updateJob(rec, id, (job) => ({
      ...rest,
      // Nested objects merge, so `{archiving: {deadline}}` keeps the other archiving fields.
      ...(rest.archiving && { archiving: { ...job.archiving, ...rest.archiving } }),
      ...(rest.coupon && { coupon: { ...job.coupon, ...rest.coupon } }),
      ...(rest.photos && { photos: { ...job.photos, ...rest.photos } }),
      ...(rest.accessCodes && { accessCodes: { ...job.accessCodes, ...rest.accessCodes } }),
    }));
  }

  deleteJob(id: string): boolean {
    const rec = this.accountOfJob(id);
    if (!rec) return false;
    return rec.store.delete(id, this.nextStamp());
  }

  // ---- idempotency --------------------------------------------------------------------------

  storedAnswer(accountKey: AccountKey, key: string): StoredAnswer | null {
    const k = `${accountKey}\n${key}`;
    const hit = this.idempotency.get(k);
    if (!hit) return null;
    if (Date.now() - hit.at > IDEMPOTENCY_TTL_MS) {
      this.idempotency.delete(k);
      return null;
    }
    return hit;
  }

  /** As if the server's 24-hour idempotency window had passed for every key it holds. */
  expireIdempotency(): number {
    const count = this.idempotency.size;
    this.idempotency.clear();
    return count;
  }

  storeAnswer(accountKey: AccountKey, key: string, answer: Omit<StoredAnswer, 'at'>): void {
    this.idempotency.set(`${accountKey}\n${key}`, { ...answer, at: Date.now() });
  }

  // ---- faults -------------------------------------------------------------------------------

  setFaults(partial: Partial<Faults>): Faults {
    this.faults = { ...this.faults, ...partial, forbidJobIds: [...(partial.forbidJobIds ?? this.faults.forbidJobIds)] };
    return this.getFaults();
  }

  getFaults(): Faults {
    return { ...this.faults, forbidJobIds: [...this.faults.forbidJobIds] };
  }

  rollDice(): FaultDice {
    return { fail: this.dice(), failKind: this.dice(), post: this.dice(), variant: this.dice() };
  }

  /** Counts a request against the session's rate window; returns Retry-After seconds when over the limit. */
  rateLimited(key: string): number | null {
    const limit = this.faults.rateLimit;
    if (!(limit > 0)) return null;
    const now = Date.now();
    const window = Math.floor(now / 1000);
    let w = this.rateWindows.get(key);
    if (!w || w.window !== window) {
      w = { window, count: 0 };
      this.rateWindows.set(key, w);
    }
    w.count++;
    if (w.count <= limit) return null;
    return Math.max(1, Math.ceil(((window + 1) * 1000 - now) / 1000));
  }

  countFault(kind: FaultKind): void {
    this.stats.faultsServed[kind]++;
  }

  countRequest(route: string): void {
    this.stats.requests.total++;
    this.stats.requests.byRoute[route] = (this.stats.requests.byRoute[route] ?? 0) + 1;
  }

  getStats(): SandboxStats {
    return structuredClone(this.stats);
  }

  // ---- shutdown -----------------------------------------------------------------------------

  get closing(): boolean {
    return this.shutdownController.signal.aborted;
  }

  /** Waits `ms`, or less when the sandbox shuts down or `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.waitUntil(ms, signal);
  }

  /** Never settles by itself: only when the client goes away or the sandbox shuts down. */
  hang(signal?: AbortSignal): Promise<void> {
    return this.waitUntil(null, signal);
  }

  private waitUntil(ms: number | null, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const signals = [this.shutdownController.signal, ...(signal ? [signal] : [])];
      if (signals.some((s) => s.aborted)) return resolve();
      const done = () => {
        if (timer) clearTimeout(timer);
        for (const s of signals) s.removeEventListener('abort', done);
        resolve();
      };
      const timer = ms === null ? null : setTimeout(done, ms);
      for (const s of signals) s.addEventListener('abort', done, { once: true });
    });
  }

  shutdown(): void {
    this.shutdownController.abort();
  }
}
