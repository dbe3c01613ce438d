import { browser } from 'wxt/browser';
import { reason } from '../core/reasons';
import {
  CHANNEL,
  isBroadcast,
  type BroadcastEvent,
  type MessageError,
  type MessageType,
  type RequestOf,
  type ResponseEnvelope,
  type ResponseOf,
} from './protocol';

/** A request the background answered with an error. */
export class MessageFailure extends Error {
  constructor(readonly error: MessageError) {
    // The code, for logs; the UI words the reason (components/labels.ts).
    super(error.reason.code);
    this.name = 'MessageFailure';
  }
}

/** Sends one typed request to the background and returns its data, or throws MessageFailure. */
export async function send<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  let answer: ResponseEnvelope<T> | undefined;
  try {
    answer = (await browser.runtime.sendMessage({ channel: CHANNEL, type, payload })) as ResponseEnvelope<T> | undefined;
  } catch (error) {
    console.warn('The background did not answer:', error);
    throw new MessageFailure({ code: 'internal', reason: reason('no-answer') });
  }
  if (!answer || typeof answer !== 'object') {
    throw new MessageFailure({ code: 'internal', reason: reason('no-answer') });
  }
  if (!answer.ok) throw new MessageFailure(answer.error);
  return answer.data;
}

/** A message on a channel of its own: it starts a stopped service worker, and nothing answers it. */
export const WAKE_CHANNEL = 'job-status-companion/wake';

/** Starts the background if Chromium stopped it, without asking anything of it. */
export function wakeBackground(): void {
  browser.runtime.sendMessage({ channel: WAKE_CHANNEL }).catch(() => {
    // Nobody answers a wake-up; the browser reports that as an error.
  });
}

/** Listens to the background's broadcasts until `signal` aborts. */
export function onBroadcast(handler: (event: BroadcastEvent) => void, signal: AbortSignal): void {
  const listener = (raw: unknown) => {
    if (isBroadcast(raw)) handler(raw);
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener), { once: true });
}
