// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ContentFeature } from '../../../lib/content/runner';
import { startContentFeatures, whenDomReady } from '../../../lib/content/start';

describe('startContentFeatures', () => {
  let ctx: ContentScriptContext;
  beforeEach(() => {
    vi.useFakeTimers();
    history.replaceState(null, '', '/jobs/7/settings');
    ctx = new ContentScriptContext('admin');
  });
  afterEach(() => {
    ctx.notifyInvalidated();
    vi.useRealTimers();
  });

  const tracking = () => {
    const runs: { path: string; signal: AbortSignal }[] = [];
    const feature: ContentFeature = { id: 'f', matches: () => true, init: ({ url, signal }) => void runs.push({ path: url.pathname, signal }) };
    return { runs, feature };
  };

  it('runs the matching features at once and names the page on <html>', () => {
    const { runs, feature } = tracking();
    startContentFeatures(ctx, [feature]);
    expect(runs.map((r) => r.path)).toEqual(['/jobs/7/settings']);
    expect(document.documentElement.dataset.jobStatusCompanion).toBe('new:settings:7');
  });

  it('re-runs on client-side navigation, aborting the previous run', async () => {
    const { runs, feature } = tracking();
    startContentFeatures(ctx, [feature]);
    history.pushState(null, '', '/classic/jobs');
    await vi.advanceTimersByTimeAsync(1100);
    expect(runs.map((r) => r.path)).toEqual(['/jobs/7/settings', '/classic/jobs']);
    expect(runs[0]?.signal.aborted).toBe(true);
    expect(document.documentElement.dataset.jobStatusCompanion).toBe('classic:overview');
  });

  /** The handler WXT calls for `wxt:locationchange` (announced by the Navigation API before the URL changes). */
  const locationHandler = (spy: { mock: { calls: unknown[][] } }) => {
    const call = spy.mock.calls.find(([type]) => String(type).endsWith('wxt:locationchange'));
    if (!call) throw new Error('no locationchange listener');
    return call[1] as (event: { newUrl: URL }) => void;
  };

  it('runs for an announced navigation once it lands in this document', async () => {
    const add = vi.spyOn(window, 'addEventListener');
    const { runs, feature } = tracking();
    startContentFeatures(ctx, [feature]);
    const target = new URL('/jobs/7/photos', location.href);
    locationHandler(add)({ newUrl: target });
    expect(runs).toHaveLength(1);
    history.pushState(null, '', target.pathname);
    await vi.advanceTimersByTimeAsync(30);
    expect(runs.map((r) => r.path)).toEqual(['/jobs/7/settings', '/jobs/7/photos']);
  });

  it('ignores an announced navigation that never lands here (a full page load replaces this document)', async () => {
    const add = vi.spyOn(window, 'addEventListener');
    const { runs, feature } = tracking();
    startContentFeatures(ctx, [feature]);
    locationHandler(add)({ newUrl: new URL('/classic/jobs', location.href) });
    await vi.advanceTimersByTimeAsync(900);
    expect(runs.map((r) => r.path)).toEqual(['/jobs/7/settings']);
    expect(runs[0]?.signal.aborted).toBe(false);
  });

  it('aborts everything when the content script is invalidated (extension updated or removed)', () => {
    const { runs, feature } = tracking();
    startContentFeatures(ctx, [feature]);
    ctx.notifyInvalidated();
    expect(runs[0]?.signal.aborted).toBe(true);
  });
});

describe('whenDomReady', () => {
  let ctx: ContentScriptContext;
  beforeEach(() => {
    ctx = new ContentScriptContext('admin');
  });
  afterEach(() => {
    ctx.notifyInvalidated();
    delete (document as { readyState?: unknown }).readyState;
  });
  const loading = () => Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });

  it('starts at once when the document is parsed', () => {
    const start = vi.fn();
    whenDomReady(ctx, start);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('waits for the DOM while the page is still loading (the script runs at document_start)', () => {
    loading();
    const start = vi.fn();
    whenDomReady(ctx, start);
    expect(start).not.toHaveBeenCalled();
    document.dispatchEvent(new Event('DOMContentLoaded'));
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('never starts for a content script invalidated before the DOM was ready', () => {
    loading();
    const start = vi.fn();
    whenDomReady(ctx, start);
    ctx.notifyInvalidated();
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect(start).not.toHaveBeenCalled();
  });
});
