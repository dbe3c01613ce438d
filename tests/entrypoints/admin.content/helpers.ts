/**
 * The messaging client, mocked for the content-script features: `send` answers from a handler
 * the test sets, `onBroadcast` keeps its listeners so a test can broadcast. Use with
 *   vi.mock('../../../lib/messaging/client', async () => (await import('./helpers')).clientMock());
 */
import type { BroadcastEvent, MessageType, RequestOf, ResponseOf } from '../../../lib/messaging/protocol';

export type Handler = <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<ResponseOf<T>>;

export const messaging = {
  handler: null as null | ((type: string, payload: unknown) => Promise<unknown>),
  calls: [] as { type: string; payload: unknown }[],
  listeners: new Set<(event: unknown) => void>(),
};

export function clientMock() {
  return {
    MessageFailure: class MessageFailure extends Error {
      constructor(readonly error: { code: string; message: string }) {
        super(error.message);
      }
    },
    send: (type: string, payload: unknown) => {
      messaging.calls.push({ type, payload });
      if (!messaging.handler) return Promise.reject(new Error(`no handler for ${type}`));
      return messaging.handler(type, payload);
    },
    onBroadcast: (handler: (event: unknown) => void, signal: AbortSignal) => {
      messaging.listeners.add(handler);
      signal.addEventListener('abort', () => messaging.listeners.delete(handler), { once: true });
    },
  };
}

export function answer(handler: Handler): void {
  messaging.handler = handler as (type: string, payload: unknown) => Promise<unknown>;
}

export function broadcast(event: BroadcastEvent): void {
  for (const listener of [...messaging.listeners]) listener(event);
}

export function callsOf(type: MessageType): unknown[] {
  return messaging.calls.filter((call) => call.type === type).map((call) => call.payload);
}

export function resetMessaging(): void {
  messaging.handler = null;
  messaging.calls.length = 0;
  messaging.listeners.clear();
}
