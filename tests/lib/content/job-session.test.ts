import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJobSession, SAVE_REVALIDATE_DELAYS_MS, type JobSessionState } from '../../../lib/content/job-session';
import type { Job } from '../../../lib/core/types';
import type { MessageType, RequestOf, ResponseOf } from '../../../lib/messaging/protocol';
import { BASE_NOW, makeAccount, makeJob } from '../core/factories';

const account = makeAccount();
const answerFor = (job: Job) => ({ job, account, checklist: {}, now: BASE_NOW.toISOString() });

function setup(handler: (type: MessageType, payload: Record<string, unknown>) => unknown) {
  const controller = new AbortController();
  const states: JobSessionState[] = [];
  const calls: { type: MessageType; payload: Record<string, unknown> }[] = [];
  const deps = {
    jobId: 'job-1',
    signal: controller.signal,
    send: vi.fn(async (type: MessageType, payload: unknown) => {
      calls.push({ type, payload: payload as Record<string, unknown> });
      return handler(type, payload as Record<string, unknown>);
    }) as unknown as <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<ResponseOf<T>>,
    refreshSiteView: vi.fn(),
    onChange: (state: JobSessionState) => void states.push(state),
    report: vi.fn(),
  };
  return { session: createJobSession(deps), deps, controller, states, calls };
}

describe('the settings page’s job session', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the cache first, then the revalidated job', async () => {
    const { session, calls, states } = setup((_type, payload) => answerFor(makeJob({ version: payload.revalidate ? 2 : 1 })));
    await session.start();
    expect(calls.map((c) => c.payload)).toEqual([{ jobId: 'job-1' }, { jobId: 'job-1', revalidate: true }]);
    expect(states.map((s) => s.data?.job.version)).toEqual([1, 2]);
    expect(session.state.data?.now).toEqual(BASE_NOW);
  });

  it('never lets an older answer overwrite a newer one', async () => {
    let releaseCache: () => void = () => {};
    const { session } = setup(async (_type, payload) => {
      if (!payload.revalidate) await new Promise<void>((resolve) => (releaseCache = resolve));
      return answerFor(makeJob({ version: payload.revalidate ? 5 : 4 }));
    });
    const cache = session.onBroadcast({ channel: 'job-status-companion/v1', event: 'jobsChanged', jobIds: null });
    await session.siteStatusChanged();
    releaseCache();
    await cache;
    await Promise.resolve();
    expect(session.state.data?.job.version).toBe(5);
  });

  it('keeps what it showed, and reports, when revalidation fails', async () => {
    const { session, deps } = setup((_type, payload) => {
      if (payload.revalidate) throw new Error('offline');
      return answerFor(makeJob());
    });
    await session.start();
    expect(session.state.data?.job.version).toBe(1);
    expect(deps.report).toHaveBeenCalledWith(expect.objectContaining({ message: 'offline' }));
  });

  it('drops the job when revalidation finds it deleted', async () => {
    const { session } = setup((_type, payload) => (payload.revalidate ? null : answerFor(makeJob())));
    await session.start();
    expect(session.state.data).toBeNull();
  });

  it('changes the status only after confirmation, with the version the user saw', async () => {
    const { session, calls, deps } = setup((type, payload) =>
      type === 'setJobStatus' ? { job: makeJob({ status: payload.to as Job['status'], version: 2 }) } : answerFor(makeJob()),
    );
    await session.start();
    session.request('selling');
    expect(session.state.dialog).toBe('selling');
    session.cancel();
    expect(session.state.dialog).toBeNull();
    expect(calls.filter((c) => c.type === 'setJobStatus')).toEqual([]);

    session.request('selling');
    const sent = session.confirm();
    expect(session.state).toMatchObject({ busy: true, notice: { kind: 'working', to: 'selling' } });
    session.cancel(); // ignored while sending
    expect(session.state.dialog).toBe('selling');
    await sent;
    expect(calls.filter((c) => c.type === 'setJobStatus').map((c) => c.payload)).toEqual([{ jobId: 'job-1', to: 'selling', expectedVersion: 1 }]);
    expect(session.state).toMatchObject({ busy: false, dialog: null, notice: { kind: 'changed', to: 'selling' } });
    expect(session.state.data?.job).toMatchObject({ status: 'selling', version: 2 });
    expect(deps.refreshSiteView).toHaveBeenCalledTimes(1);
  });

  it('shows a failure, and the admin’s job when it was a conflict', async () => {
    const newer = makeJob({ version: 7, status: 'archived' });
    const { session, deps } = setup((type) => {
      if (type === 'setJobStatus') throw Object.assign(new Error('conflict'), { error: { code: 'api', kind: 'conflict', message: 'conflict', job: newer } });
      return answerFor(makeJob());
    });
    await session.start();
    session.request('selling');
    await session.confirm();
    expect(session.state.notice).toEqual({ kind: 'failed', error: { code: 'api', kind: 'conflict', message: 'conflict', job: newer } });
    expect(session.state.data?.job).toEqual(newer);
    expect(deps.refreshSiteView).not.toHaveBeenCalled();
  });

  it('turns an unknown failure into an internal error', async () => {
    const { session } = setup((type) => {
      if (type === 'setJobStatus') throw new Error('port closed');
      return answerFor(makeJob());
    });
    await session.start();
    session.request('archived');
    await session.confirm();
    expect(session.state.notice).toEqual({ kind: 'failed', error: { code: 'internal', reason: { code: 'unexpected', params: { detail: 'port closed' } } } });
  });

  describe('after the site saved its settings', () => {
    beforeEach(() => vi.useFakeTimers());

    it('revalidates until the version moves, within a second when the save is quick', async () => {
      let server = makeJob();
      const { session, calls } = setup((_type, payload) => answerFor(payload.revalidate ? server : makeJob()));
      await session.start();
      const watching = session.siteSaved();
      await vi.advanceTimersByTimeAsync(100);
      server = makeJob({ version: 2, watermark: false });
      await vi.advanceTimersByTimeAsync(300);
      await watching;
      expect(session.state.data?.job.version).toBe(2);
      expect(calls.filter((c) => c.payload.revalidate)).toHaveLength(2); // start + one after the save
    });

    it('gives up after a few tries when nothing changed', async () => {
      const { session, calls } = setup(() => answerFor(makeJob()));
      await session.start();
      const watching = session.siteSaved();
      await vi.advanceTimersByTimeAsync(SAVE_REVALIDATE_DELAYS_MS.reduce((a, b) => a + b, 0) + 100);
      await watching;
      expect(calls.filter((c) => c.payload.revalidate)).toHaveLength(1 + SAVE_REVALIDATE_DELAYS_MS.length);
    });

    it('a second save restarts the watch instead of doubling it', async () => {
      const { session, calls } = setup(() => answerFor(makeJob()));
      await session.start();
      void session.siteSaved();
      await vi.advanceTimersByTimeAsync(100);
      void session.siteSaved();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(calls.filter((c) => c.payload.revalidate)).toHaveLength(1 + SAVE_REVALIDATE_DELAYS_MS.length);
    });

    it('stops when the run is aborted', async () => {
      const { session, calls, controller } = setup(() => answerFor(makeJob()));
      await session.start();
      void session.siteSaved();
      controller.abort();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(calls.filter((c) => c.payload.revalidate)).toHaveLength(1);
    });
  });

  it('reads the cache again on broadcasts about its job, its settings, or a first sync', async () => {
    const { session, calls } = setup(() => answerFor(makeJob()));
    const reads = () => calls.filter((c) => c.type === 'getJob').length;
    session.onBroadcast({ channel: 'job-status-companion/v1', event: 'jobsChanged', jobIds: ['other'] });
    expect(reads()).toBe(0);
    session.onBroadcast({ channel: 'job-status-companion/v1', event: 'jobsChanged', jobIds: ['job-1'] });
    expect(reads()).toBe(1);
    await vi.waitFor(() => expect(session.state.data).not.toBeNull());
    session.onBroadcast({ channel: 'job-status-companion/v1', event: 'settingsChanged', settings: {} as never });
    expect(reads()).toBe(2);
    session.onBroadcast({ channel: 'job-status-companion/v1', event: 'syncState', state: { status: 'ok' } as never });
    expect(reads()).toBe(2); // it already has the job
  });

  it('is silent once the run is over', async () => {
    const { session, states, controller } = setup(() => answerFor(makeJob()));
    controller.abort();
    await session.start();
    expect(states).toEqual([]);
  });
});
