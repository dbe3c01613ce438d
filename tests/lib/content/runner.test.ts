import { describe, expect, it, vi } from 'vitest';
import { createRunner, type ContentFeature, type FeatureRun } from '../../../lib/content/runner';

const url = (path: string) => new URL(`https://app.gotphoto.com${path}`);
const onPath = (prefix: string) => (u: URL) => u.pathname.startsWith(prefix);

function feature(id: string, matches: (u: URL) => boolean, init: ContentFeature['init'] = () => {}): ContentFeature {
  return { id, matches, init: vi.fn(init) };
}

describe('the content-script feature runner', () => {
  it('hands each feature the URL and the run’s signal', async () => {
    const f = feature('f', () => true);
    await createRunner([f], vi.fn()).navigate(url('/jobs'));
    expect(f.init).toHaveBeenCalledWith(expect.objectContaining({ url: url('/jobs'), signal: expect.any(AbortSignal), report: expect.any(Function) }));
  });

  it('starts only the features whose pages match', async () => {
    const a = feature('a', onPath('/jobs'));
    const b = feature('b', onPath('/classic'));
    const runner = createRunner([a, b], vi.fn());
    expect(await runner.navigate(url('/jobs/1/settings'))).toEqual(['a']);
    expect(a.init).toHaveBeenCalledTimes(1);
    expect(b.init).not.toHaveBeenCalled();
  });

  it('isolates a feature that throws, synchronously or later, and logs it', async () => {
    const log = vi.fn();
    const good = feature('good', () => true);
    const throwsSync = feature('sync', () => true, () => {
      throw new Error('boom');
    });
    const rejects = feature('async', () => true, async () => {
      await Promise.resolve();
      throw new Error('later');
    });
    const badMatcher: ContentFeature = {
      id: 'matcher',
      matches: () => {
        throw new Error('bad matcher');
      },
      init: vi.fn(),
    };
    const runner = createRunner([throwsSync, badMatcher, rejects, good], log);
    await expect(runner.navigate(url('/jobs'))).resolves.toEqual(['sync', 'async', 'good']);
    expect(good.init).toHaveBeenCalledTimes(1);
    expect(log.mock.calls.map(([id, error]) => [id, (error as Error).message])).toEqual([
      ['matcher', 'bad matcher'],
      ['sync', 'boom'],
      ['async', 'later'],
    ]);
  });

  it('gives each feature a reporter for errors after init, silent once the run is over', async () => {
    const log = vi.fn();
    const runs: FeatureRun[] = [];
    const runner = createRunner([feature('f', () => true, (r) => void runs.push(r))], log);
    await runner.navigate(url('/jobs'));
    runs[0]?.report(new Error('in a listener'));
    expect(log).toHaveBeenCalledWith('f', expect.objectContaining({ message: 'in a listener' }));
    await runner.navigate(url('/classic/jobs'));
    runs[0]?.report(new Error('too late'));
    expect(log).toHaveBeenCalledTimes(1);
    runs[1]?.report(new Error('current run'));
    expect(log).toHaveBeenCalledTimes(2);
  });

  it('survives a logger that throws', async () => {
    const runner = createRunner([feature('f', () => true, () => Promise.reject(new Error('x')))], () => {
      throw new Error('logger broke');
    });
    await expect(runner.navigate(url('/jobs'))).resolves.toEqual(['f']);
  });

  it('aborts the previous run on navigation and runs the matching features again', async () => {
    const signals: AbortSignal[] = [];
    const f = feature('f', () => true, ({ signal }) => void signals.push(signal));
    const runner = createRunner([f], vi.fn());
    await runner.navigate(url('/jobs/1/settings'));
    await runner.navigate(url('/jobs/1/photos'));
    expect(signals).toHaveLength(2);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    runner.stop();
    expect(signals[1]?.aborted).toBe(true);
  });

  it('does not log the failure of a run that navigation already aborted', async () => {
    const log = vi.fn();
    let fail: (error: Error) => void = () => {};
    const slow = feature('slow', onPath('/jobs/1/settings'), () => new Promise<void>((_resolve, reject) => (fail = reject)));
    const runner = createRunner([slow], log);
    const first = runner.navigate(url('/jobs/1/settings'));
    await runner.navigate(url('/jobs/1/photos'));
    fail(new Error('aborted midway'));
    await first;
    expect(log).not.toHaveBeenCalled();
  });

  it('keeps the run when only the fragment changes', async () => {
    const f = feature('f', () => true);
    const runner = createRunner([f], vi.fn());
    await runner.navigate(url('/jobs/1/settings'));
    await runner.navigate(url('/jobs/1/settings#price-list'));
    expect(f.init).toHaveBeenCalledTimes(1);
    await runner.navigate(url('/jobs/1/settings?tab=x'));
    expect(f.init).toHaveBeenCalledTimes(2);
  });

  it('runs again on the same page after stop()', async () => {
    const f = feature('f', () => true);
    const runner = createRunner([f], vi.fn());
    await runner.navigate(url('/jobs'));
    runner.stop();
    await runner.navigate(url('/jobs'));
    expect(f.init).toHaveBeenCalledTimes(2);
  });

  it('does not wait for one slow feature to start the others', async () => {
    const order: string[] = [];
    const slow = feature('slow', () => true, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('slow');
    });
    const fast = feature('fast', () => true, () => void order.push('fast'));
    await createRunner([slow, fast], vi.fn()).navigate(url('/jobs'));
    expect(order).toEqual(['fast', 'slow']);
  });
});
