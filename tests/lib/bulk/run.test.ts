import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../lib/admin-api/pacer';
import type { BulkEntry, BulkRecord } from '../../../lib/cache';
import { canSend, close, newRun, sleep, takeBatch } from '../../../lib/bulk/run';

const AT = '2026-12-07T10:00:00.000Z';

function record(state: BulkRecord['state'] = 'queued', resumeAt: string | null = null): BulkRecord {
  return {
    id: 'b1',
    partition: 'https://admin.example|acct-1',
    createdAt: AT,
    seq: 1,
    target: 'archived',
    includeCritical: false,
    origin: null,
    state,
    resumeAt,
  } as BulkRecord;
}

function entry(jobId: string, state: BulkEntry['state'] = 'pending', attempt = 0): BulkEntry {
  return {
    bulkId: 'b1',
    jobId,
    name: jobId,
    from: 'planning',
    to: 'archived',
    expectedVersion: 1,
    state,
    attempt,
    idempotencyKey: `key-${jobId}`,
    reason: null,
    updatedAt: AT,
  } as BulkEntry;
}

const unlimited = () => createPacer();

describe('newRun', () => {
  it('re-sends what a dead worker left in flight before anything pending, and skips the finished', () => {
    const run = newRun(record(), [entry('a'), entry('b', 'in-flight', 1), entry('c', 'done', 1), entry('d')], unlimited);
    expect(run.origin).toBe('https://admin.example');
    expect(run.orphans).toEqual(['b']);
    expect(run.ready).toEqual(['a', 'd']);
  });

  it('keeps a journalled pause', () => {
    const until = '2026-12-07T10:05:00.000Z';
    expect(newRun(record('paused', until), [], unlimited).pausedUntil).toBe(Date.parse(until));
    expect(newRun(record('running', until), [], unlimited).pausedUntil).toBe(0);
  });
});

describe('takeBatch', () => {
  it('takes no more than the concurrency, orphans first, and counts the attempt', () => {
    const run = newRun(record(), [entry('a'), entry('b'), entry('c'), entry('d', 'in-flight', 2)], unlimited);
    const batch = takeBatch(run, 0, 2, AT);
    expect(batch.map((e) => [e.jobId, e.state, e.attempt])).toEqual([
      ['d', 'in-flight', 3],
      ['a', 'in-flight', 1],
    ]);
    expect([...run.inFlight]).toEqual(['d', 'a']);
    expect(canSend(run, 2)).toBe(false);
    expect(takeBatch(run, 0, 2, AT)).toEqual([]);
  });

  it('brings a backoff back only once it is due', () => {
    const run = newRun(record(), [entry('a')], unlimited);
    run.ready = [];
    run.delayed = [{ id: 'a', at: 1_000 }];
    expect(takeBatch(run, 999, 4, AT)).toEqual([]);
    expect(takeBatch(run, 1_000, 4, AT).map((e) => e.jobId)).toEqual(['a']);
    expect(run.delayed).toEqual([]);
  });

  it('drops ids whose entry finished meanwhile (a cancel)', () => {
    const run = newRun(record(), [entry('a'), entry('b')], unlimited);
    run.entries.set('a', entry('a', 'cancelled'));
    expect(takeBatch(run, 0, 4, AT).map((e) => e.jobId)).toEqual(['b']);
  });

  it('sends nothing while the pacer has no room', () => {
    const pacer = createPacer();
    pacer.refused(pacer.sent(0), 0, 5_000);
    const run = newRun(record(), [entry('a')], () => pacer);
    expect(takeBatch(run, 10, 4, AT)).toEqual([]);
    expect(run.ready).toEqual(['a']);
  });
});

describe('sleep', () => {
  it('ends early when the run is closed', async () => {
    const run = newRun(record(), [], unlimited);
    const slept = sleep(run, null);
    close(run);
    await expect(slept).resolves.toBeUndefined();
    expect(run.closed).toBe(true);
    expect(run.wake).toBeNull();
  });
});
