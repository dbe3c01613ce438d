import { reason, type Reason } from '../core/reasons';
import { classifySender, policyRefusal, type PolicyContext, type SenderInfo, type SenderKind } from './policy';
import {
  CHANNEL,
  parseRequest,
  type MessageError,
  type MessageType,
  type RequestOf,
  type ResponseEnvelope,
  type ResponseOf,
} from './protocol';

export type Handlers = {
  [T in MessageType]: (payload: RequestOf<T>, sender: SenderKind) => Promise<ResponseOf<T>>;
};

/** A failure a handler reports on purpose, with a code the UI understands. */
export class HandlerError extends Error {
  constructor(
    readonly code: MessageError['code'],
    readonly reason: Reason,
    readonly extra: Omit<MessageError, 'code' | 'reason'> = {},
  ) {
    super(reason.code);
  }
}

export interface RouterOptions {
  policy: () => PolicyContext | Promise<PolicyContext>;
  /** Maps anything a handler throws to a MessageError (API errors included). */
  toMessageError?: (error: unknown) => MessageError;
  onRefused?: (type: string, reason: string, sender: SenderInfo) => void;
}

/**
 * The background's one message listener: schema check, then sender check, then the handler.
 * Messages on other channels get `undefined`, so they are left for other listeners.
 */
export function createMessageListener(handlers: Handlers, options: RouterOptions) {
  return (raw: unknown, sender: SenderInfo): Promise<ResponseEnvelope> | undefined => {
    if (typeof raw !== 'object' || raw === null || (raw as { channel?: unknown }).channel !== CHANNEL) return undefined;
    if ('event' in raw) return undefined;
    return handle(raw, sender);
  };

  async function handle(raw: unknown, sender: SenderInfo): Promise<ResponseEnvelope> {
    const parsed = parseRequest(raw);
    if (!parsed.ok) {
      options.onRefused?.('?', parsed.error.reason.code, sender);
      return parsed;
    }
    const kind = classifySender(sender, await options.policy());
    const refusal = policyRefusal(parsed.type, parsed.payload, kind);
    if (refusal) {
      options.onRefused?.(parsed.type, refusal, sender);
      return { ok: false, error: { code: 'sender-refused', reason: reason('sender-refused') } };
    }
    try {
      const handler = handlers[parsed.type] as (payload: unknown, sender: SenderKind) => Promise<unknown>;
      const data = await handler(parsed.payload, kind);
      return { ok: true, data } as ResponseEnvelope;
    } catch (error) {
      return { ok: false, error: toError(error, options) };
    }
  }
}

function toError(error: unknown, options: RouterOptions): MessageError {
  if (error instanceof HandlerError) return { code: error.code, reason: error.reason, ...error.extra };
  if (options.toMessageError) return options.toMessageError(error);
  return { code: 'internal', reason: reason('unexpected', { detail: error instanceof Error ? error.message : String(error) }) };
}
