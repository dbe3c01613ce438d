import type { Pacer } from '../admin-api/pacer';
import type { BulkEntry, BulkRecord, NewActivity } from '../cache';
import type { Job } from '../core/types';
import { splitPartition } from './journal';

/**
 * The bulk being run: its journal's working copy and the in-memory schedule, with the small
 * operations on it that need nothing else (which entries go next, sleeping until woken).
 */
export interface Run {
  record: BulkRecord;
  origin: string;
  entries: Map<string, BulkEntry>;
  /** Journalled in flight by a worker that died: re-sent first, with their keys, even after a cancel. */
  orphans: string[];
  ready: string[];
  /** Backing off after a transient failure; `at` in `now()` milliseconds. */
  delayed: { id: string; at: number }[];
  inFlight: Set<string>;
  /** The admin site's rate limit as learned from its 429s; shared by every bulk on that origin. */
  pacer: Pacer;
  pausedUntil: number;
  cancelRequested: boolean;
  closed: boolean;
  /** Entries changed in memory but not yet journalled (the journal has them in flight or pending). */
  dirty: Set<string>;
  jobs: Job[];
  activity: NewActivity[];
  flushTimer: ReturnType<typeof setTimeout> | null;
  flushing: Promise<void>;
  wake: (() => void) | null;
  progressTimer: ReturnType<typeof setTimeout> | null;
  lastProgress: number;
}

export function newRun(record: BulkRecord, entries: BulkEntry[], pacerFor: (origin: string) => Pacer): Run {
  const origin = splitPartition(record.partition).origin;
  const pacer = pacerFor(origin);
  const journalled = record.state === 'paused' && record.resumeAt ? Date.parse(record.resumeAt) : 0;
  return {
    record,
    origin,
    entries: new Map(entries.map((entry) => [entry.jobId, entry])),
    orphans: entries.filter((entry) => entry.state === 'in-flight').map((entry) => entry.jobId),
    ready: entries.filter((entry) => entry.state === 'pending').map((entry) => entry.jobId),
    delayed: [],
    inFlight: new Set(),
    pacer,
    // A Retry-After given to the bulk before (cancelled while it waited) holds for this one too.
    pausedUntil: Math.max(journalled, pacer.notBefore),
    cancelRequested: false,
    closed: false,
    dirty: new Set(),
    jobs: [],
    activity: [],
    flushTimer: null,
    flushing: Promise.resolve(),
    wake: null,
    progressTimer: null,
    lastProgress: 0,
  };
}

export function canSend(run: Run, concurrency: number): boolean {
  return run.inFlight.size < concurrency && run.orphans.length + run.ready.length > 0;
}

/**
 * Moves due backoffs to the ready list, then marks in flight as many entries as both the
 * concurrency and the pacer allow: orphans first, then the ready ones in order.
 */
export function takeBatch(run: Run, now: number, concurrency: number, at: string): BulkEntry[] {
  const due = run.delayed.filter((delayed) => delayed.at <= now);
  if (due.length > 0) {
    run.delayed = run.delayed.filter((delayed) => delayed.at > now);
    run.ready.push(...due.map(({ id }) => id));
  }
  const batch: BulkEntry[] = [];
  // Asked only when something could go: at full use of the allowance the pacer may probe higher.
  const room = canSend(run, concurrency) ? run.pacer.room(now) : 0;
  while (run.inFlight.size < concurrency && batch.length < room) {
    const id = run.orphans.shift() ?? run.ready.shift();
    if (id === undefined) break;
    const entry = run.entries.get(id);
    if (!entry || (entry.state !== 'pending' && entry.state !== 'in-flight') || run.inFlight.has(id)) continue;
    const sent: BulkEntry = { ...entry, state: 'in-flight', attempt: entry.attempt + 1, updatedAt: at };
    run.entries.set(id, sent);
    run.inFlight.add(id);
    batch.push(sent);
  }
  return batch;
}

/** Resolves after `ms` (never, if null) or as soon as the run is woken. */
export function sleep(run: Run, ms: number | null): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      if (timer !== null) clearTimeout(timer);
      if (run.wake === done) run.wake = null;
      resolve();
    };
    const timer = ms === null ? null : setTimeout(done, Math.max(0, ms));
    run.wake = done;
  });
}

export function wake(run: Run): void {
  run.wake?.();
}

/** Like a stopped worker: nothing more is sent or written for this run. */
export function close(run: Run): void {
  run.closed = true;
  wake(run);
}

export function clearRunTimers(run: Run): void {
  if (run.flushTimer) clearTimeout(run.flushTimer);
  if (run.progressTimer) clearTimeout(run.progressTimer);
  run.flushTimer = null;
  run.progressTimer = null;
}
