import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { WAKE_CHANNEL, wakeBackground } from '../../../lib/messaging/client';
import { createMessageListener } from '../../../lib/messaging/router';

describe('wakeBackground', () => {
  it('sends a message on the wake channel and lets an unanswered one pass quietly', async () => {
    const send = vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValue(new Error('The message port closed before a response was received.'));
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    wakeBackground();
    await new Promise((resolve) => setTimeout(resolve, 0));
    process.off('unhandledRejection', unhandled);
    expect(send).toHaveBeenCalledWith({ channel: WAKE_CHANNEL });
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('is left unanswered by the background: no handler runs for it', () => {
    const getJob = vi.fn();
    const listener = createMessageListener({ getJob } as never, {
      policy: async () => ({ extensionId: 'x', extensionBaseUrl: 'chrome-extension://x/', adminOrigins: [] }),
      toMessageError: () => ({ code: 'internal', reason: { code: 'unexpected', params: { detail: '' } } }),
    });
    expect(listener({ channel: WAKE_CHANNEL }, { id: 'x' })).toBeUndefined();
    expect(getJob).not.toHaveBeenCalled();
  });
});
