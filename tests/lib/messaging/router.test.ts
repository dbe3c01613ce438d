import { describe, expect, it, vi } from 'vitest';
import { createMessageListener, HandlerError, type Handlers } from '../../../lib/messaging/router';
import { CHANNEL, MESSAGE_TYPES } from '../../../lib/messaging/protocol';

const policy = () => ({ extensionId: 'ourext', extensionBaseUrl: 'chrome-extension://ourext/', adminOrigins: ['https://app.gotphoto.com'] });
const popup = { id: 'ourext', url: 'chrome-extension://ourext/popup.html', origin: 'chrome-extension://ourext' };
const ownPage = { id: 'ourext', url: 'https://app.gotphoto.com/jobs/42/settings', origin: 'https://app.gotphoto.com', tab: { id: 1 }, frameId: 0 };

function spyHandlers() {
  const handlers = Object.fromEntries(MESSAGE_TYPES.map((t) => [t, vi.fn(async () => ({ handled: t }))])) as unknown as Handlers;
  return handlers;
}

describe('message router', () => {
  it('answers a valid request from an allowed sender with the handler data', async () => {
    const handlers = spyHandlers();
    const listener = createMessageListener(handlers, { policy });
    const answer = await listener({ channel: CHANNEL, type: 'getJob', payload: { jobId: '42' } }, ownPage);
    expect(answer).toEqual({ ok: true, data: { handled: 'getJob' } });
    expect(handlers.getJob).toHaveBeenCalledWith({ jobId: '42' }, expect.objectContaining({ kind: 'content-script' }));
  });

  it('never calls a handler for a refused sender (fails closed)', async () => {
    const handlers = spyHandlers();
    const onRefused = vi.fn();
    const listener = createMessageListener(handlers, { policy, onRefused });
    const answer = await listener({ channel: CHANNEL, type: 'setJobStatus', payload: { jobId: '43', to: 'archived', expectedVersion: 2 } }, ownPage);
    expect(answer).toMatchObject({ ok: false, error: { code: 'sender-refused' } });
    expect(handlers.setJobStatus).not.toHaveBeenCalled();
    expect(onRefused).toHaveBeenCalledOnce();
  });

  it('refuses a sender without an origin before any handler runs, even one claiming the popup URL', async () => {
    const handlers = spyHandlers();
    const onRefused = vi.fn();
    const listener = createMessageListener(handlers, { policy, onRefused });
    const claimsPopup = { id: 'ourext', url: 'chrome-extension://ourext/popup.html' };
    const answer = await listener({ channel: CHANNEL, type: 'startBulk', payload: { jobIds: ['42'], target: 'archived', includeCritical: true } }, claimsPopup);
    expect(answer).toMatchObject({ ok: false, error: { code: 'sender-refused', reason: { code: 'sender-refused' } } });
    // Why, for the log; the page only learns that it was refused.
    expect(onRefused).toHaveBeenCalledWith('startBulk', 'no-origin', claimsPopup);
    expect(handlers.startBulk).not.toHaveBeenCalled();
  });

  it('refuses a content script whose URL names a job on another origin than the one the browser reports', async () => {
    const handlers = spyHandlers();
    const listener = createMessageListener(handlers, { policy });
    const spoofed = { ...ownPage, origin: 'https://evil.example' };
    const answer = await listener({ channel: CHANNEL, type: 'getJob', payload: { jobId: '42' } }, spoofed);
    expect(answer).toMatchObject({ ok: false, error: { code: 'sender-refused' } });
    expect(handlers.getJob).not.toHaveBeenCalled();
  });

  it('passes the handler the kind it classified, popup included', async () => {
    const handlers = spyHandlers();
    const listener = createMessageListener(handlers, { policy });
    expect(await listener({ channel: CHANNEL, type: 'getBulk', payload: {} }, popup)).toEqual({ ok: true, data: { handled: 'getBulk' } });
    expect(handlers.getBulk).toHaveBeenCalledWith({}, { kind: 'popup' });
  });

  it('never calls a handler for an invalid payload', async () => {
    const handlers = spyHandlers();
    const listener = createMessageListener(handlers, { policy });
    const answer = await listener({ channel: CHANNEL, type: 'startBulk', payload: { jobIds: [], target: 'archived', includeCritical: false } }, popup);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    expect(handlers.startBulk).not.toHaveBeenCalled();
  });

  it('leaves messages of other channels and broadcasts to other listeners', () => {
    const listener = createMessageListener(spyHandlers(), { policy });
    expect(listener({ hello: 1 }, popup)).toBeUndefined();
    expect(listener({ channel: CHANNEL, event: 'jobsChanged', jobIds: null }, popup)).toBeUndefined();
  });

  it('turns handler failures into error answers', async () => {
    const handlers = spyHandlers();
    handlers.getJobs = vi.fn(async () => {
      throw new HandlerError('no-account', { code: 'no-account' });
    });
    handlers.getSyncState = vi.fn(async () => {
      throw new Error('boom');
    });
    const listener = createMessageListener(handlers, { policy });
    expect(await listener({ channel: CHANNEL, type: 'getJobs', payload: {} }, popup)).toEqual({
      ok: false,
      error: { code: 'no-account', reason: { code: 'no-account' } },
    });
    expect(await listener({ channel: CHANNEL, type: 'getSyncState', payload: {} }, popup)).toEqual({
      ok: false,
      error: { code: 'internal', reason: { code: 'unexpected', params: { detail: 'boom' } } },
    });
  });
});
