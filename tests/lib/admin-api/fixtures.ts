import type { Job, Session } from '../../../lib/core/types';

export function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: '100123',
    name: 'Grundschule am Park — Klassenfotos 2026',
    internalName: 'GS-Park-26-K',
    organization: 'Grundschule am Park',
    jobType: 'school',
    salesMethod: 'proofing',
    status: 'planning',
    version: 3,
    updatedAt: '2026-03-01T10:15:30.123Z',
    shootDate: '2026-04-12',
    archiving: { enabled: true, deadline: '2026-06-30', delayDays: 2 },
    prepayDeadline: null,
    priceList: { id: 'pl-101', name: 'Schulfotos Standard 2026' },
    automatedCampaign: null,
    watermark: true,
    coupon: { enabled: false, deadline: null },
    photos: { uploaded: 412 },
    accessCodes: { total: 120, activated: 118 },
    loginRate: 0.42,
    ...overrides,
  };
}

export function makeSession(csrfToken = 'csrf-1'): Session {
  return {
    user: { id: 'u-1001', name: 'Dana Demo', email: 'demo@example.com', role: 'owner' },
    account: {
      id: 'acc-5001',
      name: 'Demo Photography',
      features: { prepay: true },
      invoiceSettingsComplete: true,
    },
    csrfToken,
  };
}

export interface RecordedRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
  signal: AbortSignal | undefined;
}

export type Handler = (req: RecordedRequest) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/**
 * A fetch that records every request and answers from `handler`. Each handler call is one attempt
 * as the server sees it.
 */
export function fakeFetch(handler: Handler): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req: RecordedRequest = {
      url: new URL(String(input)),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init?.credentials,
      signal: init?.signal ?? undefined,
    };
    requests.push(req);
    return handler(req);
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

/** A fake clock whose sleep returns at once but moves the clock on, and records every wait. */
export function fakeTime(start = 1_700_000_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    advance(ms: number) {
      now += ms;
    },
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
      await Promise.resolve();
      signal?.throwIfAborted();
    },
  };
}
